"""Transfers 组织关系转接: a member's relation moving between branches, or out."""
