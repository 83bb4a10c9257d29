"""The resource wall 资源对接墙: resources units offer, needs communities post, and the exchanges
对接 that match one with the other, each step on the exchange's timeline (全过程留痕).

Text is segmented once, when a resource or need is written (`terms`, as petitions' hot words
are), so matching a need against the wall reads tokens instead of running jieba per request.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class ResourceCategory(enum.StrEnum):
    PARTY_BUILDING = "party_building"
    MASS_ORGANIZATION = "mass_organization"
    UNITED_FRONT = "united_front"
    CULTURE = "culture"
    COMMERCE = "commerce"
    EDUCATION = "education"
    HEALTH = "health"
    LEGAL = "legal"
    ELDERLY = "elderly"
    CHILDREN = "children"
    VENUE = "venue"
    VOLUNTEERING = "volunteering"
    ENVIRONMENT = "environment"
    EMPLOYMENT = "employment"
    OTHER = "other"


class ResourceStatus(enum.StrEnum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"


class NeedStatus(enum.StrEnum):
    OPEN = "open"  # on the wall, nobody has taken it on
    CLAIMED = "claimed"  # an exchange is under way
    FULFILLED = "fulfilled"  # delivered
    WITHDRAWN = "withdrawn"


OPEN_NEED_STATUSES = (NeedStatus.OPEN, NeedStatus.CLAIMED)


class ExchangeStatus(enum.StrEnum):
    POSTED = "posted"  # a community asked for a resource; the unit has not answered
    CLAIMED = "claimed"  # the unit took it on 认领
    SCHEDULED = "scheduled"  # a date is set
    DELIVERED = "delivered"  # the unit delivered
    RATED_BY_COMMUNITY = "rated_by_community"  # one side rated …
    RATED_BY_UNIT = "rated_by_unit"
    EVALUATED = "evaluated"  # … and then the other 双向评价
    WITHDRAWN = "withdrawn"


class ExchangeAction(enum.StrEnum):
    CLAIM = "claim"  # a unit claims a need (the exchange starts CLAIMED)
    REQUEST = "request"  # a community requests a resource (the exchange starts POSTED)
    ACCEPT = "accept"
    SCHEDULE = "schedule"
    DELIVER = "deliver"
    RATE = "rate"
    WITHDRAW = "withdraw"


class ResourceRow(Base):
    __tablename__ = "co_building_resources"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("co_building_units.id"), index=True)
    category: Mapped[ResourceCategory] = mapped_column(
        string_enum(ResourceCategory, "resource_category")
    )
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)
    quantity_unit: Mapped[str] = mapped_column(String(16))
    available_from: Mapped[date] = mapped_column(Date)
    available_until: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(String(200))
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[ResourceStatus] = mapped_column(
        string_enum(ResourceStatus, "resource_status"), default=ResourceStatus.OPEN
    )
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class NeedRow(Base):
    """A need posted by a community or grid (or by staff for a resident: `requested_for`)."""

    __tablename__ = "co_building_needs"
    __table_args__ = (
        Index("ix_co_building_needs_org_path_status", "org_path", "status"),
        UniqueConstraint("created_by_account_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    category: Mapped[ResourceCategory] = mapped_column(
        string_enum(ResourceCategory, "resource_category")
    )
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    people: Mapped[int] = mapped_column(Integer)
    needed_from: Mapped[date] = mapped_column(Date)
    needed_until: Mapped[date] = mapped_column(Date)
    requested_for: Mapped[str | None] = mapped_column(String(100))
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[NeedStatus] = mapped_column(
        string_enum(NeedStatus, "need_status"), default=NeedStatus.OPEN
    )
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ExchangeRow(Base):
    """One 对接 between a unit and a community: a need claimed, or a resource requested."""

    __tablename__ = "co_building_exchanges"
    __table_args__ = (
        Index("ix_co_building_exchanges_org_path", "org_path"),
        UniqueConstraint("created_by_account_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("co_building_units.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("co_building_needs.id"), index=True)
    resource_id: Mapped[int | None] = mapped_column(
        ForeignKey("co_building_resources.id"), index=True
    )
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    status: Mapped[ExchangeStatus] = mapped_column(string_enum(ExchangeStatus, "exchange_status"))
    scheduled_for: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    community_rating: Mapped[int | None] = mapped_column(Integer)
    community_comment: Mapped[str | None] = mapped_column(String(500))
    unit_rating: Mapped[int | None] = mapped_column(Integer)
    unit_comment: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class ExchangeStepRow(Base):
    """One step on an exchange's timeline: who (which side) did what, when, with what note."""

    __tablename__ = "co_building_exchange_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    exchange_id: Mapped[int] = mapped_column(
        ForeignKey("co_building_exchanges.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[ExchangeAction] = mapped_column(string_enum(ExchangeAction, "exchange_action"))
    side: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[ExchangeStatus | None] = mapped_column(
        string_enum(ExchangeStatus, "exchange_status")
    )
    to_status: Mapped[ExchangeStatus] = mapped_column(
        string_enum(ExchangeStatus, "exchange_status")
    )
    actor_account_id: Mapped[int | None] = mapped_column(BigId)
    actor_name: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
