"""Keyset pages of a Core select: stable under inserts, forwards and backwards.

Generic over what a row becomes (a record type); cursors and the checks of a client's
`first`/`after`/`last`/`before` are the resolvers' (resolvers/pagination.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import KeyedColumnElement

from db.compiled_reads import CompiledRead, compile_read, dialect_of, read_rows
from db.list_shapes import Build, ListQuery, Shape
from db.records import ByKeys

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A validated slice request: `size` rows after (forwards) or before (backwards) a key."""

    size: int
    forwards: bool
    after: int | None = None
    before: int | None = None
    rows: bool = True  # False: only the list's count is asked for, so no page is read


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    rows: Sequence[R]
    keys: Sequence[int]
    has_next_page: bool
    has_previous_page: bool


def _slice(query: Select[Any], key: ColumnElement[int], request: PageRequest) -> Select[Any]:
    if request.after is not None:
        query = query.where(key > request.after)
    if request.before is not None:
        query = query.where(key < request.before)
    return query.order_by(key.asc() if request.forwards else key.desc())


def page_of(rows: list[R], keys: list[int], request: PageRequest) -> Page[R]:
    """A page of rows read one past `request.size` in its direction, with their keys."""
    more = len(rows) > request.size
    rows, keys = rows[: request.size], keys[: request.size]
    if not request.forwards:
        rows.reverse()
        keys.reverse()
    if request.forwards:
        return Page(rows, keys, more, request.after is not None)
    return Page(rows, keys, request.before is not None, more)


async def fetch_page(
    connection: AsyncConnection,
    query: Select[Any],
    key: KeyedColumnElement[int],
    request: PageRequest,
    record: Callable[..., R],
) -> Page[R]:
    """One statement: the slice plus one row to tell whether another page follows. `query`
    selects `record`'s fields in order, `key` among them under its own name."""
    rows = await read_rows(connection, _slice(query, key, request).limit(request.size + 1))
    found = [record(*row) for row in rows]
    return page_of(found, [getattr(item, key.key) for item in found], request)


async def fetch_pages_by_partition(
    connection: AsyncConnection,
    query: Select[Any],
    key: KeyedColumnElement[int],
    partition: KeyedColumnElement[int],
    values: Sequence[int],
    request: PageRequest,
    record: Callable[..., R],
) -> dict[int, Page[R]]:
    """A page per partition value (e.g. children per parent) in one windowed statement,
    built once per query and page request (the values are its one parameter)."""
    grouped: dict[int, list[R]] = {value: [] for value in values}
    for row in await _partitioned(query, key, partition, request).rows(connection, values):
        item = record(*row)
        grouped[getattr(item, partition.key)].append(item)
    return {
        value: page_of(items, [getattr(item, key.key) for item in items], request)
        for value, items in grouped.items()
    }


@lru_cache(maxsize=256)
def _partitioned(
    query: Select[Any],
    key: KeyedColumnElement[int],
    partition: KeyedColumnElement[int],
    request: PageRequest,
) -> ByKeys:
    order = key.asc() if request.forwards else key.desc()

    def build(values: ColumnElement[bool]) -> Select[Any]:
        ranked = (
            _slice(query.where(values), key, request)
            .order_by(None)
            .add_columns(
                func.row_number().over(partition_by=partition, order_by=order).label("position")
            )
            .subquery()
        )
        columns = list(ranked.c)[:-1]  # the query's, without `position`
        return (
            select(*columns)
            .where(ranked.c.position <= request.size + 1)
            .order_by(ranked.c[partition.key], ranked.c.position)
        )

    return ByKeys(build, partition)


async def count_rows(connection: AsyncConnection, query: Select[Any]) -> int:
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    rows = await read_rows(connection, counted)
    return int(rows[0][0] or 0) if rows else 0


@lru_cache(maxsize=512)
def _shaped_page(
    build: Build,
    shape: Shape,
    dialect: Dialect,
    key: KeyedColumnElement[int],
    forwards: bool,
    after: bool,
    before: bool,
) -> CompiledRead:
    query = build(dialect.name, shape)
    if after:
        query = query.where(key > bindparam("after"))
    if before:
        query = query.where(key < bindparam("before"))
    order = key.asc() if forwards else key.desc()
    return compile_read(query.order_by(order).limit(bindparam("limit", type_=Integer())), dialect)


@lru_cache(maxsize=512)
def _shaped_count(build: Build, shape: Shape, dialect: Dialect) -> CompiledRead:
    counted = select(func.count()).select_from(build(dialect.name, shape).subquery())
    return compile_read(counted, dialect)


async def _fetch_shaped(
    connection: AsyncConnection,
    query: ListQuery,
    key: KeyedColumnElement[int],
    request: PageRequest,
    record: Callable[..., R],
) -> Page[R]:
    after, before = request.after, request.before
    read = _shaped_page(
        query.build,
        query.shape,
        dialect_of(connection),
        key,
        request.forwards,
        after is not None,
        before is not None,
    )
    values = {**query.values, "after": after, "before": before, "limit": request.size + 1}
    found = [record(*row) for row in await read.rows(connection, values)]
    return page_of(found, [getattr(item, key.key) for item in found], request)


async def _count_shaped(connection: AsyncConnection, query: ListQuery) -> int:
    read = _shaped_count(query.build, query.shape, dialect_of(connection))
    rows = await read.rows(connection, query.values)
    return int(rows[0][0] or 0) if rows else 0


async def paginate(
    read: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
    query: Select[Any] | ListQuery,
    key: KeyedColumnElement[int],
    request: PageRequest,
    record: Callable[..., R],
) -> tuple[Page[R], Callable[[], Awaitable[int]]]:
    """A page of `query` now (none when `request.rows` is False), and its total count on
    demand (`read` lends a connection: `Database.read`, or a request's shared reads).

    A `ListQuery` runs statements compiled once per shape (db/list_shapes.py); a select is
    built anew and found in the compiled cache by its cache key (db/compiled_reads.py)."""
    page: Page[R] = Page([], [], False, False)
    if request.rows:
        async with read() as connection:
            if isinstance(query, ListQuery):
                page = await _fetch_shaped(connection, query, key, request, record)
            else:
                page = await fetch_page(connection, query, key, request, record)

    async def total() -> int:
        async with read() as connection:
            if isinstance(query, ListQuery):
                return await _count_shaped(connection, query)
            return await count_rows(connection, query)

    return page, total


async def first_records(
    connection: AsyncConnection,
    query: Select[Any],
    key: ColumnElement[int],
    limit: int,
    record: Callable[..., R],
) -> list[R]:
    """The first `limit` records of a list select, in key order (a map layer's features)."""
    return [record(*row) for row in await read_rows(connection, query.order_by(key).limit(limit))]
