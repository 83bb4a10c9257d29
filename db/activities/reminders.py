"""Reads for the activities' reminder rule: confirmed sign-ups of activities starting within a
window (the (starts_at, ends_at) index serves it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from db.activities.models import ActivityRow, ActivityStatus, RegistrationRow, RegistrationStatus
from db.engine import Session
from db.reminders.queries import not_yet_reminded

LIMIT = 5000


async def confirmed_sign_ups_starting(
    session: Session, rule: str, now: datetime, until: datetime
) -> list[tuple[int, str, str, datetime, int]]:
    """(activity id, title, address, start, account) of every confirmed sign-up of a
    scheduled (not cancelled) activity starting in [now, until), the soonest first, at most
    LIMIT, leaving out those `rule` has reminded."""
    query = (
        select(
            ActivityRow.id,
            ActivityRow.title,
            ActivityRow.address,
            ActivityRow.starts_at,
            RegistrationRow.account_id,
        )
        .join(RegistrationRow, RegistrationRow.activity_id == ActivityRow.id)
        .where(
            ActivityRow.starts_at >= now,
            ActivityRow.starts_at < until,
            ActivityRow.status == ActivityStatus.SCHEDULED,
            RegistrationRow.status == RegistrationStatus.CONFIRMED,
            not_yet_reminded(
                rule, RegistrationRow.account_id, ActivityRow.id, ActivityRow.starts_at
            ),
        )
        .order_by(ActivityRow.starts_at, RegistrationRow.id)
        .limit(LIMIT)
    )
    return [
        (activity_id, title, address, starts_at, account_id)
        for activity_id, title, address, starts_at, account_id in await session.execute(query)
    ]
