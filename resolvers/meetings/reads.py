"""Who sees a meeting: those who may read meetings where its branch is (its members through
their own accounts, the secretaries above it). Attendee lists and the timeline are for those
who run the branch's meetings; a member sees their own attendance only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from db.meetings.models import AttendanceStatus
from db.meetings.queries import (
    ATTENDANCE_KEY,
    MEETING_KEY,
    STEP_KEY,
    AttendanceRecord,
    MeetingFilter,
    MeetingKindRecord,
    MeetingRecord,
    MeetingStepRecord,
    MemberAttendance,
    attendance_list,
    meeting_kinds,
    meeting_list,
    member_attendance,
    member_meeting_list,
    step_list,
)
from db.pagination import Page, PageRequest, paginate
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.members.reads import resolve_member_by_id
from resolvers.organizations.reads import resolve_scope_under


def may_read_meeting(context: Context, row: MeetingRecord) -> bool:
    return context.viewer.can(Permission.READ_MEETINGS, row.org_path)


def may_manage_meeting(context: Context, row: MeetingRecord) -> bool:
    return context.viewer.can(Permission.MANAGE_MEETINGS, row.org_path)


async def resolve_meeting_by_id(context: Context, meeting_id: int) -> MeetingRecord | None:
    context.require_account()
    row = await context.loaders.meetings.by_id.load(meeting_id)
    return row if row is not None and may_read_meeting(context, row) else None


async def resolve_meeting_kinds(context: Context) -> list[MeetingKindRecord]:
    async with context.loaders.reads.read() as connection:
        return await meeting_kinds(connection)


def resolve_kind(context: Context, code: str) -> Awaitable[MeetingKindRecord | None]:
    return context.loaders.meetings.kind.load(code)


def resolve_kinds(context: Context, codes: list[str]) -> Awaitable[list[MeetingKindRecord | None]]:
    return context.loaders.meetings.kind.load_many(codes)


async def resolve_my_attendance(context: Context, row: MeetingRecord) -> AttendanceRecord | None:
    """The viewer's own attendance at the meeting (a member's own account), if an attendee."""
    member_id = context.viewer.member_id
    if member_id is None:
        return None
    return await context.loaders.meetings.mine.load((member_id, row.id))


async def resolve_attendance_by_id(context: Context, attendance_id: int) -> AttendanceRecord | None:
    """An attendee's record: the member themself, or who runs the meeting's branch."""
    context.require_account()
    row = await context.loaders.meetings.attendance.load(attendance_id)
    if row is None:
        return None
    meeting = await context.loaders.meetings.by_id.load(row.meeting_id)
    if meeting is None or not context.viewer.acts_for_member(
        Permission.MANAGE_MEETINGS, row.member_id, meeting.org_path
    ):
        return None
    return row


@dataclass(frozen=True, slots=True)
class MeetingCriteria:
    under: int | None = None
    under_global_id: str | None = None
    narrow: MeetingFilter = field(default_factory=MeetingFilter)


async def resolve_meetings(
    context: Context, criteria: MeetingCriteria, request: PageRequest
) -> tuple[Page[MeetingRecord], Callable[[], Awaitable[int]]]:
    roots = await resolve_scope_under(
        context, Permission.READ_MEETINGS, criteria.under, global_id=criteria.under_global_id
    )
    if criteria.under is None and not roots:
        raise Forbidden("None of your roles may read meetings; a branch's members and "
                        "secretaries may.", permission=Permission.READ_MEETINGS.value)  # fmt: skip
    query = meeting_list(roots, criteria.narrow)
    return await paginate(context.loaders.reads.read, query, MEETING_KEY, request, MeetingRecord)


async def resolve_my_meetings(
    context: Context, narrow: MeetingFilter, request: PageRequest
) -> tuple[Page[MeetingRecord], Callable[[], Awaitable[int]]]:
    """The meetings the signed-in member is an attendee of (none for other accounts)."""
    context.require_account()
    member_id = context.viewer.member_id
    query = member_meeting_list(member_id if member_id is not None else 0, narrow)
    return await paginate(context.loaders.reads.read, query, MEETING_KEY, request, MeetingRecord)


def _require_manager(context: Context, row: MeetingRecord, what: str) -> None:
    if not may_manage_meeting(context, row):
        raise Forbidden(f"Only those who run the branch's meetings may read its {what}.")


async def resolve_attendances(
    context: Context,
    row: MeetingRecord,
    statuses: Sequence[AttendanceStatus],
    request: PageRequest,
) -> tuple[Page[AttendanceRecord], Callable[[], Awaitable[int]]]:
    _require_manager(context, row, "attendance list")
    query = attendance_list(row.id, statuses)
    return await paginate(
        context.loaders.reads.read, query, ATTENDANCE_KEY, request, AttendanceRecord
    )


async def resolve_timeline(
    context: Context, row: MeetingRecord, request: PageRequest
) -> tuple[Page[MeetingStepRecord], Callable[[], Awaitable[int]]]:
    _require_manager(context, row, "timeline")
    query = step_list(row.id)
    return await paginate(context.loaders.reads.read, query, STEP_KEY, request, MeetingStepRecord)


def attendance_rate(row: MeetingRecord) -> float | None:
    """出勤率: present over expected (attendees not on approved leave); null with none."""
    expected = row.attendees - row.excused
    return round(row.present / expected, 4) if expected > 0 else None


async def resolve_member_attendance(
    context: Context,
    member_id: int | None,
    since: datetime | None,
    until: datetime | None,
) -> MemberAttendance | None:
    """A member's attendance (the member themself, or who runs meetings over their branch);
    the viewer's own without a member. None when out of reach."""
    context.require_account()
    key = member_id if member_id is not None else context.viewer.member_id
    if key is None:
        return None
    member = await resolve_member_by_id(context, key)
    if member is None or not context.viewer.acts_for_member(
        Permission.MANAGE_MEETINGS, member.id, member.org_path
    ):
        return None
    async with context.loaders.reads.read() as connection:
        return await member_attendance(connection, member.id, since, until)
