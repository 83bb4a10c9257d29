"""Duplicate reports merged into a master petition: the reports that follow it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.petitions.models import PetitionRow, PetitionStatus


async def merged_reports(session: AsyncSession, master_id: int) -> list[PetitionRow]:
    """The reports merged into the master still waiting for its outcome, oldest first (the
    master's index on `master_id` serves it)."""
    query = (
        select(PetitionRow)
        .where(PetitionRow.master_id == master_id, PetitionRow.status == PetitionStatus.MERGED)
        .order_by(PetitionRow.id)
    )
    return list(await session.scalars(query))
