"""Reads of meetings: by id, the lists a viewer may see, attendees, timelines, kinds, and a
member's attendance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, func, select

from db.base import core_table
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.meetings.models import (
    AttendanceStatus,
    Cadence,
    CheckInMethod,
    MeetingAction,
    MeetingAttendanceRow,
    MeetingKindRow,
    MeetingRow,
    MeetingStatus,
    MeetingStepRow,
)
from db.meetings.tallies import HELD_STATUSES
from db.records import ByKeys, Connectable, record_columns, row_record


@row_record
class MeetingKindRecord:
    code: str
    name: str
    cadence: Cadence
    position: int


@row_record
class MeetingRecord:
    id: int
    kind_code: str
    organization_id: int
    org_path: str
    topic: str
    starts_at: datetime
    station_id: int | None
    address: str
    status: MeetingStatus
    minutes: str | None
    resolutions: str | None
    attendees: int
    excused: int
    present: int
    held_at: datetime | None
    closed_at: datetime | None
    version: int
    created_at: datetime


@row_record
class AttendanceRecord:
    id: int
    meeting_id: int
    member_id: int
    status: AttendanceStatus
    leave_reason: str | None
    checked_in_at: datetime | None
    check_in_method: CheckInMethod | None
    version: int


@row_record
class MeetingStepRecord:
    id: int
    meeting_id: int
    action: MeetingAction
    from_status: MeetingStatus | None
    to_status: MeetingStatus
    member_id: int | None
    actor_account_id: int | None
    note: str | None
    at: datetime


KIND_COLUMNS = record_columns(MeetingKindRecord, MeetingKindRow)
COLUMNS = record_columns(MeetingRecord, MeetingRow)
ATTENDANCE_COLUMNS = record_columns(AttendanceRecord, MeetingAttendanceRow)
STEP_COLUMNS = record_columns(MeetingStepRecord, MeetingStepRow)
_M = core_table(MeetingRow).c
_A = core_table(MeetingAttendanceRow).c
_S = core_table(MeetingStepRow).c
MEETING_KEY = _M.id
ATTENDANCE_KEY = _A.id
STEP_KEY = _S.id
_ALL = select(*COLUMNS)
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _M.id)
_ATTENDANCE_BY_ID = ByKeys(lambda keys: select(*ATTENDANCE_COLUMNS).where(keys), _A.id)
_OF_MEMBER = ByKeys(
    lambda keys: select(*ATTENDANCE_COLUMNS).where(keys, _A.member_id == bindparam("member")),
    _A.meeting_id,
)
_KINDS = select(*KIND_COLUMNS).order_by(core_table(MeetingKindRow).c.position)


async def meeting_kinds(connection: Connectable) -> list[MeetingKindRecord]:
    return [MeetingKindRecord(*row) for row in await connection.execute(_KINDS)]


async def meetings_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, MeetingRecord]:
    return {row[0]: MeetingRecord(*row) for row in await _BY_ID.rows(connection, ids)}


async def attendances_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, AttendanceRecord]:
    return {row[0]: AttendanceRecord(*row) for row in await _ATTENDANCE_BY_ID.rows(connection, ids)}


async def attendances_of_member(
    connection: Connectable, member_id: int, meeting_ids: Sequence[int]
) -> dict[int, AttendanceRecord]:
    """The member's attendance at each of the meetings (where they are an attendee)."""
    rows = await _OF_MEMBER.rows(connection, meeting_ids, member=member_id)
    return {record.meeting_id: record for record in (AttendanceRecord(*row) for row in rows)}


@dataclass(frozen=True, slots=True)
class MeetingFilter:
    kind_codes: Sequence[str] = ()
    statuses: Sequence[MeetingStatus] = ()
    starts_after: datetime | None = None
    starts_before: datetime | None = None


def _narrowing(narrow: MeetingFilter, values: dict[str, Any]) -> Shape:
    """The filter's part of a list's shape, its values added to `values`."""
    if narrow.kind_codes:
        values["kinds"] = list(narrow.kind_codes)
    if narrow.statuses:
        values["statuses"] = [status.value for status in narrow.statuses]
    if narrow.starts_after is not None:
        values["starts_after"] = narrow.starts_after
    if narrow.starts_before is not None:
        values["starts_before"] = narrow.starts_before
    return (
        bool(narrow.kind_codes),
        bool(narrow.statuses),
        narrow.starts_after is not None,
        narrow.starts_before is not None,
    )


