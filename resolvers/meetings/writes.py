"""Scheduling meetings and taking their steps: the secretary's (hold, minutes, close, cancel)
and the attendees' (leave, its decision, check-in), each by the workflow table, on a version,
on the meeting's timeline with actor and time, with its event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.base import utcnow
from db.events.types import EventType
from db.meetings.models import (
    AttendanceStatus,
    CheckInMethod,
    MeetingAction,
    MeetingAttendanceRow,
    MeetingRow,
    MeetingStatus,
)
from db.meetings.queries import MeetingRecord
from db.meetings.tallies import month_of
from db.meetings.writes import (
    Step,
    apply_attendance_step,
    apply_meeting_step,
    attendance_of,
    branch_attendees,
    insert_meeting,
)
from db.organizations.models import PartyOrgKind
from db.presence.tallies import PresenceDelta, add_presence, china_month
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.meetings.reads import (
    may_manage_meeting,
    resolve_attendance_by_id,
    resolve_meeting_by_id,
    resolve_meeting_kinds,
)
from resolvers.meetings.workflow import Actor, next_attendance, next_status
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.stations.reads import resolve_station_by_id
from resolvers.validation import clean_text

A = MeetingAction
# A member checks in themself from this long before the start until this long after it.
CHECK_IN_OPENS = timedelta(minutes=30)
CHECK_IN_CLOSES = timedelta(hours=2)
# A meeting may be recorded up to this long after it took place (补录); later is refused.
LATEST_RECORDING = timedelta(days=7)
MEETING_BRANCHES = (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH, PartyOrgKind.PARTY_GROUP)
STALE = "The meeting changed meanwhile (someone else took a step); reload it and decide again."


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    organization_id: int
    organization_global_id: str
    kind_code: str
    topic: str
    starts_at: datetime
    station_id: int | None = None
    station_global_id: str | None = None
    address: str | None = None


async def _place(context: Context, draft: MeetingDraft) -> tuple[int | None, str]:
    if draft.station_id is not None:
        station = await resolve_station_by_id(context, draft.station_id)
        if station is None:
            raise not_found("station", draft.station_global_id or "", field="stationId")
        return station.id, draft.address or f"{station.name}（{station.address}）"
    if not draft.address:
        raise BadUserInput("Say where: a `stationId`, or an `address`.", field="address")
    return None, draft.address


async def schedule_meeting(context: Context, draft: MeetingDraft) -> MeetingRow:
    """安排会议: the branch's full and probationary members are its attendees."""
    account_id = context.require_account()
    branch = await resolve_organization_by_id(context, draft.organization_id)
    if branch is None:
        raise not_found("organization", draft.organization_global_id, field="organizationId")
    context.require(Permission.MANAGE_MEETINGS, branch.path, action="schedule meetings")
    if branch.kind not in MEETING_BRANCHES:
        raise BadUserInput(
            "Meetings are a branch's (支部, 总支部 or 党小组); choose the branch that holds it.",
            field="organizationId",
        )
    kinds = {kind.code for kind in await resolve_meeting_kinds(context)}
    if draft.kind_code not in kinds:
        raise BadUserInput(
            f"No meeting kind {draft.kind_code!r}; the kinds: {', '.join(sorted(kinds))}.",
            field="kind",
        )
    now = utcnow()
    if draft.starts_at < now - LATEST_RECORDING:
        raise BadUserInput(
            "A meeting is recorded at most 7 days after it took place; check `startsAt`.",
            field="startsAt",
        )
    station_id, address = await _place(context, draft)
    values: dict[str, Any] = {
        "kind_code": draft.kind_code,
        "organization_id": branch.id,
        "org_path": branch.path,
        "topic": clean_text(draft.topic, field="topic", max_length=200),
        "starts_at": draft.starts_at,
        "station_id": station_id,
        "address": clean_text(address, field="address", max_length=200),
        "status": MeetingStatus.SCHEDULED,
        "version": 1,
        "created_by_account_id": account_id,
        "created_at": now,
        "updated_at": now,
    }
    step = Step(A.SCHEDULE, None, MeetingStatus.SCHEDULED, account_id, now)
    async with change(context, account_id, conflict=STALE) as changes:
        members = await branch_attendees(changes.session, branch.path)
        row = await insert_meeting(changes.session, values, members, step)
        changes.record(
            EventType.MEETING_SCHEDULED,
            row.id,
            at=row.org_path,
            changes={
                "kind": row.kind_code,
                "startsAt": row.starts_at.isoformat(),
                "attendees": row.attendees,
            },
        )
    return row


