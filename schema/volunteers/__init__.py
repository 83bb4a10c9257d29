"""Volunteers 志愿者 on the GraphQL surface."""