def _narrowed(dialect: str, query: Select[Any], narrowing: Shape) -> Select[Any]:
    kinds, statuses, after, before = narrowing
    if kinds:
        query = query.where(one_of(dialect, _M.kind_code, "kinds", String()))
    if statuses:
        query = query.where(one_of(dialect, _M.status, "statuses", String()))
    if after:
        query = query.where(_M.starts_at >= bindparam("starts_after"))
    if before:
        query = query.where(_M.starts_at < bindparam("starts_before"))
    return query


def meeting_list(roots: Sequence[str], narrow: MeetingFilter) -> ListQuery:
    """Meetings of the branches in the subtrees; page by MEETING_KEY."""
    scope, values = scope_values(roots)
    return ListQuery(_in_scope, (scope, *_narrowing(narrow, values)), values)


def _in_scope(dialect: str, shape: Shape) -> Select[Any]:
    scope, *narrowing = shape
    return _narrowed(dialect, _ALL.where(within_scope(_M.org_path, scope)), tuple(narrowing))


def member_meeting_list(member_id: int, narrow: MeetingFilter) -> ListQuery:
    """The meetings a member is an attendee of; page by MEETING_KEY."""
    values: dict[str, Any] = {"member": member_id}
    return ListQuery(_of_member, _narrowing(narrow, values), values)


def _of_member(dialect: str, shape: Shape) -> Select[Any]:
    mine = select(_A.meeting_id).where(_A.member_id == bindparam("member"))
    return _narrowed(dialect, _ALL.where(_M.id.in_(mine)), shape)


def attendance_list(meeting_id: int, statuses: Sequence[AttendanceStatus]) -> ListQuery:
    """A meeting's attendees; page by ATTENDANCE_KEY."""
    values: dict[str, Any] = {"meeting": meeting_id}
    if statuses:
        values["statuses"] = [status.value for status in statuses]
    return ListQuery(_attendees, (bool(statuses),), values)


def _attendees(dialect: str, shape: Shape) -> Select[Any]:
    (statuses,) = shape
    query = select(*ATTENDANCE_COLUMNS).where(_A.meeting_id == bindparam("meeting"))
    if statuses:
        query = query.where(one_of(dialect, _A.status, "statuses", String()))
    return query


def step_list(meeting_id: int) -> ListQuery:
    """A meeting's timeline, oldest first; page by STEP_KEY."""
    return ListQuery(_steps, (), {"meeting": meeting_id})


def _steps(dialect: str, shape: Shape) -> Select[Any]:
    return select(*STEP_COLUMNS).where(_S.meeting_id == bindparam("meeting"))


@dataclass(frozen=True, slots=True)
class MemberAttendance:
    """A member's attendance at the held meetings they were an attendee of, in a period."""

    held: int  # meetings held they were an attendee of
    excused: int  # on approved leave
    present: int  # checked in

    @property
    def expected(self) -> int:
        return self.held - self.excused

    @property
    def rate(self) -> float | None:
        return round(self.present / self.expected, 4) if self.expected else None


async def member_attendance(
    connection: Connectable, member_id: int, start: datetime | None, end: datetime | None
) -> MemberAttendance:
    """One statement over the member's own attendance rows (tens a year)."""
    query = (
        select(
            func.count(),
            func.count().filter(_A.status == AttendanceStatus.EXCUSED),
            func.count().filter(_A.status == AttendanceStatus.PRESENT),
        )
        .select_from(core_table(MeetingAttendanceRow).join(core_table(MeetingRow)))
        .where(_A.member_id == member_id, _M.status.in_(HELD_STATUSES))
    )
    if start is not None:
        query = query.where(_M.starts_at >= start)
    if end is not None:
        query = query.where(_M.starts_at < end)
    held, excused, present = (await connection.execute(query)).one()
    return MemberAttendance(int(held), int(excused), int(present))
