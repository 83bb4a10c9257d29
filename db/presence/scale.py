"""Reads the city-scale generator needs for presence: the subtree's Party members, and
whether any of them has kept figures yet (the part is loaded once)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.members.models import PARTY_MEMBER_STATUSES, MemberRow
from db.paths import within_any
from db.presence.models import PresenceMonthRow


async def party_member_ids_under(session: AsyncSession, path: str) -> list[int]:
    """Ids of the subtree's Party members (probationary and full), in id order."""
    found = await session.scalars(
        select(MemberRow.id)
        .where(within_any(MemberRow.org_path, [path]), MemberRow.status.in_(PARTY_MEMBER_STATUSES))
        .order_by(MemberRow.id)
    )
    return list(found)


async def any_presence_under(session: AsyncSession, path: str) -> bool:
    found = await session.scalar(
        select(PresenceMonthRow.member_id)
        .join(MemberRow, MemberRow.id == PresenceMonthRow.member_id)
        .where(within_any(MemberRow.org_path, [path]))
        .limit(1)
    )
    return found is not None
