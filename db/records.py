"""Read records: small immutable dataclasses filled from Core rows, and keys matched in batches.

A read path selects exactly a record's columns (`record_columns`) and builds the record from
each row by position, so nothing is tracked: no session, no identity map, no attribute
instrumentation. A write path that holds an ORM row hands it on as a record with `record_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar, cast, dataclass_transform

from sqlalchemy import BigInteger, ColumnElement, Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import KeyedColumnElement

from db.base import Base, core_table
from db.compiled_reads import CompiledRead, compile_read, dialect_of
from db.list_shapes import one_of

R = TypeVar("R")
T = TypeVar("T")
KEYS = "keys"


@dataclass_transform(frozen_default=True)
def row_record(cls: type[T]) -> type[T]:
    """A read record's class: a slotted dataclass, equal and hashed by value, immutable to the
    type checker (mypy refuses an assignment to a field) but not guarded at run time.

    A frozen dataclass sets each field in `__init__` through `object.__setattr__`: 2 us for a
    member's twenty fields, against 0.2 us for plain slot stores, paid for every row a page
    reads."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


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


def _dialect(connection: Connectable) -> Dialect:
    if isinstance(connection, AsyncSession):
        return connection.get_bind().dialect
    return dialect_of(connection)


class ByKeys:
    """A select of the rows whose `column` is one of a batch of keys, built once per dialect
    and run with the keys as one parameter (and any others the select names).

    On PostgreSQL the keys are an array (`= ANY($1)`): an IN list is another text for each
    count, so every batch would be compiled anew and prepared again on the server. SQLite
    has no arrays and prepares nothing, so it gets the IN list. Built and compiled once, the
    statement skips what constructing a select costs on every call, and runs on the driver
    (db/compiled_reads.py).
    """

    def __init__(
        self,
        build: Callable[[ColumnElement[bool]], Executable],
        column: ColumnElement[int] | InstrumentedAttribute[int],
    ) -> None:
        self._build = build
        self._column = column
        self._built: dict[str, CompiledRead] = {}

    async def rows(
        self, connection: Connectable, keys: Sequence[int], **parameters: object
    ) -> Sequence[Any]:
        """The rows, each a tuple in the select's column order."""
        dialect = _dialect(connection).name
        read = self._built.get(dialect)
        if read is None:
            statement = self._build(one_of(dialect, self._column, KEYS, BigInteger()))
            read = self._built[dialect] = compile_read(statement, _dialect(connection))
        return await read.rows(connection, {KEYS: list(keys), **parameters})
