"""Read records: small frozen dataclasses filled from Core rows, and keys matched in batches.

A read path selects exactly a record's columns (`record_columns`) and builds the record from
each row by position, so nothing is tracked: no session, no identity map, no attribute
instrumentation. A write path that holds an ORM row hands it on as a record with `record_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from typing import Any, TypeVar, cast

from sqlalchemy import BigInteger, ColumnElement, any_, bindparam
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import KeyedColumnElement
from sqlalchemy.types import ARRAY

from db.base import Base, core_table

R = TypeVar("R")

# Where a read function's statements run: a read connection, or a writer's session when it
# needs the same figures inside its transaction.
Connectable = AsyncConnection | AsyncSession


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def field_names(record: type[Any]) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(record)
    if names is None:
        names = _FIELD_NAMES[record] = tuple(field.name for field in fields(record))
    return names


def record_columns(record: type[Any], model: type[Base]) -> list[KeyedColumnElement[Any]]:
    """The model's table columns named by the record's fields, in the record's order."""
    table = core_table(model)
    return [table.c[name] for name in field_names(record)]


def record_of(record: Callable[..., R], row: Base) -> R:
    """A record of an ORM row (one a write path has just written)."""
    assert isinstance(record, type)
    return cast(R, record(*(getattr(row, name) for name in field_names(record))))


def records(record: Callable[..., R], rows: Iterable[Row[Any]]) -> list[R]:
    return [record(*row) for row in rows]


def key_in(
    connection: Connectable,
    column: ColumnElement[int] | InstrumentedAttribute[int],
    keys: Sequence[int],
) -> ColumnElement[bool]:
    """`column` is one of `keys`, as one statement text whatever their number.

    On PostgreSQL an array parameter (`= ANY($1)`): an IN list is a different text for each
    count, so every batch would be compiled anew and prepared again on the server. SQLite
    has no arrays and prepares nothing, so it gets the IN list.
    """
    if isinstance(connection, AsyncSession):
        dialect = connection.get_bind().dialect.name
    else:
        dialect = connection.dialect.name
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(keys), type_=ARRAY(BigInteger())))
    return column.in_(keys)