@dataclass(frozen=True, slots=True)
class MeetingStepInput:
    expected_version: int | None = None
    note: str | None = None
    minutes: str | None = None
    resolutions: str | None = None


async def take_meeting_step(
    context: Context,
    meeting_id: int,
    global_id: str,
    action: MeetingAction,
    given: MeetingStepInput,
) -> MeetingRow:
    """Hold, record minutes, close or cancel: the secretary's, on a fresh version."""
    account_id = context.require_account()
    row = await resolve_meeting_by_id(context, meeting_id)
    if row is None:
        raise not_found("meeting", global_id)
    if not may_manage_meeting(context, row):
        raise Forbidden("Only those who run the branch's meetings (its secretary) may do that.")
    version = given.expected_version if given.expected_version is not None else row.version
    if version != row.version:
        raise Conflict(STALE, field="expectedVersion")
    to = next_status(row.status, action, Actor.SECRETARY)
    now = utcnow()
    note = clean_text(given.note or "", field="note", max_length=500, required=False) or None
    values: dict[str, Any] = {"status": to}
    if action is A.HOLD:
        if now < row.starts_at - CHECK_IN_OPENS:
            raise BadUserInput(
                "A meeting is held at its time: it starts at "
                f"{row.starts_at.isoformat()}; hold it then, or cancel it.",
                field="id",
            )
        values["held_at"] = now
    elif action is A.RECORD_MINUTES:
        values["minutes"] = clean_text(given.minutes or "", field="minutes", max_length=20_000)
        values["resolutions"] = (
            clean_text(
                given.resolutions or "", field="resolutions", max_length=5000, required=False
            )
            or None
        )
        if row.status is MeetingStatus.CLOSED:  # a late edit: the timeline says so
            note = note or "会后修改纪要（late edit after the close）"
    elif action is A.CLOSE:
        if row.minutes is None:
            raise BadUserInput(
                "Record the minutes 会议记录 before closing the meeting.", field="id"
            )
        values["closed_at"] = now
    step = Step(action, row.status, to, account_id, now, note=note)
    async with change(context, account_id, conflict=STALE) as changes:
        fresh = await apply_meeting_step(changes.session, row.id, version, values, step)
        if fresh is None:
            raise Conflict(STALE, field="expectedVersion")
        if action is A.HOLD:
            changes.record(
                EventType.MEETING_HELD,
                row.id,
                at=row.org_path,
                changes={
                    "kind": row.kind_code,
                    "month": month_of(row.starts_at),
                    "expected": fresh.attendees - fresh.excused,
                    "present": fresh.present,
                },
            )
        else:
            changes.record(
                EventType.MEETING_CHANGED,
                row.id,
                at=row.org_path,
                changes={"action": action.value, "status": to.value, "version": fresh.version},
            )
    return fresh


