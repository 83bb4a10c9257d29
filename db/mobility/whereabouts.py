"""Writing a mobile member's whereabouts 流动党员去向: mark, move, clear, each a conditional
write on the record's version, with the member's `is_mobile` flag and version kept in step and
the step on the member's mobility timeline, in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.members.models import MemberRow
from db.mobility.models import MobilityAction, MobilityRow, MobilityStepRow


@dataclass(frozen=True, slots=True)
class Whereabouts:
    whereabouts: str
    organization_id: int | None
    since: date


@dataclass(frozen=True, slots=True)
class MobilityStep:
    action: MobilityAction
    effective_on: date
    actor_id: int | None
    at: datetime
    note: str | None


async def current_whereabouts(session: AsyncSession, member_id: int) -> MobilityRow | None:
    return await session.scalar(select(MobilityRow).where(MobilityRow.member_id == member_id))


async def set_mobile_flag(
    session: AsyncSession, member_id: int, mobile: bool, at: datetime
) -> None:
    """The member's `is_mobile`, with their version bumped (the member changed)."""
    await session.execute(
        update(MemberRow)
        .where(MemberRow.id == member_id)
        .values(is_mobile=mobile, version=MemberRow.version + 1, updated_at=at)
        .execution_options(synchronize_session=False)
    )


def _add_step(
    session: AsyncSession, member_id: int, step: MobilityStep, where: Whereabouts | None
) -> None:
    session.add(
        MobilityStepRow(
            member_id=member_id,
            action=step.action,
            whereabouts=where.whereabouts if where else None,
            organization_id=where.organization_id if where else None,
            effective_on=step.effective_on,
            actor_id=step.actor_id,
            recorded_at=step.at,
            note=step.note,
        )
    )


async def mark_mobile(
    session: AsyncSession, member_id: int, where: Whereabouts, step: MobilityStep
) -> MobilityRow:
    """A member becomes mobile with these whereabouts (a concurrent mark of the same member
    fails on the key: ConstraintViolation)."""
    row = MobilityRow(
        member_id=member_id,
        whereabouts=where.whereabouts,
        organization_id=where.organization_id,
        since=where.since,
        version=1,
        updated_at=step.at,
    )
    session.add(row)
    await session.flush()
    await set_mobile_flag(session, member_id, True, step.at)
    _add_step(session, member_id, step, where)
    await session.flush()
    return row


async def move_mobile(
    session: AsyncSession, row: MobilityRow, where: Whereabouts, step: MobilityStep
) -> MobilityRow | None:
    """New whereabouts for a mobile member, if the record is still at the version read; None
    when it changed meanwhile (nothing written then)."""
    result = await session.execute(
        update(MobilityRow)
        .where(MobilityRow.member_id == row.member_id, MobilityRow.version == row.version)
        .values(
            whereabouts=where.whereabouts,
            organization_id=where.organization_id,
            since=where.since,
            version=row.version + 1,
            updated_at=step.at,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    _add_step(session, row.member_id, step, where)
    await session.flush()
    return await session.get_one(MobilityRow, row.member_id, populate_existing=True)


async def clear_mobile(session: AsyncSession, row: MobilityRow, step: MobilityStep) -> bool:
    """The member is back: the record goes (if still at the version read), the flag is
    cleared. False when it changed meanwhile (nothing written then)."""
    result = await session.execute(
        delete(MobilityRow)
        .where(MobilityRow.member_id == row.member_id, MobilityRow.version == row.version)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    await set_mobile_flag(session, row.member_id, False, step.at)
    _add_step(session, row.member_id, step, None)
    await session.flush()
    return True
