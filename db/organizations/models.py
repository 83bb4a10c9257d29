"""The organisation tree: governance nodes and their party organisations, by materialized path."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum
from db.paths import within_any
from db.records import Connectable


class GovernanceLevel(enum.StrEnum):
    CITY = "city"
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"
    GRID = "grid"


class PartyOrgKind(enum.StrEnum):
    COMMITTEE = "committee"
    WORKING_COMMITTEE = "working_committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    PARTY_GROUP = "party_group"


class Sector(enum.StrEnum):
    GOVERNANCE = "governance"
    NON_PUBLIC_ENTERPRISE = "non_public_enterprise"
    SOCIAL_ORGANIZATION = "social_organization"


class OrganizationRow(Base):
    __tablename__ = "organizations"
    __table_args__ = (Index("ix_organizations_level_path", "level", "path"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    path: Mapped[str] = mapped_column(PathString, unique=True)
    depth: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    level: Mapped[GovernanceLevel | None] = mapped_column(
        string_enum(GovernanceLevel, "governance_level")
    )
    kind: Mapped[PartyOrgKind] = mapped_column(string_enum(PartyOrgKind, "party_org_kind"))
    sector: Mapped[Sector] = mapped_column(string_enum(Sector, "sector"), default=Sector.GOVERNANCE)
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


async def get_organization_by_code(session: AsyncSession, code: str) -> OrganizationRow | None:
    return await session.scalar(select(OrganizationRow).where(OrganizationRow.code == code))


async def count_organizations_by_level(
    session: Connectable, paths: Sequence[str]
) -> dict[str, dict[GovernanceLevel | None, int]]:
    """For each subtree root path, how many organisations of each level it holds (one query)."""
    if not paths:
        return {}
    parts = [
        select(
            literal(index, Integer).label("root"),
            OrganizationRow.level,
            func.count().label("n"),
        )
        .where(within_any(OrganizationRow.path, [path]))
        .group_by(OrganizationRow.level)
        for index, path in enumerate(paths)
    ]
    result: dict[str, dict[GovernanceLevel | None, int]] = {path: {} for path in paths}
    for root, level, n in await session.execute(union_all(*parts)):
        result[paths[root]][level] = n
    return result
