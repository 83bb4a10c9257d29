"""Writing registrations 双报到: a member registers with a community (at most one active,
held by a unique key, so two requests racing register once), and the registration ends, as a
conditional write on its version; each step on the registration's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.mobility.models import (
    CommunityRegistrationRow,
    RegistrationAction,
    RegistrationStepRow,
)


@dataclass(frozen=True, slots=True)
class RegistrationStep:
    effective_on: date
    actor_id: int | None
    at: datetime
    note: str | None


async def active_registration(
    session: AsyncSession, member_id: int
) -> CommunityRegistrationRow | None:
    return await session.scalar(
        select(CommunityRegistrationRow).where(
            CommunityRegistrationRow.active_member_id == member_id
        )
    )


async def get_registration(
    session: AsyncSession, registration_id: int
) -> CommunityRegistrationRow | None:
    return await session.get(CommunityRegistrationRow, registration_id)


def _add_step(
    session: AsyncSession, registration_id: int, action: RegistrationAction, step: RegistrationStep
) -> None:
    session.add(
        RegistrationStepRow(
            registration_id=registration_id,
            action=action,
            effective_on=step.effective_on,
            actor_id=step.actor_id,
            recorded_at=step.at,
            note=step.note,
        )
    )


async def register(
    session: AsyncSession,
    member_id: int,
    community_id: int,
    community_path: str,
    step: RegistrationStep,
) -> CommunityRegistrationRow:
    """The member's active registration with the community (ConstraintViolation when they
    have one already: the unique active key)."""
    row = CommunityRegistrationRow(
        member_id=member_id,
        active_member_id=member_id,
        active=1,
        community_id=community_id,
        community_path=community_path,
        registered_on=step.effective_on,
        version=1,
        created_at=step.at,
    )
    session.add(row)
    await session.flush()
    _add_step(session, row.id, RegistrationAction.REGISTERED, step)
    await session.flush()
    return row


async def end_registration(
    session: AsyncSession, row: CommunityRegistrationRow, reason: str, step: RegistrationStep
) -> CommunityRegistrationRow | None:
    """End an active registration if still at the version read; None when it changed
    meanwhile (nothing written then)."""
    result = await session.execute(
        update(CommunityRegistrationRow)
        .where(
            CommunityRegistrationRow.id == row.id,
            CommunityRegistrationRow.version == row.version,
            CommunityRegistrationRow.active == 1,
        )
        .values(
            active=0,
            active_member_id=None,
            ended_on=step.effective_on,
            end_reason=reason,
            version=row.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    _add_step(session, row.id, RegistrationAction.ENDED, step)
    await session.flush()
    return await session.get_one(CommunityRegistrationRow, row.id, populate_existing=True)
