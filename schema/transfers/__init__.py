"""Transfers 组织关系转接 in the GraphQL surface."""
