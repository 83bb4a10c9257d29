"""Reads for the dues' reminder rule: party members with an account who have not paid the
month's dues (every paid month is this one or earlier, so the last one paid tells)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import literal, or_, select

from db.accounts.models import MemberAccountRow
from db.base import UtcDateTime
from db.dues.models import DuesAccountRow
from db.engine import Session
from db.reminders.queries import not_yet_reminded

LIMIT = 5000


async def members_unpaid_for(
    session: Session, rule: str, month: date, due_at: datetime
) -> list[tuple[int, int]]:
    """(member, account) of members with an account whose dues account is open for `month`,
    who have not paid it and whom `rule` has not reminded of it, at most LIMIT."""
    query = (
        select(DuesAccountRow.member_id, MemberAccountRow.account_id)
        .join(MemberAccountRow, MemberAccountRow.member_id == DuesAccountRow.member_id)
        .where(
            DuesAccountRow.start_month <= month,
            or_(DuesAccountRow.last_paid_month.is_(None), DuesAccountRow.last_paid_month < month),
            not_yet_reminded(
                rule,
                MemberAccountRow.account_id,
                DuesAccountRow.member_id,
                literal(due_at, UtcDateTime()),
            ),
        )
        .order_by(DuesAccountRow.member_id)
        .limit(LIMIT)
    )
    return [(member_id, account_id) for member_id, account_id in await session.execute(query)]
