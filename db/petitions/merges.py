"""Duplicate reports merged into a master petition: the reports that follow it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.petitions.models import PetitionRow, PetitionStatus

# A report that took an outcome of its master (and was not reopened on its own since).
FOLLOWED_OUTCOMES = (
    PetitionStatus.RESOLVED,
    PetitionStatus.REJECTED,
    PetitionStatus.RATED,
    PetitionStatus.CLOSED,
)


async def merged_reports(session: AsyncSession, master_id: int) -> list[PetitionRow]:
    """The reports merged into the master, oldest first: those still MERGED wait for its
    outcome, the others took an earlier one (the master was reopened since). The master's index
    on `master_id` serves it."""
    query = (
        select(PetitionRow)
        .where(
            PetitionRow.master_id == master_id,
            PetitionRow.status.in_((PetitionStatus.MERGED, *FOLLOWED_OUTCOMES)),
        )
        .order_by(PetitionRow.id)
    )
    return list(await session.scalars(query))
