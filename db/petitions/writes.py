"""Petition writes: submission, workflow steps, overdue claims, the taxonomy.

Each write keeps the petition tallies (and, for a submission, the hot-word counts) in step in
the writer's transaction, and puts its steps on the timeline. Two writes are conditional, so
that concurrent writers cannot both act: a step applies only to the version it was decided on
(`apply_petition_step`), and a petition is claimed as overdue only once per level it reaches,
however many instances look (`claim_overdue_petition`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.departments.queries import held_by_department
from db.departments.tallies import rerate_departments
from db.organizations.models import OrganizationRow
from db.petitions.models import (
    OPEN_STATUSES,
    PetitionAction,
    PetitionCategoryRow,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
)
from db.petitions.queries import PetitionRecord
from db.petitions.tallies import placement, retally_petition
from db.petitions.words import add_word_counts, roll_up


@dataclass(frozen=True, slots=True)
class Step:
    """One step on a petition's timeline (全过程留痕): who did what, when, from which status."""

    action: PetitionAction
    from_status: PetitionStatus | None
    to_status: PetitionStatus
    actor_account_id: int | None
    actor_name: str | None
    organization_id: int | None
    note: str | None
    at: datetime


def _add_steps(session: AsyncSession, petition_id: int, steps: Sequence[Step]) -> None:
    session.add_all(PetitionStepRow(petition_id=petition_id, **asdict(step)) for step in steps)


async def add_petition_steps(
    session: AsyncSession, petition_id: int, steps: Sequence[Step]
) -> None:
    """Further steps of a petition written with its history at once (the demo's)."""
    _add_steps(session, petition_id, steps)
    await session.flush()


async def find_submission(
    session: AsyncSession, account_id: int, idempotency_key: str
) -> PetitionRow | None:
    """The petition the account submitted with this idempotency key, if any."""
    return await session.scalar(
        select(PetitionRow).where(
            PetitionRow.created_by_account_id == account_id,
            PetitionRow.idempotency_key == idempotency_key,
        )
    )


async def insert_petition(
    session: AsyncSession, values: Mapping[str, Any], step: Step, words: Counter[str]
) -> PetitionRow:
    """A new petition with its first step, its tallies and its hot words. A second petition
    with the same account and idempotency key fails the transaction."""
    row = PetitionRow(**values)
    session.add(row)
    await session.flush()
    await retally_petition(session, None, placement(row))
    _add_steps(session, row.id, [step])
    await add_word_counts(session, roll_up([(row.org_path, row.day, words)]))
    return row


async def apply_petition_step(
    session: AsyncSession,
    row: PetitionRow | PetitionRecord,
    values: Mapping[str, Any],
    steps: Sequence[Step],
    now: datetime,
) -> PetitionRow | None:
    """Set `values` on the petition if it is still at the version `row` was read at (a
    conditional UPDATE), add the steps, move its tallies; the petition as it now is, or None
    when it changed meanwhile (nothing is written then)."""
    result = await session.execute(
        update(PetitionRow)
        .where(PetitionRow.id == row.id, PetitionRow.version == row.version)
        .values(**values, version=row.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    _add_steps(session, row.id, steps)
    before = placement(row)
    fresh = await session.get_one(PetitionRow, row.id, populate_existing=True)
    await retally_petition(session, before, placement(fresh))
    # A rating (or a reopen clearing it) counts for the departments that handled it too.
    await rerate_departments(session, row.id, row.satisfaction, fresh.satisfaction)
    return fresh


async def overdue_petition_ids(
    session: AsyncSession, now: datetime, limit: int
) -> list[tuple[int, int]]:
    """(id, escalations) of open petitions past the deadline of the level holding them, the
    longest overdue first (the (status, level_deadline_at) index serves it); none a department
    holds within its dispatch's deadline."""
    query = (
        select(PetitionRow.id, PetitionRow.escalations)
        .where(
            PetitionRow.status.in_(OPEN_STATUSES),
            PetitionRow.level_deadline_at < now,
            ~held_by_department(PetitionRow.id, now),
        )
        .order_by(PetitionRow.level_deadline_at)
        .limit(limit)
    )
    return [(petition_id, level) for petition_id, level in await session.execute(query)]


async def claim_overdue_petition(
    session: AsyncSession, petition_id: int, escalations: int, now: datetime
) -> PetitionRow | None:
    """Claim the open petition, overdue at the level it has reached after `escalations`
    escalations, once: the first statement of the claimer's transaction, a conditional UPDATE
    that only one instance's call can make (it clears the level deadline, which the claimer
    sets anew if the petition climbs). `overdue_at` keeps the first time it was overdue. The
    petition when this call claimed it; None when another did, or it moved on meanwhile."""
    claimed = await session.execute(
        update(PetitionRow)
        .where(
            PetitionRow.id == petition_id,
            PetitionRow.escalations == escalations,
            PetitionRow.level_deadline_at < now,
            PetitionRow.status.in_(OPEN_STATUSES),
            ~held_by_department(PetitionRow.id, now),
        )
        .values(overdue_at=func.coalesce(PetitionRow.overdue_at, now), level_deadline_at=None)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        return None
    return await session.get_one(PetitionRow, petition_id, populate_existing=True)


async def holder_and_parent(
    session: AsyncSession, row: PetitionRow
) -> tuple[OrganizationRow | None, OrganizationRow | None]:
    """The organisation holding the petition and its parent (None at the top of the tree)."""
    holder = await session.get(OrganizationRow, row.handling_org_id)
    if holder is None or holder.parent_id is None:
        return holder, None
    return holder, await session.get(OrganizationRow, holder.parent_id)


async def insert_category(session: AsyncSession, values: Mapping[str, Any]) -> PetitionCategoryRow:
    """A new subcategory; a taken code fails the transaction."""
    row = PetitionCategoryRow(**values)
    session.add(row)
    await session.flush()
    return row


async def mark_category_retired(
    session: AsyncSession, category_id: int, now: datetime
) -> tuple[PetitionCategoryRow, bool] | None:
    """Close the category to new petitions: it and whether this call retired it (False when it
    already was); None when there is no such category."""
    row = await session.get(PetitionCategoryRow, category_id)
    if row is None:
        return None
    if row.retired_at is not None:
        return row, False
    row.retired_at = now
    await session.flush()
    return row, True
