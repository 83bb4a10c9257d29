"""Evaluation 考核评价: formulas, scoring, the batch, star ratings, portraits."""
