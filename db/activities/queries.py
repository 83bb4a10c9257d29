"""Reads of activities and registrations: by id, the lists a viewer may see, what runs now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, false, func, or_, select
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
from db.paths import ancestor_paths, within_any
from db.records import ByKeys, Connectable, record_columns


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


def visible_activities(roots: Sequence[str], own_unit_id: int | None) -> ColumnElement[bool]:
    """Activities held in the subtrees at `roots`, or held above them for them (a street's
    activity is open to its communities' residents), or organised by the viewer's unit."""
    return _visible(tuple(roots), own_unit_id)


@lru_cache(maxsize=4096)
def _visible(roots: tuple[str, ...], own_unit_id: int | None) -> ColumnElement[bool]:
    above = sorted({path for root in roots for path in ancestor_paths(root)})
    parts = [within_any(_A.org_path, roots)]
    if above:
        parts.append(_A.org_path.in_(above))
    if own_unit_id is not None:
        parts.append(_A.unit_id == own_unit_id)
    return or_(*parts) if roots or own_unit_id is not None else false()


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    kinds: Sequence[ActivityKind] = ()
    statuses: Sequence[ActivityStatus] = ()
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    running_at: datetime | None = None  # scheduled, started and not yet ended at that time
    unit_id: int | None = None


def activity_list(visible: ColumnElement[bool], narrow: ActivityFilter) -> Select[Any]:
    """Activities meeting `visible` and the filter; page it by ACTIVITY_KEY."""
    query = select(*COLUMNS).where(visible)
    if narrow.kinds:
        query = query.where(_A.kind.in_(narrow.kinds))
    if narrow.statuses:
        query = query.where(_A.status.in_(narrow.statuses))
    if narrow.starts_after is not None:
        query = query.where(_A.starts_at >= narrow.starts_after)
    if narrow.starts_before is not None:
        query = query.where(_A.starts_at < narrow.starts_before)
    if narrow.running_at is not None:
        query = query.where(running(narrow.running_at))
    if narrow.unit_id is not None:
        query = query.where(_A.unit_id == narrow.unit_id)
    return query


def running(at: datetime) -> ColumnElement[bool]:
    return and_(
        _A.status == ActivityStatus.SCHEDULED,
        _A.starts_at <= at,
        _A.starts_at > at - LONGEST_ACTIVITY,
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
