"""Writes of volunteers: registration and the home their hours count for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.volunteers.models import VolunteerRow


async def volunteer_of_account(session: AsyncSession, account_id: int) -> VolunteerRow | None:
    return await session.scalar(select(VolunteerRow).where(VolunteerRow.account_id == account_id))


async def insert_volunteer(session: AsyncSession, values: Mapping[str, Any]) -> VolunteerRow:
    """A new volunteer; a second one for the same account fails the transaction."""
    row = VolunteerRow(**values)
    session.add(row)
    await session.flush()
    return row


async def change_volunteer(
    session: AsyncSession, volunteer_id: int, values: Mapping[str, Any]
) -> VolunteerRow:
    await session.execute(
        update(VolunteerRow)
        .where(VolunteerRow.id == volunteer_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return await session.get_one(VolunteerRow, volunteer_id, populate_existing=True)
