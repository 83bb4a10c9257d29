"""Members who are elsewhere: mobile members 流动党员 with where they are now, and 双报到,
members registered with the community they live in while their relation stays in their own
branch. Both keep their whole history on a timeline (全过程留痕).

- `member_mobility`: a mobile member's whereabouts now (text, and optionally the
  organisation they take part in there, 流入地党组织). The flag itself is the member's
  `is_mobile`, kept in step by the same writes, so member lists filter on it as before.
- `member_mobility_steps`: each time a member was marked mobile, their whereabouts changed,
  or the mark was cleared.
- `community_registrations`: a member's registration 报到 with a community. At most one is
  active per member (`active_member_id`, null once ended, is unique). `community_path`
  follows the tree, so a community's list is one index range.
- `community_registration_steps`: registered, ended; by whom, when, why.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class MobilityAction(enum.StrEnum):
    MARKED = "marked"  # became a mobile member 列为流动党员
    MOVED = "moved"  # whereabouts changed 去向变更
    CLEARED = "cleared"  # back, no longer mobile 返回


class MobilityRow(Base):
    __tablename__ = "member_mobility"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    whereabouts: Mapped[str] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    since: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class MobilityStepRow(Base):
    __tablename__ = "member_mobility_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    action: Mapped[MobilityAction] = mapped_column(string_enum(MobilityAction, "mobility_action"))
    whereabouts: Mapped[str | None] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    effective_on: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(String(200))


class RegistrationAction(enum.StrEnum):
    REGISTERED = "registered"  # 报到
    ENDED = "ended"  # 结束报到


class CommunityRegistrationRow(Base):
    __tablename__ = "community_registrations"
    __table_args__ = (Index("ix_community_registrations_path_active", "community_path", "active"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    # The member's id while the registration is active, null once ended: unique, so a member
    # has at most one active registration however many requests race.
    active_member_id: Mapped[int | None] = mapped_column(BigId, unique=True)
    active: Mapped[int] = mapped_column(Integer, default=1)  # 1 active, 0 ended (indexable)
    community_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    community_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    registered_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RegistrationStepRow(Base):
    __tablename__ = "community_registration_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("community_registrations.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[RegistrationAction] = mapped_column(
        string_enum(RegistrationAction, "registration_action")
    )
    effective_on: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(String(200))
