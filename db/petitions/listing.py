"""The petition list's page and count: statements compiled once per shape, values bound.

A list's shape is which conditions it has (the viewer's scope, `under`, the filter's fields,
the slice); everything else is a parameter. So a request binds its values to a statement
compiled on first use instead of building a select, generating its cache key and expanding
its IN lists. On PostgreSQL a list of values is one array parameter (`= ANY($n)`), so the
statement's text is the same whatever the list's length; SQLite has no arrays and gets the
IN list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table, utcnow
from db.compiled_reads import CompiledRead, compile_read
from db.departments.models import DispatchRow
from db.list_shapes import LIKE_ESCAPE, escaped_contains, one_of, within_scope
from db.pagination import Page, PageRequest, page_of
from db.paths import minimal_roots, upper_bound
from db.petitions.models import OPEN_STATUSES, PetitionCategoryRow, PetitionRow
from db.petitions.queries import COLUMNS, PetitionFilter, PetitionRecord

_PETITIONS = core_table(PetitionRow)
_P = _PETITIONS.c
_CATEGORIES = core_table(PetitionCategoryRow).c
_DISPATCHES = core_table(DispatchRow).c


@dataclass(frozen=True, slots=True)
class Visible:
    """The petitions a list may hold before its filter: raised or handled in the subtrees at
    `roots`, raised by `account_id`, or dispatched to `department_id`; with `outside`, only
    those `account_id` raised that the subtree at `outside` neither raised nor handles."""

    roots: tuple[str, ...] = ()
    account_id: int | None = None
    department_id: int | None = None
    outside: str | None = None


def visible_to(
    roots: Sequence[str], account_id: int | None, department_id: int | None = None
) -> Visible:
    """The rule of `resolvers.petitions.reads.may_read`, and a department's dispatches."""
    return Visible(tuple(minimal_roots(roots)), account_id, department_id)


def raised_outside(account_id: int, path: str) -> Visible:
    return Visible(account_id=account_id, outside=path)


@dataclass(frozen=True, slots=True)
class Listing:
    """One list's shape (what its statement is) and the values it binds."""

    shape: tuple[Any, ...]
    values: dict[str, Any]


def listing(
    visible: Visible,
    narrow: PetitionFilter,
    *,
    under: str | None = None,
    submitter_account_id: int | None = None,
) -> Listing:
    """Petitions meeting `visible` and the filter, raised in or handled under the path
    `under`, raised by `submitter_account_id`."""
    shape: list[Any] = []
    values: dict[str, Any] = {}
    if visible.outside is not None:
        shape.append(("outside",))
        values.update(account=visible.account_id, **_range("outside", visible.outside))
    else:
        shape.append(
            (
                "visible",
                len(visible.roots),
                visible.account_id is not None,
                visible.department_id is not None,
            )
        )
        for at, root in enumerate(visible.roots):
            values.update(_range(f"root{at}", root))
        values.update(account=visible.account_id, department=visible.department_id)
    if under is not None:
        shape.append(("under",))
        values.update(_range("under", under))
    if submitter_account_id is not None:
        shape.append(("submitter",))
        values["submitter"] = submitter_account_id
    for name, chosen in (
        ("statuses", narrow.statuses),
        ("categories", narrow.category_ids),
        ("kinds", narrow.kinds),
        ("channels", narrow.channels),
    ):
        if chosen:
            shape.append((name,))
            values[name] = list(chosen)
    if narrow.overdue is not None:
        shape.append(("overdue", narrow.overdue))
        values.update(open=list(OPEN_STATUSES), now=utcnow())
    if narrow.supervised is not None:
        shape.append(("supervised", narrow.supervised))
    for name, day in (("since", narrow.since), ("until", narrow.until)):
        if day is not None:
            shape.append((name,))
            values[name] = day
    if narrow.search:
        shape.append(("search",))
        values["search"] = escaped_contains(narrow.search.strip())
    return Listing(tuple(shape), {key: value for key, value in values.items() if value is not None})


def _range(name: str, path: str) -> dict[str, str]:
    return {name: path, f"{name}_end": upper_bound(path)}


def _within(column: ColumnElement[str], name: str) -> ColumnElement[bool]:
    return and_(column >= bindparam(name), column < bindparam(f"{name}_end"))


