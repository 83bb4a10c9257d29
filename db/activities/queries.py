"""Reads of activities and registrations: by id, the lists a viewer may see, what runs now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, bindparam, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.activities.models import (
    LONGEST_ACTIVITY,
    ActivityAudience,
    ActivityKind,
    ActivityRow,
    ActivityStatus,
    AttendanceMethod,
    RegistrationRow,
    RegistrationStatus,
)
from db.base import core_table
from db.compiled_reads import dialect_of, read_rows
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.paths import ancestor_paths, within_any
from db.records import ByKeys, Connectable, record_columns, row_record


@row_record
class ActivityRecord:
    id: int
    title: str
    kind: ActivityKind
    description: str
    organization_id: int
    org_path: str
    unit_id: int | None
    station_id: int | None
    address: str
    longitude: float
    latitude: float
    starts_at: datetime
    ends_at: datetime
    capacity: int
    audience: ActivityAudience
    credits_hours: bool
    check_in_radius_meters: int
    status: ActivityStatus
    signed_up: int
    waitlisted: int
    checked_in: int
    feedback_count: int
    feedback_sum: int
    version: int
    created_at: datetime


@row_record
class RegistrationRecord:
    id: int
    activity_id: int
    account_id: int
    volunteer_id: int
    status: RegistrationStatus
    code: str
    queued_at: datetime
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    checked_in_at: datetime | None
    check_in_method: AttendanceMethod | None
    checked_out_at: datetime | None
    check_out_method: AttendanceMethod | None
    minutes: int | None
    feedback_score: int | None
    feedback_comment: str | None


COLUMNS = record_columns(ActivityRecord, ActivityRow)
REGISTRATION_COLUMNS = record_columns(RegistrationRecord, RegistrationRow)
_A = core_table(ActivityRow).c
_G = core_table(RegistrationRow).c
ACTIVITY_KEY = _A.id
REGISTRATION_KEY = _G.id
_ALL = select(*COLUMNS)
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _A.id)
_REGISTRATION_BY_ID = ByKeys(lambda keys: select(*REGISTRATION_COLUMNS).where(keys), _G.id)
_MINE = ByKeys(
    lambda keys: select(*REGISTRATION_COLUMNS).where(keys, _G.account_id == bindparam("account")),
    _G.activity_id,
)


async def activities_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, ActivityRecord]:
    return {row[0]: ActivityRecord(*row) for row in await _BY_ID.rows(connection, ids)}


async def registrations_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, RegistrationRecord]:
    rows = await _REGISTRATION_BY_ID.rows(connection, ids)
    return {row[0]: RegistrationRecord(*row) for row in rows}


async def registrations_of_account(
    connection: Connectable, account_id: int, activity_ids: Sequence[int]
) -> dict[int, RegistrationRecord]:
    """The account's registration for each of the activities (when it has one)."""
    rows = await _MINE.rows(connection, activity_ids, account=account_id)
    return {record.activity_id: record for record in (RegistrationRecord(*row) for row in rows)}


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    kinds: Sequence[ActivityKind] = ()
    statuses: Sequence[ActivityStatus] = ()
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    running_at: datetime | None = None  # scheduled, started and not yet ended at that time
    unit_id: int | None = None


def activity_list(
    roots: Sequence[str], own_unit_id: int | None, narrow: ActivityFilter
) -> ListQuery:
    """Activities held in the subtrees at `roots`, or held above them for them (a street's
    activity is open to its communities' residents), or organised by the viewer's unit,
    narrowed by the filter; page it by ACTIVITY_KEY."""
    scope, values = scope_values(roots)
    above = sorted({path for root in roots for path in ancestor_paths(root)})
    if above:
        values["above"] = above
    if own_unit_id is not None:
        values["own"] = own_unit_id
    if narrow.kinds:
        values["kinds"] = [kind.value for kind in narrow.kinds]
    if narrow.statuses:
        values["statuses"] = [status.value for status in narrow.statuses]
    if narrow.starts_after is not None:
        values["starts_after"] = narrow.starts_after
    if narrow.starts_before is not None:
        values["starts_before"] = narrow.starts_before
    if narrow.running_at is not None:
        values["running_at"] = narrow.running_at
        values["running_from"] = narrow.running_at - LONGEST_ACTIVITY
    if narrow.unit_id is not None:
        values["unit"] = narrow.unit_id
    shape = (
        scope,
        bool(above),
        own_unit_id is not None,
        bool(narrow.kinds),
        bool(narrow.statuses),
        narrow.starts_after is not None,
        narrow.starts_before is not None,
        narrow.running_at is not None,
        narrow.unit_id is not None,
    )
    return ListQuery(_listed, shape, values)


