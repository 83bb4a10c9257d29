"""Transfers 组织关系转接: the workflow, its reads and writes, its reminder rule."""
