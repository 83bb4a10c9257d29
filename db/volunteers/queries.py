"""Reads of volunteers and their hours: records, lists, subtree totals, rankings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.list_shapes import (
    LIKE_ESCAPE,
    ListQuery,
    Shape,
    escaped_contains,
    scope_values,
    within_scope,
)
from db.paths import within_any
from db.records import ByKeys, Connectable, record_columns, row_record
from db.volunteers.models import EntryKind, HoursEntryRow, HoursTallyRow, VolunteerRow


@row_record
class VolunteerRecord:
    id: int
    account_id: int
    name: str
    organization_id: int
    org_path: str
    member_id: int | None
    skills: list[str]
    availability: str | None
    total_minutes: int
    created_at: datetime


@row_record
class HoursEntryRecord:
    id: int
    volunteer_id: int
    organization_id: int
    org_path: str
    day: date
    minutes: int
    kind: EntryKind
    activity_id: int | None
    reverses_entry_id: int | None
    note: str | None
    created_at: datetime


COLUMNS = record_columns(VolunteerRecord, VolunteerRow)
ENTRY_COLUMNS = record_columns(HoursEntryRecord, HoursEntryRow)
_V = core_table(VolunteerRow).c
_H = core_table(HoursEntryRow).c
_T = core_table(HoursTallyRow).c
VOLUNTEER_KEY = _V.id
ENTRY_KEY = _H.id
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _V.id)
_BY_ACCOUNT = ByKeys(lambda keys: select(*COLUMNS).where(keys), _V.account_id)
_ENTRY_BY_ID = ByKeys(lambda keys: select(*ENTRY_COLUMNS).where(keys), _H.id)


async def volunteers_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, VolunteerRecord]:
    return {row[0]: VolunteerRecord(*row) for row in await _BY_ID.rows(connection, ids)}


async def volunteers_by_accounts(
    connection: Connectable, account_ids: Sequence[int]
) -> dict[int, VolunteerRecord]:
    rows = await _BY_ACCOUNT.rows(connection, account_ids)
    return {record.account_id: record for record in (VolunteerRecord(*row) for row in rows)}


async def entries_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, HoursEntryRecord]:
    return {row[0]: HoursEntryRecord(*row) for row in await _ENTRY_BY_ID.rows(connection, ids)}


def volunteer_list(roots: Sequence[str], search: str | None = None) -> ListQuery:
    """Volunteers whose hours count in the subtrees at `roots`; page by VOLUNTEER_KEY."""
    scope, values = scope_values(roots)
    if search:
        values["name"] = escaped_contains(search)
    return ListQuery(_volunteers, (scope, bool(search)), values)


def _volunteers(dialect: str, shape: Shape) -> Select[Any]:
    scope, named = shape
    query = select(*COLUMNS).where(within_scope(_V.org_path, scope))
    if named:
        query = query.where(_V.name.like(bindparam("name"), escape=LIKE_ESCAPE))
    return query


def entry_list(volunteer_id: int, since: date | None, until: date | None) -> ListQuery:
    """The volunteer's ledger entries, in the period when given; page by ENTRY_KEY."""
    values = {"volunteer": volunteer_id, "since": since, "until": until}
    return ListQuery(_entries, (since is not None, until is not None), values)


def _entries(dialect: str, shape: Shape) -> Select[Any]:
    since, until = shape
    query = select(*ENTRY_COLUMNS).where(_H.volunteer_id == bindparam("volunteer"))
    if since:
        query = query.where(_H.day >= bindparam("since"))
    if until:
        query = query.where(_H.day <= bindparam("until"))
    return query


async def volunteer_minutes(
    connection: Connectable, volunteer_id: int, since: date | None, until: date | None
) -> int:
    """The person's minutes in the period: an index range of their entries."""
    query = select(func.coalesce(func.sum(_H.minutes), 0)).where(_H.volunteer_id == volunteer_id)
    if since is not None:
        query = query.where(_H.day >= since)
    if until is not None:
        query = query.where(_H.day <= until)
    return int((await connection.execute(query)).scalar() or 0)


async def subtree_minutes(
    connection: Connectable, organization_id: int, since: date | None, until: date | None
) -> tuple[int, int]:
    """(minutes, entries) of the organisation's whole subtree in the period: a range read of
    its kept days."""
    query = select(
        func.coalesce(func.sum(_T.minutes), 0), func.coalesce(func.sum(_T.entries), 0)
    ).where(_T.organization_id == organization_id)
    if since is not None:
        query = query.where(_T.day >= since)
    if until is not None:
        query = query.where(_T.day <= until)
    minutes, entries = (await connection.execute(query)).one()
    return int(minutes), int(entries)


async def minutes_by_day(
    connection: Connectable, organization_id: int, since: date, until: date
) -> list[tuple[date, int]]:
    result = await connection.execute(
        select(_T.day, _T.minutes)
        .where(_T.organization_id == organization_id, _T.day >= since, _T.day <= until)
        .order_by(_T.day)
    )
    return [(day, int(minutes)) for day, minutes in result]


async def ranking(
    connection: AsyncConnection,
    path: str,
    since: date | None,
    until: date | None,
    limit: int,
) -> list[tuple[VolunteerRecord, int]]:
    """The volunteers of the subtree at `path` with the most minutes in the period (all time
    when no period is given: their kept totals), most first, ties by registration."""
    if since is None and until is None:
        result = await connection.execute(
            select(*COLUMNS, _V.total_minutes)
            .where(within_any(_V.org_path, [path]), _V.total_minutes > 0)
            .order_by(_V.total_minutes.desc(), _V.id)
            .limit(limit)
        )
    else:
        period = select(_H.volunteer_id, func.sum(_H.minutes).label("minutes")).where(
            within_any(_H.org_path, [path])
        )
        if since is not None:
            period = period.where(_H.day >= since)
        if until is not None:
            period = period.where(_H.day <= until)
        summed = period.group_by(_H.volunteer_id).subquery()
        result = await connection.execute(
            select(*COLUMNS, summed.c.minutes)
            .join(summed, summed.c.volunteer_id == _V.id)
            .where(summed.c.minutes > 0)
            .order_by(summed.c.minutes.desc(), _V.id)
            .limit(limit)
        )
    width = len(COLUMNS)
    return [(VolunteerRecord(*row[:width]), int(row[width])) for row in result]
