"""Evaluation 考核评价: indicator frameworks, stored scores, star ratings."""
