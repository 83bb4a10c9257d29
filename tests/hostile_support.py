"""Hostile inputs shared by the tests that send them."""

from __future__ import annotations

LOOP_BUDGET = 0.1  # seconds of the loop's CPU in one stretch that no request may exceed


def fragment_bomb(levels: int, operation: str = "query", root: str = "Query") -> str:
    """Each fragment spreads the next twice: 2**levels fields from 758 bytes at 20 levels, as
    the issue sent it."""
    fragments = " ".join(
        f"fragment F{i} on {root}{{...F{i + 1} ...F{i + 1}}}" for i in range(levels)
    )
    return f"{operation}{{...F0}} {fragments} fragment F{levels} on {root}{{__typename}}"


def nested(depth: int) -> object:
    """A JSON value `depth` objects deep."""
    value: object = "leaf"
    for _ in range(depth):
        value = {"a": value}
    return value