async def _attendance_step(
    context: Context,
    meeting: MeetingRecord,
    member_id: int,
    action: MeetingAction,
    actor: Actor,
    extra: dict[str, Any],
    note: str | None,
) -> MeetingAttendanceRow:
    account_id = context.require_account()
    next_status(meeting.status, action, actor)  # the meeting's state allows it, for that actor
    now = utcnow()
    step = Step(
        action, meeting.status, meeting.status, account_id, now, member_id=member_id, note=note
    )
    async with change(context, account_id, conflict=STALE) as changes:
        attendance = await attendance_of(changes.session, meeting.id, member_id)
        if attendance is None:
            raise BadUserInput(
                "That member is not an attendee of this meeting (attendees are the branch's "
                "members when it was scheduled).",
                field="meetingId",
            )
        to = next_attendance(action, attendance.status)
        values = {"status": to} | extra
        if action is A.CHECK_IN:
            values["checked_in_at"] = now
            values["check_in_method"] = (
                CheckInMethod.SELF if actor is Actor.MEMBER else CheckInMethod.SECRETARY
            )
        was_present = attendance.status is AttendanceStatus.PRESENT
        outcome = await apply_attendance_step(changes.session, attendance, values, step)
        if outcome is None:
            raise Conflict(
                "This attendance changed meanwhile (checked in or decided already); reload it.",
                field="meetingId",
            )
        now_present = outcome.attendance.status is AttendanceStatus.PRESENT
        if now_present != was_present:  # the member's presence 在场 follows, in this transaction
            await add_presence(
                changes.session,
                [
                    PresenceDelta(
                        member_id,
                        china_month(meeting.starts_at),
                        meetings=1 if now_present else -1,
                    )
                ],
            )
        changes.record(
            EventType.MEETING_ATTENDANCE,
            meeting.id,
            at=meeting.org_path,
            changes={
                "action": action.value,
                "excused": outcome.excused,
                "present": outcome.present,
            },
        )
    return outcome.attendance


async def _meeting(context: Context, meeting_id: int, global_id: str) -> MeetingRecord:
    row = await resolve_meeting_by_id(context, meeting_id)
    if row is None:
        raise not_found("meeting", global_id, field="meetingId")
    return row


async def request_leave(
    context: Context, meeting_id: int, global_id: str, reason: str
) -> MeetingAttendanceRow:
    """请假: the attendee themself, with a reason, before the meeting is held."""
    meeting = await _meeting(context, meeting_id, global_id)
    member_id = context.viewer.member_id
    if member_id is None:
        raise Forbidden("Only a party member's own account asks for leave; sign in as yourself.")
    text = clean_text(reason, field="reason", max_length=500)
    return await _attendance_step(
        context, meeting, member_id, A.REQUEST_LEAVE, Actor.MEMBER, {"leave_reason": text}, text
    )


async def decide_leave(
    context: Context, attendance_id: int, global_id: str, approve: bool, note: str | None
) -> MeetingAttendanceRow:
    """批准 or 不批准 a leave request: the secretary."""
    attendance = await resolve_attendance_by_id(context, attendance_id)
    if attendance is None:
        raise not_found("attendance", global_id, field="attendanceId")
    meeting = await _meeting(context, attendance.meeting_id, global_id)
    if not may_manage_meeting(context, meeting):
        raise Forbidden("Only the branch's secretary decides leave requests.")
    text = clean_text(note or "", field="note", max_length=500, required=False) or None
    action = A.APPROVE_LEAVE if approve else A.REFUSE_LEAVE
    return await _attendance_step(
        context, meeting, attendance.member_id, action, Actor.SECRETARY, {}, text
    )


async def check_in(
    context: Context,
    meeting_id: int,
    global_id: str,
    member_id: int | None,
) -> MeetingAttendanceRow:
    """签到: the member themself within the window around the start, or the secretary for a
    member (`member_id`) at any time until the meeting closes. Once per member."""
    meeting = await _meeting(context, meeting_id, global_id)
    own = context.viewer.member_id
    if member_id is None or member_id == own:
        if own is None:
            raise Forbidden(
                "Only a party member's own account checks in itself; a secretary names the "
                "member (`memberId`)."
            )
        now = utcnow()
        if not meeting.starts_at - CHECK_IN_OPENS <= now <= meeting.starts_at + CHECK_IN_CLOSES:
            raise BadUserInput(
                "Check-in is open from 30 minutes before the start until 2 hours after it; "
                "ask the secretary to check you in.",
                field="meetingId",
            )
        return await _attendance_step(context, meeting, own, A.CHECK_IN, Actor.MEMBER, {}, None)
    if not may_manage_meeting(context, meeting):
        raise Forbidden("Only the branch's secretary checks a member in for them.")
    return await _attendance_step(
        context, meeting, member_id, A.CHECK_IN, Actor.SECRETARY, {}, None
    )
