"""Development writes, on the transaction of a step (the member is locked first, so one
step at a time changes a person's record)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.development.models import (
    DevelopmentAction,
    DevelopmentContactRow,
    DevelopmentRow,
    DevelopmentStepRow,
    DevelopmentTrainingRow,
)


async def development_of(session: AsyncSession, member_id: int) -> DevelopmentRow:
    """The person's development row (a new, empty one if none yet); call with the member
    locked."""
    row = await session.get(DevelopmentRow, member_id, with_for_update=True)
    if row is None:
        row = DevelopmentRow(member_id=member_id, probation_extended=False)
        session.add(row)
        await session.flush()
    return row


async def contact_ids(session: AsyncSession, member_id: int) -> list[int]:
    found = await session.scalars(
        select(DevelopmentContactRow.contact_id)
        .where(DevelopmentContactRow.member_id == member_id)
        .order_by(DevelopmentContactRow.contact_id)
    )
    return list(found)


async def training_count(session: AsyncSession, member_id: int) -> int:
    found = await session.scalar(
        select(func.count()).where(DevelopmentTrainingRow.member_id == member_id)
    )
    return int(found or 0)


async def assign_contacts(
    session: AsyncSession, member_id: int, contacts: Sequence[int], on: date
) -> None:
    session.add_all(
        DevelopmentContactRow(member_id=member_id, contact_id=contact, assigned_on=on)
        for contact in contacts
    )
    await session.flush()


async def add_training(
    session: AsyncSession, member_id: int, held_on: date, topic: str, hours: int
) -> DevelopmentTrainingRow:
    row = DevelopmentTrainingRow(member_id=member_id, held_on=held_on, topic=topic, hours=hours)
    session.add(row)
    await session.flush()
    return row


async def add_step(
    session: AsyncSession,
    member_id: int,
    action: DevelopmentAction,
    *,
    from_status: str,
    to_status: str,
    effective_on: date,
    actor_id: int | None,
    note: str | None = None,
) -> DevelopmentStepRow:
    row = DevelopmentStepRow(
        member_id=member_id,
        action=action,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        actor_id=actor_id,
        recorded_at=utcnow(),
        note=note,
    )
    session.add(row)
    await session.flush()
    return row
