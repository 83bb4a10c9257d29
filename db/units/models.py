"""Co-building units 共建单位 (enterprises, schools, hospitals, agencies, 两新组织): not nodes of
the organisation tree but parties of their own, with agreements 共建协议 signed with communities,
and the accounts that act for them (the `unit` role).

A unit is registered with an organisation of the tree (`home_org_id`, usually the street whose
区域化党建 alliance it joined; `home_path` follows moves) and may have its own party organisation
in the tree (`party_org_id`). What a unit's account may see follows its agreements: the
communities it serves now (db/units/queries.py `served_communities`).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class UnitSector(enum.StrEnum):
    ENTERPRISE = "enterprise"
    STATE_OWNED = "state_owned"
    SCHOOL = "school"
    HOSPITAL = "hospital"
    AGENCY = "agency"
    SOCIAL_ORGANIZATION = "social_organization"
    OTHER = "other"


class UnitRow(Base):
    __tablename__ = "co_building_units"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sector: Mapped[UnitSector] = mapped_column(string_enum(UnitSector, "unit_sector"))
    contact_name: Mapped[str] = mapped_column(String(64))
    contact_phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    home_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    home_path: Mapped[str] = mapped_column(PathString, index=True, info=FOLLOWS_MOVES)
    party_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class AgreementRow(Base):
    """A co-building agreement 共建协议 between a unit and a community, from `starts_on` to
    `ends_on` (open-ended when null)."""

    __tablename__ = "co_building_agreements"
    __table_args__ = (
        UniqueConstraint("unit_id", "community_id", "starts_on"),
        Index("ix_co_building_agreements_community_path", "community_path"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("co_building_units.id", ondelete="CASCADE"), index=True
    )
    community_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    community_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    content: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class UnitAccountRow(Base):
    """An account that acts for a unit (the `unit` role): one unit per account."""

    __tablename__ = "co_building_unit_accounts"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("co_building_units.id", ondelete="CASCADE"), index=True
    )
