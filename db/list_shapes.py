"""Lists whose statements are compiled once per shape, a request binding only its values.

A list's shape is which conditions it has (how many subtree roots, which filters); everything
else is a parameter. A domain says how a shape's select is built (a `Build`) and what a request's
list is (a `ListQuery`: its build, shape and values); `db.pagination.paginate` then runs the
page and the count compiled on first use, so a request builds no select and generates no
cache key. On PostgreSQL a list of values is one array parameter
(`= ANY($n)`), so the text is the same whatever the list's length; SQLite has no arrays and
gets the IN list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, any_, bindparam, false, or_
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import ARRAY, TypeEngine

from db.paths import minimal_roots, upper_bound

Shape = tuple[Any, ...]
# A shape's select of the list's rows, unsliced and unordered, for a dialect's name; its
# statements are compiled and kept per dialect, shape and slice (by a module-level function's
# identity), so it must build the same select for the same arguments.
Build = Callable[[str, Shape], Select[Any]]


@dataclass(frozen=True, slots=True)
class ListQuery:
    """One request's list: which statements (`build` for `shape`) and the values bound."""

    build: Build
    shape: Shape
    values: Mapping[str, Any]


def one_of(
    dialect: str,
    column: ColumnElement[Any] | InstrumentedAttribute[Any],
    name: str,
    item: TypeEngine[Any],
) -> ColumnElement[bool]:
    """`column` is one of the list bound as `name`: an array on PostgreSQL, else an IN list."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(item)))
    return column.in_(bindparam(name, expanding=True))


def scope_values(roots: Sequence[str]) -> tuple[int, dict[str, Any]]:
    """The number of subtrees at `roots` (none inside another) and their ranges' bounds, as
    `within_scope` binds them."""
    found = minimal_roots(roots)
    values: dict[str, Any] = {}
    for at, root in enumerate(found):
        values[f"root{at}"] = root
        values[f"root{at}_end"] = upper_bound(root)
    return len(found), values


def within_scope(column: ColumnElement[str], roots: int) -> ColumnElement[bool]:
    """The column's path lies in one of `roots` subtrees bound by `scope_values`."""
    ranges = [
        and_(column >= bindparam(f"root{at}"), column < bindparam(f"root{at}_end"))
        for at in range(roots)
    ]
    if not ranges:
        return false()
    return ranges[0] if len(ranges) == 1 else or_(*ranges)


def escaped_contains(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its wildcards escaped by `LIKE_ESCAPE` (as
    SQLAlchemy's `contains(…, autoescape=True)` escapes them)."""
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return f"%{text}%"


LIKE_ESCAPE = "/"
