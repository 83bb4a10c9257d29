"""Functional departments 职能部门 (条) and petition dispatches 派单 in the GraphQL surface."""
