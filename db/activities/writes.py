"""Writes of activities: creating and cancelling them, sign-ups with a waiting list, attendance.

Every write about an activity's seats begins with `lock_activity`, a conditional UPDATE of the
activity's row: on PostgreSQL it holds the row lock until the transaction ends, on SQLite it is
the transaction's first write, which takes the database's write lock. Whatever is read after
it (the counts, the queue) is therefore current, and no two sign-ups or cancellations of one
activity interleave: a capacity is never exceeded, and the waiting list is promoted in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.activities.models import (
    ActivityRow,
    ActivityStatus,
    AttendanceMethod,
    RegistrationRow,
    RegistrationStatus,
)


async def insert_activity(session: AsyncSession, values: Mapping[str, Any]) -> ActivityRow:
    row = ActivityRow(**values)
    session.add(row)
    await session.flush()
    return row


async def lock_activity(
    session: AsyncSession, activity_id: int, now: datetime
) -> ActivityRow | None:
    """Lock the scheduled activity for this transaction (see the module's docstring); None
    when there is no such scheduled activity."""
    result = await session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == activity_id, ActivityRow.status == ActivityStatus.SCHEDULED)
        .values(version=ActivityRow.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(ActivityRow, activity_id, populate_existing=True)


async def registration_of(
    session: AsyncSession, activity_id: int, account_id: int
) -> RegistrationRow | None:
    return await session.scalar(
        select(RegistrationRow).where(
            RegistrationRow.activity_id == activity_id, RegistrationRow.account_id == account_id
        )
    )


async def sign_up(
    session: AsyncSession,
    activity: ActivityRow,
    existing: RegistrationRow | None,
    values: Mapping[str, Any],
    now: datetime,
) -> RegistrationRow:
    """With the activity locked: a seat if one is free, else a place at the end of the
    waiting list. `existing` (cancelled) is reused; the counts move with it."""
    seat = activity.signed_up < activity.capacity
    status = RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITLISTED
    fields = {
        "status": status,
        "queued_at": now,
        "confirmed_at": now if seat else None,
        "cancelled_at": None,
    }
    if existing is None:
        row = RegistrationRow(**values, **fields)
        session.add(row)
    else:
        row = existing
        for name, value in fields.items():
            setattr(row, name, value)
    if seat:
        activity.signed_up += 1
    else:
        activity.waitlisted += 1
    await session.flush()
    return row


async def cancel(
    session: AsyncSession, activity: ActivityRow, registration: RegistrationRow, now: datetime
) -> RegistrationRow | None:
    """With the activity locked: cancel the registration; a seat it frees goes to the first of
    the waiting list (returned), else the seat count falls."""
    was = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    promoted: RegistrationRow | None = None
    if was is RegistrationStatus.WAITLISTED:
        activity.waitlisted -= 1
    elif was is RegistrationStatus.CONFIRMED:
        promoted = await session.scalar(
            select(RegistrationRow)
            .where(
                RegistrationRow.activity_id == activity.id,
                RegistrationRow.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(RegistrationRow.queued_at, RegistrationRow.id)
            .limit(1)
        )
        if promoted is None:
            activity.signed_up -= 1
        else:
            promoted.status = RegistrationStatus.CONFIRMED
            promoted.confirmed_at = now
            activity.waitlisted -= 1
    await session.flush()
    return promoted


async def check_in(
    session: AsyncSession, registration_id: int, method: AttendanceMethod, now: datetime
) -> bool:
    """Mark a confirmed registration checked in, once: False when it already was (or is not
    confirmed), and nothing is written then."""
    result = await session.execute(
        update(RegistrationRow)
        .where(
            RegistrationRow.id == registration_id,
            RegistrationRow.status == RegistrationStatus.CONFIRMED,
            RegistrationRow.checked_in_at.is_(None),
        )
        .values(checked_in_at=now, check_in_method=method)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    registration = await session.get_one(RegistrationRow, registration_id)
    await session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == registration.activity_id)
        .values(checked_in=ActivityRow.checked_in + 1)
        .execution_options(synchronize_session=False)
    )
    return True


async def check_out(
    session: AsyncSession,
    registration_id: int,
    method: AttendanceMethod,
    now: datetime,
    minutes: int,
) -> RegistrationRow | None:
    """Mark a checked-in registration checked out with its minutes, once: None when it was
    not checked in or already checked out (nothing is written then)."""
    result = await session.execute(
        update(RegistrationRow)
        .where(
            RegistrationRow.id == registration_id,
            RegistrationRow.checked_in_at.is_not(None),
            RegistrationRow.checked_out_at.is_(None),
        )
        .values(checked_out_at=now, check_out_method=method, minutes=minutes)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(RegistrationRow, registration_id, populate_existing=True)


async def give_feedback(
    session: AsyncSession, registration_id: int, score: int, comment: str | None
) -> RegistrationRow | None:
    """The participant's one feedback score; None when already given (nothing written)."""
    result = await session.execute(
        update(RegistrationRow)
        .where(RegistrationRow.id == registration_id, RegistrationRow.feedback_score.is_(None))
        .values(feedback_score=score, feedback_comment=comment)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    registration = await session.get_one(RegistrationRow, registration_id, populate_existing=True)
    await session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == registration.activity_id)
        .values(
            feedback_count=ActivityRow.feedback_count + 1,
            feedback_sum=ActivityRow.feedback_sum + score,
        )
        .execution_options(synchronize_session=False)
    )
    return registration


async def cancel_activity(
    session: AsyncSession, activity_id: int, version: int, now: datetime
) -> ActivityRow | None:
    """Cancel the activity if it is still at `version` and scheduled; None otherwise."""
    result = await session.execute(
        update(ActivityRow)
        .where(
            ActivityRow.id == activity_id,
            ActivityRow.version == version,
            ActivityRow.status == ActivityStatus.SCHEDULED,
        )
        .values(status=ActivityStatus.CANCELLED, version=version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(ActivityRow, activity_id, populate_existing=True)


async def due_announcements(
    session: AsyncSession, now: datetime, limit: int
) -> list[tuple[int, str]]:
    """Scheduled activities whose start or end has come and was not announced yet:
    (id, "started" or "ended"), the oldest first."""
    started = await session.scalars(
        select(ActivityRow.id)
        .where(
            ActivityRow.status == ActivityStatus.SCHEDULED,
            ActivityRow.started_at.is_(None),
            ActivityRow.starts_at <= now,
            ActivityRow.ends_at > now,
        )
        .order_by(ActivityRow.starts_at)
        .limit(limit)
    )
    ended = await session.scalars(
        select(ActivityRow.id)
        .where(
            ActivityRow.status == ActivityStatus.SCHEDULED,
            ActivityRow.ended_at.is_(None),
            ActivityRow.ends_at <= now,
        )
        .order_by(ActivityRow.ends_at)
        .limit(limit)
    )
    return [(key, "started") for key in started] + [(key, "ended") for key in ended]


async def claim_announcement(
    session: AsyncSession, activity_id: int, what: str, now: datetime
) -> ActivityRow | None:
    """Mark the start (or end) announced, once however many instances look: the activity when
    this call claimed it, else None."""
    column = ActivityRow.started_at if what == "started" else ActivityRow.ended_at
    result = await session.execute(
        update(ActivityRow)
        .where(ActivityRow.id == activity_id, column.is_(None))
        .values({column.key: now})
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(ActivityRow, activity_id, populate_existing=True)
