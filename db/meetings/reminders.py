"""Reads for the meetings' reminder rule: the attendees with an account of meetings starting
within a window, who have neither checked in nor been excused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from db.accounts.models import MemberAccountRow
from db.engine import Session
from db.meetings.models import (
    AttendanceStatus,
    MeetingAttendanceRow,
    MeetingKindRow,
    MeetingRow,
    MeetingStatus,
)
from db.reminders.queries import not_yet_reminded

LIMIT = 5000
_TO_REMIND = (AttendanceStatus.EXPECTED, AttendanceStatus.LEAVE_REQUESTED)


async def attendees_to_remind(
    session: Session, rule: str, now: datetime, until: datetime
) -> list[tuple[int, str, str, str, datetime, int]]:
    """(meeting id, kind name, topic, address, start, account) for each expected attendee with
    an account of a scheduled meeting starting in [now, until) whom `rule` has not reminded,
    the soonest first."""
    query = (
        select(
            MeetingRow.id,
            MeetingKindRow.name,
            MeetingRow.topic,
            MeetingRow.address,
            MeetingRow.starts_at,
            MemberAccountRow.account_id,
        )
        .join(MeetingKindRow, MeetingKindRow.code == MeetingRow.kind_code)
        .join(MeetingAttendanceRow, MeetingAttendanceRow.meeting_id == MeetingRow.id)
        .join(MemberAccountRow, MemberAccountRow.member_id == MeetingAttendanceRow.member_id)
        .where(
            MeetingRow.status == MeetingStatus.SCHEDULED,
            MeetingRow.starts_at >= now,
            MeetingRow.starts_at < until,
            MeetingAttendanceRow.status.in_(_TO_REMIND),
            not_yet_reminded(
                rule, MemberAccountRow.account_id, MeetingRow.id, MeetingRow.starts_at
            ),
        )
        .order_by(MeetingRow.starts_at, MeetingAttendanceRow.id)
        .limit(LIMIT)
    )
    return [
        (meeting_id, kind, topic, address, starts_at, account_id)
        for meeting_id, kind, topic, address, starts_at, account_id in await session.execute(query)
    ]
