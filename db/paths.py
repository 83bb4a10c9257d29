"""Materialized paths: `/1/5/23/` names node 23 under 5 under 1; a subtree is a key range."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, false, or_
from sqlalchemy.orm import InstrumentedAttribute

SEPARATOR = "/"
# A person's inbox: where their personal events (reminders) are logged, outside every
# organisation's subtree (those start with SEPARATOR), so no organisation's scope covers it.
INBOX_PREFIX = "~"


def inbox_path(account_id: int) -> str:
    return f"{INBOX_PREFIX}{account_id}{SEPARATOR}"


def child_path(parent_path: str | None, node_id: int) -> str:
    return f"{parent_path or SEPARATOR}{node_id}{SEPARATOR}"


def path_ids(path: str) -> list[int]:
    """Ids from the root down to the node itself."""
    return [int(part) for part in path.strip(SEPARATOR).split(SEPARATOR) if part]


def ancestor_paths(path: str) -> list[str]:
    """The paths of the node's ancestors and of the node itself, root first."""
    ids = path_ids(path)
    return [SEPARATOR + SEPARATOR.join(map(str, ids[: n + 1])) + SEPARATOR for n in range(len(ids))]


def is_within(path: str, ancestor_path: str) -> bool:
    return path.startswith(ancestor_path)


def upper_bound(path: str) -> str:
    """The smallest string greater than every path that starts with `path`."""
    return path[:-1] + chr(ord(path[-1]) + 1)


def minimal_roots(paths: Iterable[str]) -> list[str]:
    """Drop every path that lies inside another one of the set."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def within_any(
    column: InstrumentedAttribute[str] | ColumnElement[str], paths: Iterable[str]
) -> ColumnElement[bool]:
    """SQL condition: the column's path lies in one of the subtrees (each an index range)."""
    return _within_any(column, tuple(minimal_roots(paths)))


# SQL expressions are immutable, and a viewer's scope is the same request after request:
# building the ranges anew cost a list page a tenth of its CPU.
@lru_cache(maxsize=4096)
def _within_any(
    column: InstrumentedAttribute[str] | ColumnElement[str], roots: tuple[str, ...]
) -> ColumnElement[bool]:
    ranges = [and_(column >= path, column < upper_bound(path)) for path in roots]
    if not ranges:
        return false()
    return ranges[0] if len(ranges) == 1 else or_(*ranges)


def intersect(scope: Iterable[str], under: str) -> list[str]:
    """The parts of `scope` that lie under `under`: `under` itself or the scope roots below it."""
    result: list[str] = []
    for root in minimal_roots(scope):
        if under.startswith(root):
            return [under]
        if root.startswith(under):
            result.append(root)
    return result
