"""Evaluation 考核评价: frameworks, scores, ratings, portraits."""
