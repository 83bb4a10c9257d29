"""Keyset pagination for cursor connections: stable under inserts, forwards and backwards."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from db.engine import Database
from resolvers.errors import BadUserInput
from resolvers.validation import parse_key

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_CURSOR_PREFIX = "cursor:"

Row = TypeVar("Row")


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{key}".encode()).decode()


def decode_cursor(cursor: str, *, field: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(text)
        return parse_key(text.removeprefix(_CURSOR_PREFIX), minimum=0)
    except (ValueError, binascii.Error, UnicodeError):
        raise BadUserInput(
            f"`{field}` is not a cursor from this list; pass a `cursor` or "
            "`pageInfo.endCursor`/`startCursor` value you received.",
            field=field,
        ) from None


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A validated slice request: `size` rows after (forwards) or before (backwards) a key."""

    size: int
    forwards: bool
    after: int | None = None
    before: int | None = None


def page_request(
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> PageRequest:
    if first is not None and last is not None:
        raise BadUserInput(
            "Pass either `first` or `last`, not both: page forwards with first/after or "
            "backwards with last/before.",
            field="first",
        )
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
            raise BadUserInput(
                f"`{name}` must be between 0 and {MAX_PAGE_SIZE}; fetch more with the "
                "cursors in pageInfo.",
                field=name,
            )
    after_key = decode_cursor(after, field="after") if after is not None else None
    before_key = decode_cursor(before, field="before") if before is not None else None
    if last is not None:
        return PageRequest(size=last, forwards=False, after=after_key, before=before_key)
    size = DEFAULT_PAGE_SIZE if first is None else first
    return PageRequest(size=size, forwards=True, after=after_key, before=before_key)


@dataclass(frozen=True, slots=True)
class Page(Generic[Row]):
    rows: Sequence[Row]
    keys: Sequence[int]
    has_next_page: bool
    has_previous_page: bool


def _slice(
    query: Select[Any], key: InstrumentedAttribute[int], request: PageRequest
) -> Select[Any]:
    if request.after is not None:
        query = query.where(key > request.after)
    if request.before is not None:
        query = query.where(key < request.before)
    return query.order_by(key.asc() if request.forwards else key.desc())


def _page(rows: list[Row], keys: list[int], request: PageRequest) -> Page[Row]:
    more = len(rows) > request.size
    rows, keys = rows[: request.size], keys[: request.size]
    if not request.forwards:
        rows.reverse()
        keys.reverse()
    if request.forwards:
        return Page(rows, keys, more, request.after is not None)
    return Page(rows, keys, request.before is not None, more)


async def fetch_page(
    session: AsyncSession,
    query: Select[Row],
    key: InstrumentedAttribute[int],
    request: PageRequest,
) -> Page[Row]:
    """One statement: the slice plus one row to tell whether another page follows."""
    rows = list((await session.scalars(_slice(query, key, request).limit(request.size + 1))).all())
    keys = [getattr(row, key.key) for row in rows]
    return _page(rows, keys, request)


async def fetch_pages_by_partition(
    session: AsyncSession,
    model: type[Row],
    query: Select[Row],
    key: InstrumentedAttribute[int],
    partition: InstrumentedAttribute[Any],
    values: Sequence[Any],
    request: PageRequest,
) -> dict[Any, Page[Row]]:
    """A page per partition value (e.g. children per parent) in one windowed statement."""
    order = key.asc() if request.forwards else key.desc()
    ranked = (
        _slice(query.where(partition.in_(values)), key, request)
        .order_by(None)
        .add_columns(
            func.row_number().over(partition_by=partition, order_by=order).label("position")
        )
        .subquery()
    )
    row_alias = aliased(model, ranked)
    statement = (
        select(row_alias)
        .where(ranked.c.position <= request.size + 1)
        .order_by(ranked.c[partition.key], ranked.c.position)
    )
    grouped: dict[Any, list[Row]] = {value: [] for value in values}
    for row in await session.scalars(statement):
        grouped[getattr(row, partition.key)].append(row)
    return {
        value: _page(rows, [getattr(row, key.key) for row in rows], request)
        for value, rows in grouped.items()
    }


async def count_rows(session: AsyncSession, query: Select[Any]) -> int:
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return int((await session.scalar(counted)) or 0)


async def paginate(
    database: Database, query: Select[Row], key: InstrumentedAttribute[int], request: PageRequest
) -> tuple[Page[Row], Callable[[], Awaitable[int]]]:
    """A page of `query` now, and its total count on demand (each in its own session)."""
    async with database.session() as session:
        page = await fetch_page(session, query, key, request)

    async def total() -> int:
        async with database.session() as session:
            return await count_rows(session, query)

    return page, total
