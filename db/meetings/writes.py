"""Writes of meetings: scheduling with the branch's members as attendees, the workflow's steps
as conditional updates on a version, attendance steps, each on the timeline and the tallies.

A meeting step (hold, minutes, close, cancel) updates the meeting only if it is at
the version the actor saw. An attendance step (leave, its decision, a check-in) updates the
attendee's row only at the version read, and moves the meeting's counts with a relative UPDATE
that also takes the meeting's row lock: a check-in and the meeting being held are ordered, so
the tallies count each presence exactly once whichever commits first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.meetings.models import (
    AttendanceStatus,
    MeetingAction,
    MeetingAttendanceRow,
    MeetingRow,
    MeetingStatus,
    MeetingStepRow,
)
from db.meetings.subtree_tallies import ComplianceWatch, lock_branch_of
from db.meetings.tallies import (
    HELD_STATUSES,
    Placement,
    adjust_meeting_tally,
    month_of,
    placement,
    retally_meeting,
)
from db.members.models import MemberRow, MemberStatus
from db.paths import within_any

# Who attends a branch's meetings: its full and probationary members 正式党员、预备党员.
ATTENDING = (MemberStatus.FULL, MemberStatus.PROBATIONARY)


@dataclass(frozen=True, slots=True)
class Step:
    action: MeetingAction
    from_status: MeetingStatus | None
    to_status: MeetingStatus
    actor_account_id: int | None
    at: datetime
    member_id: int | None = None
    note: str | None = None


def add_step(session: AsyncSession, meeting_id: int, step: Step) -> None:
    session.add(
        MeetingStepRow(
            meeting_id=meeting_id,
            action=step.action,
            from_status=step.from_status,
            to_status=step.to_status,
            member_id=step.member_id,
            actor_account_id=step.actor_account_id,
            note=step.note,
            at=step.at,
        )
    )


async def branch_attendees(session: AsyncSession, branch_path: str) -> list[int]:
    """The members who attend the branch's meetings (its subtree's, party groups included)."""
    return list(
        await session.scalars(
            select(MemberRow.id)
            .where(within_any(MemberRow.org_path, [branch_path]), MemberRow.status.in_(ATTENDING))
            .order_by(MemberRow.id)
        )
    )


async def insert_meeting(
    session: AsyncSession, values: Mapping[str, Any], member_ids: Sequence[int], step: Step
) -> MeetingRow:
    row = MeetingRow(**values, attendees=len(member_ids), excused=0, present=0)
    session.add(row)
    await session.flush()
    session.add_all(
        MeetingAttendanceRow(
            meeting_id=row.id, member_id=member, status=AttendanceStatus.EXPECTED, version=1
        )
        for member in member_ids
    )
    add_step(session, row.id, step)
    await session.flush()
    return row


async def apply_meeting_step(
    session: AsyncSession,
    meeting_id: int,
    version: int,
    values: Mapping[str, Any],
    step: Step,
) -> MeetingRow | None:
    """Set `values` if the meeting is still at `version`, add the step, move its tallies; the
    meeting as it now is, or None when it changed meanwhile (nothing written then). A step
    that holds or un-holds it locks its branch first (ComplianceWatch), before the meeting's
    row, in the order a move of the subtree takes them: organisations, then meetings."""
    if (step.from_status in HELD_STATUSES) != (step.to_status in HELD_STATUSES):
        path = await session.scalar(select(MeetingRow.org_path).where(MeetingRow.id == meeting_id))
        if path is not None:
            await lock_branch_of(session, path)
    result = await session.execute(
        update(MeetingRow)
        .where(MeetingRow.id == meeting_id, MeetingRow.version == version)
        .values(**values, version=version + 1, updated_at=step.at)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    fresh = await session.get_one(MeetingRow, meeting_id, populate_existing=True)
    # At that version its status was `step.from_status`; a step moves the status, never the
    # counts.
    before, after = _as_of(fresh, step.from_status), placement(fresh)
    if before != after:
        moved = [found for found in (before, after) if found is not None]
        watch = await ComplianceWatch.start(session, moved)
        await retally_meeting(session, before, after)
        counted = [(found, sign) for found, sign in ((before, -1), (after, 1)) if found]
        await watch.finish(session, counted, held=True)
    add_step(session, meeting_id, step)
    await session.flush()
    return fresh


def _as_of(row: MeetingRow, before_status: MeetingStatus | None) -> Placement | None:
    """Where the locked meeting counted before this step (its counts are unchanged by it)."""
    if before_status not in HELD_STATUSES:
        return None
    return Placement(
        row.org_path, month_of(row.starts_at), row.kind_code, row.attendees - row.excused,
        row.present,
    )  # fmt: skip


async def attendance_of(
    session: AsyncSession, meeting_id: int, member_id: int
) -> MeetingAttendanceRow | None:
    return await session.scalar(
        select(MeetingAttendanceRow).where(
            MeetingAttendanceRow.meeting_id == meeting_id,
            MeetingAttendanceRow.member_id == member_id,
        )
    )


async def apply_attendance_step(
    session: AsyncSession,
    attendance: MeetingAttendanceRow,
    values: Mapping[str, Any],
    step: Step,
) -> AttendanceOutcome | None:
    """Set `values` on the attendee's row if still at the version read; move the meeting's
    counts (and, once held, its tallies) by the change of status. None when the row changed
    meanwhile (nothing written then)."""
    old = attendance.status
    version = attendance.version
    result = await session.execute(
        update(MeetingAttendanceRow)
        .where(MeetingAttendanceRow.id == attendance.id, MeetingAttendanceRow.version == version)
        .values(**values, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    fresh = await session.get_one(MeetingAttendanceRow, attendance.id, populate_existing=True)
    d_excused = (fresh.status is AttendanceStatus.EXCUSED) - (old is AttendanceStatus.EXCUSED)
    d_present = (fresh.status is AttendanceStatus.PRESENT) - (old is AttendanceStatus.PRESENT)
    counted = await session.execute(
        update(MeetingRow)
        .where(MeetingRow.id == attendance.meeting_id)
        .values(
            excused=MeetingRow.excused + d_excused,
            present=MeetingRow.present + d_present,
            updated_at=step.at,
        )
        .returning(
            MeetingRow.status,
            MeetingRow.org_path,
            MeetingRow.starts_at,
            MeetingRow.kind_code,
            MeetingRow.excused,
            MeetingRow.present,
        )
        .execution_options(synchronize_session=False)
    )
    status, path, starts_at, kind, excused, present = counted.one()
    if status in HELD_STATUSES and (d_excused or d_present):
        change = Placement(path, month_of(starts_at), kind, -d_excused, d_present)
        watch = await ComplianceWatch.start(session, [change], judge=False)
        await adjust_meeting_tally(session, change)
        await watch.finish(session, [(change, 1)], held=False)
    add_step(session, attendance.meeting_id, step)
    await session.flush()
    return AttendanceOutcome(fresh, excused, present)


@dataclass(frozen=True, slots=True)
class AttendanceOutcome:
    """The attendee's row after the step, and the meeting's counts after it."""

    attendance: MeetingAttendanceRow
    excused: int
    present: int