def _listed(dialect: str, shape: Shape) -> Select[Any]:
    scope, above, own, kinds, statuses, after, before, running_now, unit = shape
    visible = [within_scope(_A.org_path, scope)]
    if above:
        visible.append(one_of(dialect, _A.org_path, "above", String()))
    if own:
        visible.append(_A.unit_id == bindparam("own"))
    query = _ALL.where(or_(*visible) if scope or own else false())
    if kinds:
        query = query.where(one_of(dialect, _A.kind, "kinds", String()))
    if statuses:
        query = query.where(one_of(dialect, _A.status, "statuses", String()))
    if after:
        query = query.where(_A.starts_at >= bindparam("starts_after"))
    if before:
        query = query.where(_A.starts_at < bindparam("starts_before"))
    if running_now:
        query = query.where(_running(bindparam("running_at"), bindparam("running_from")))
    if unit:
        query = query.where(_A.unit_id == bindparam("unit"))
    return query


async def first_activities(
    connection: AsyncConnection, query: ListQuery, limit: int
) -> list[ActivityRecord]:
    """The first `limit` activities of the list, in key order (the map's points)."""
    listed = query.build(dialect_of(connection).name, query.shape)
    rows = await read_rows(connection, listed.order_by(ACTIVITY_KEY).limit(limit), query.values)
    return [ActivityRecord(*row) for row in rows]


def running(at: datetime) -> ColumnElement[bool]:
    return _running(at, at - LONGEST_ACTIVITY)


def _running(at: Any, earliest: Any) -> ColumnElement[bool]:
    """Scheduled, started at `at` (after `earliest`, the longest activity before) and not
    yet ended."""
    return and_(
        _A.status == ActivityStatus.SCHEDULED,
        _A.starts_at <= at,
        _A.starts_at > earliest,
        _A.ends_at > at,
    )


def registration_list(activity_id: int, statuses: Sequence[RegistrationStatus]) -> Select[Any]:
    """An activity's registrations; page by REGISTRATION_KEY."""
    query = select(*REGISTRATION_COLUMNS).where(_G.activity_id == activity_id)
    if statuses:
        query = query.where(_G.status.in_(statuses))
    return query


async def count_activities(
    connection: AsyncConnection, roots: Sequence[str], start: datetime, end: datetime, now: datetime
) -> tuple[int, int, int]:
    """In the subtrees: activities running at `now`, scheduled to start within [start, end),
    and their confirmed sign-ups."""
    scheduled = and_(within_any(_A.org_path, roots), _A.status == ActivityStatus.SCHEDULED)
    in_window = and_(_A.starts_at >= start, _A.starts_at < end)
    earliest = min(start, now - LONGEST_ACTIVITY)  # an index range on the start
    result = await connection.execute(
        select(
            func.count().filter(running(now)),
            func.count().filter(in_window),
            func.coalesce(func.sum(_A.signed_up).filter(in_window), 0),
        ).where(
            scheduled,
            _A.starts_at > earliest,
            _A.starts_at < max(end, now),
            or_(running(now), in_window),
        )
    )
    now_count, window_count, signed_up = result.one()
    return int(now_count), int(window_count), int(signed_up)


async def registration_by_code(connection: Connectable, code: str) -> RegistrationRecord | None:
    """The registration a participant shows at a terminal (its code), if any."""
    result = await connection.execute(select(*REGISTRATION_COLUMNS).where(_G.code == code))
    row = result.first()
    return RegistrationRecord(*row) if row is not None else None
