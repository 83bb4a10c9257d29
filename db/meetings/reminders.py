"""Reads for the meetings' reminder rules: the attendees with an account of meetings starting
within a window, who have neither checked in nor been excused; the branches that have not
met this month's cadence yet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, func, select

from db.accounts.models import MemberAccountRow
from db.base import core_table
from db.engine import Session
from db.meetings.compliance import JUDGED_KINDS
from db.meetings.models import (
    AttendanceStatus,
    MeetingAttendanceRow,
    MeetingKindRow,
    MeetingRow,
    MeetingStatus,
)
from db.meetings.subtree_tallies import ComplianceTallyRow
from db.organizations.models import OrganizationRow
from db.paths import within_any
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


async def branches_not_met(
    session: Session, roots: Sequence[str], month: str, *, quarter_end: bool
) -> list[tuple[int, str, str]]:
    """(id, path, name) of the branches in the subtrees that have not yet met `month`'s cadence
    by their kept flags (db/meetings/subtree_tallies.py): every monthly kind held in it, and in
    a quarter's last month the quarterly kinds too; a branch with no row met nothing. One
    index range over the branches, a key lookup each: no branch's meetings are read."""
    o = core_table(OrganizationRow).c
    t = core_table(ComplianceTallyRow).c
    flag = t.month_compliant if quarter_end else t.month_met
    joined = core_table(OrganizationRow).outerjoin(
        core_table(ComplianceTallyRow), and_(t.organization_id == o.id, t.month == month)
    )
    query = (
        select(o.id, o.path, o.name)
        .select_from(joined)
        .where(within_any(o.path, roots), o.kind.in_(JUDGED_KINDS), func.coalesce(flag, 0) == 0)
        .order_by(o.id)
    )
    return [(int(key), str(path), str(name)) for key, path, name in await session.execute(query)]
