"""Dues 党费 on the GraphQL surface."""