def _held(name: str) -> ColumnElement[bool]:
    return or_(_within(_P.org_path, name), _within(_P.handling_org_path, name))


def _condition(dialect: str, part: tuple[Any, ...]) -> ColumnElement[bool]:
    match part:
        case ("visible", roots, own, department):
            either = [within_scope(_P.org_path, roots), within_scope(_P.handling_org_path, roots)]
            if own:
                either.append(_P.submitter_account_id == bindparam("account"))
            if department:
                dispatched = select(_DISPATCHES.petition_id).where(
                    _DISPATCHES.department_id == bindparam("department")
                )
                either.append(_P.id.in_(dispatched))
            return or_(*either)
        case ("outside",):
            return and_(_P.submitter_account_id == bindparam("account"), not_(_held("outside")))
        case ("under",):
            return _held("under")
        case ("submitter",):
            return _P.submitter_account_id == bindparam("submitter")
        case ("statuses",):
            return one_of(dialect, _P.status, "statuses", String())
        case ("categories",):
            return one_of(dialect, _P.category_id, "categories", BigInteger())
        case ("kinds",):
            of_kinds = select(_CATEGORIES.id).where(
                one_of(dialect, _CATEGORIES.kind, "kinds", String())
            )
            return _P.category_id.in_(of_kinds)
        case ("channels",):
            return one_of(dialect, _P.channel, "channels", String())
        case ("overdue", wanted):
            late = one_of(dialect, _P.status, "open", String()) & (
                _P.deadline_at < bindparam("now")
            )
            return late if wanted else ~late
        case ("supervised", wanted):
            supervised = _P.supervised_at.is_not(None)
            return supervised if wanted else ~supervised
        case ("since",):
            return _P.day >= bindparam("since")
        case ("until",):
            return _P.day <= bindparam("until")
        case ("search",):
            return or_(
                _P.title.like(bindparam("search"), escape=LIKE_ESCAPE),
                _P.content.like(bindparam("search"), escape=LIKE_ESCAPE),
            )
    raise AssertionError(part)


def _where(dialect: str, shape: tuple[Any, ...]) -> list[ColumnElement[bool]]:
    return [_condition(dialect, part) for part in shape]


@lru_cache(maxsize=512)
def _page_read(
    dialect: Dialect, shape: tuple[Any, ...], forwards: bool, after: bool, before: bool
) -> CompiledRead:
    query: Select[Any] = select(*COLUMNS).where(*_where(dialect.name, shape))
    if after:
        query = query.where(_P.id > bindparam("after"))
    if before:
        query = query.where(_P.id < bindparam("before"))
    order = _P.id.asc() if forwards else _P.id.desc()
    query = query.order_by(order).limit(bindparam("limit", type_=Integer()))
    return compile_read(query, dialect)


@lru_cache(maxsize=512)
def _count_read(dialect: Dialect, shape: tuple[Any, ...]) -> CompiledRead:
    query = select(func.count()).select_from(_PETITIONS).where(*_where(dialect.name, shape))
    return compile_read(query, dialect)


async def count_listed(connection: AsyncConnection, listed: Listing) -> int:
    rows = await _count_read(connection.dialect, listed.shape).rows(connection, listed.values)
    return int(rows[0][0] or 0) if rows else 0


async def petition_page(
    read: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
    listed: Listing,
    request: PageRequest,
) -> tuple[Page[PetitionRecord], Callable[[], Awaitable[int]]]:
    """A page of the list in key order now (none when `request.rows` is False), and its
    total count on demand (`read` lends a connection), as `db.pagination.paginate` reads."""
    page: Page[PetitionRecord] = Page([], [], False, False)
    if request.rows:
        after, before = request.after, request.before
        values = {**listed.values, "after": after, "before": before, "limit": request.size + 1}
        async with read() as connection:
            read_page = _page_read(
                connection.dialect,
                listed.shape,
                request.forwards,
                after is not None,
                before is not None,
            )
            found = [PetitionRecord(*row) for row in await read_page.rows(connection, values)]
        page = page_of(found, [row.id for row in found], request)

    async def total() -> int:
        async with read() as connection:
            return await count_listed(connection, listed)

    return page, total
