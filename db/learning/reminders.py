"""Reads for learning's reminder rule: party members with an account whose credited minutes
this year are below what the year's pace asks by now (members who never studied count as
none)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, literal, select

from db.accounts.models import MemberAccountRow
from db.base import UtcDateTime
from db.engine import Session
from db.learning.models import StudyYearRow
from db.members.models import PARTY_MEMBER_STATUSES, MemberRow
from db.reminders.queries import not_yet_reminded

LIMIT = 5000


async def members_behind(
    session: Session, rule: str, year: int, expected_minutes: int, due_at: datetime
) -> list[tuple[int, int, int]]:
    """(member, account, minutes this year) of party members with an account who have fewer
    than `expected_minutes` in `year` and whom `rule` has not reminded for `due_at`, at most
    LIMIT."""
    minutes = func.coalesce(StudyYearRow.minutes, 0)
    query = (
        select(MemberAccountRow.member_id, MemberAccountRow.account_id, minutes)
        .join(MemberRow, MemberRow.id == MemberAccountRow.member_id)
        .outerjoin(
            StudyYearRow,
            and_(StudyYearRow.member_id == MemberAccountRow.member_id, StudyYearRow.year == year),
        )
        .where(
            MemberRow.status.in_(PARTY_MEMBER_STATUSES),
            minutes < expected_minutes,
            not_yet_reminded(
                rule,
                MemberAccountRow.account_id,
                MemberAccountRow.member_id,
                literal(due_at, UtcDateTime()),
            ),
        )
        .order_by(MemberAccountRow.member_id)
        .limit(LIMIT)
    )
    return [(int(m), int(a), int(n)) for m, a, n in await session.execute(query)]
