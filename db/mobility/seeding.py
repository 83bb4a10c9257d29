"""Reads the demo and city-scale generators need for members elsewhere: the subtree's Party
members with where they live, and whether the subtree has any mobility or registration yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.members.models import PARTY_MEMBER_STATUSES, MemberRow, Occupation
from db.mobility.models import CommunityRegistrationRow, MobilityRow
from db.organizations.models import OrganizationRow
from db.paths import within_any


@dataclass(frozen=True, slots=True)
class MemberPlace:
    member_id: int
    org_path: str
    occupation: Occupation
    is_mobile: bool
    residence_id: int | None
    residence_path: str | None


async def party_members_with_residence(session: AsyncSession, root_path: str) -> list[MemberPlace]:
    """The subtree's Party members (probationary and full) with their residence community's
    path, in id order."""
    rows = await session.execute(
        select(
            MemberRow.id,
            MemberRow.org_path,
            MemberRow.occupation,
            MemberRow.is_mobile,
            MemberRow.residence_community_id,
            OrganizationRow.path,
        )
        .outerjoin(OrganizationRow, OrganizationRow.id == MemberRow.residence_community_id)
        .where(
            within_any(MemberRow.org_path, [root_path]),
            MemberRow.status.in_(PARTY_MEMBER_STATUSES),
        )
        .order_by(MemberRow.id)
    )
    return [MemberPlace(*row) for row in rows]


async def any_elsewhere_under(session: AsyncSession, root_path: str) -> bool:
    """Whether a member of the subtree has whereabouts, or a community in it a registration."""
    mobile = await session.scalar(
        select(MobilityRow.member_id)
        .join(MemberRow, MemberRow.id == MobilityRow.member_id)
        .where(within_any(MemberRow.org_path, [root_path]))
        .limit(1)
    )
    if mobile is not None:
        return True
    registered = await session.scalar(
        select(CommunityRegistrationRow.id)
        .where(within_any(CommunityRegistrationRow.community_path, [root_path]))
        .limit(1)
    )
    return registered is not None
