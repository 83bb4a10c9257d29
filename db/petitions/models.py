"""Petitions 群众诉求: categories, the petitions themselves, and their timelines (全过程留痕)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class PetitionStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    RATED = "rated"
    CLOSED = "closed"
    REJECTED = "rejected"
    # Joined to a master petition as a duplicate report 重复诉求: not an open problem of its
    # own; it takes the master's resolution (or rejection) when the master gets one.
    MERGED = "merged"


OPEN_STATUSES = (
    PetitionStatus.SUBMITTED,
    PetitionStatus.ACCEPTED,
    PetitionStatus.ASSIGNED,
    PetitionStatus.IN_PROGRESS,
)
OPEN_CONDITION = "status IN ({})".format(", ".join(f"'{status}'" for status in OPEN_STATUSES))
HANDLED_CONDITION = "handling_seconds IS NOT NULL"  # migrations 0006 and 0023
# Held off its grid's ancestor chain (assigned sideways or down): the only petitions a
# subtree can hold without having raised them (migration 0026's index).
OFF_CHAIN_CONDITION = "substr(org_path, 1, length(handling_org_path)) <> handling_org_path"


class PetitionChannel(enum.StrEnum):
    APP = "app"
    HOTLINE = "hotline"
    STATION = "station"
    WECHAT = "wechat"
    OTHER = "other"


class PetitionAction(enum.StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    ASSIGN = "assign"
    START = "start"
    RESOLVE = "resolve"
    RATE = "rate"
    CLOSE = "close"
    REJECT = "reject"
    ESCALATE = "escalate"
    REOPEN = "reopen"
    OVERDUE = "overdue"
    SUPERVISE = "supervise"
    # Functional departments 职能部门 (resolvers/departments/workflow.py).
    DISPATCH = "dispatch"
    TAKE = "take"
    RETURN = "return"
    CONTRIBUTE = "contribute"
    REPORT = "report"
    CONFIRM = "confirm"
    WITHDRAW = "withdraw"
    MERGE = "merge"


class CategoryKind(enum.StrEnum):
    PUBLIC_MANAGEMENT = "public_management"
    PUBLIC_SERVICE = "public_service"
    PUBLIC_SAFETY = "public_safety"
    PARTY_BUILDING = "party_building"


class PetitionCategoryRow(Base):
    """A major kind (no parent) or one of its subcategories; retired, never deleted."""

    __tablename__ = "petition_categories"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("petition_categories.id"))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[CategoryKind] = mapped_column(string_enum(CategoryKind, "category_kind"))
    deadline_hours: Mapped[int] = mapped_column(Integer)
    # Who would usually handle it 默认承办部门 (a name, until departments are records).
    default_department: Mapped[str | None] = mapped_column(String(64))
    # Smart answer 智能答复: residents raising one may be offered the resolutions of closed,
    # well-rated similar petitions at once (questions that recur, not faults to repair).
    instant_answer: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PetitionRow(Base):
    """A resident's request and where it stands.

    Scope: `org_path` is the grid's path (where the problem is; it follows tree moves only);
    `handling_org_path` is the organisation that holds it now (the grid at first; another
    node after assignment; the parent after escalation). A reader with READ_PETITIONS sees
    the petition if either path lies in their subtrees; the submitter always sees it.
    Events and subtree statistics use `org_path`.
    """

    __tablename__ = "petitions"
    __table_args__ = (
        Index("ix_petitions_org_path_day", "org_path", "day"),
        Index("ix_petitions_handling_org_path", "handling_org_path"),
        Index("ix_petitions_status_deadline_at", "status", "deadline_at"),
        # The deadline job's scan: open petitions whose level deadline has passed.
        Index("ix_petitions_status_level_deadline_at", "status", "level_deadline_at"),
        # Overdue-now counts of a subtree: its open petitions only, by path then deadline.
        Index(
            "ix_petitions_open_org_path_deadline_at",
            "org_path",
            "deadline_at",
            postgresql_where=text(OPEN_CONDITION),
            sqlite_where=text(OPEN_CONDITION),
        ),
        # A window's list count: the petitions held off their grid's chain, by holder and day.
        Index(
            "ix_petitions_off_chain_handling_org_path_day",
            "handling_org_path",
            "day",
            postgresql_where=text(OFF_CHAIN_CONDITION),
            sqlite_where=text(OFF_CHAIN_CONDITION),
        ),
        UniqueConstraint("created_by_account_id", "idempotency_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    content: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int] = mapped_column(ForeignKey("petition_categories.id"), index=True)
    channel: Mapped[PetitionChannel] = mapped_column(string_enum(PetitionChannel, "channel"))
    status: Mapped[PetitionStatus] = mapped_column(string_enum(PetitionStatus, "petition_status"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    handling_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    handling_org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    handler_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    handler_name: Mapped[str | None] = mapped_column(String(64))
    submitter_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_by_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(64))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    day: Mapped[date] = mapped_column(Date)
    deadline_at: Mapped[datetime] = mapped_column(UtcDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    escalations: Mapped[int] = mapped_column(Integer, default=0)
    # The deadline at the level holding it now 层级时限: past it, the deadline job marks it
    # overdue there and escalates it one level up (a new level deadline from the policy); None
    # once nothing further happens (held at the district, or above it). `deadline_at` stays
    # the promise to the resident, which on-time figures are measured against.
    level_deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Supervision 督办 by an upper level: the latest one (every one is on the timeline).
    supervisions: Mapped[int] = mapped_column(Integer, default=0)
    supervised_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    supervisor_name: Mapped[str | None] = mapped_column(String(64))
    supervision_note: Mapped[str | None] = mapped_column(String(500))
    # Duplicate reports 重复诉求: a report merged into a master points at it; the master counts
    # the residents who reported the problem (itself and every report merged into it).
    master_id: Mapped[int | None] = mapped_column(BigId, index=True)
    reporters: Mapped[int] = mapped_column(Integer, default=1)
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handling_seconds: Mapped[int | None] = mapped_column(Integer)
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(String(500))
    reject_reason: Mapped[str | None] = mapped_column(String(500))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class PetitionStepRow(Base):
    """One step on a petition's timeline: who did what, when, from which status to which."""

    __tablename__ = "petition_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[PetitionAction] = mapped_column(string_enum(PetitionAction, "petition_action"))
    from_status: Mapped[PetitionStatus | None] = mapped_column(
        string_enum(PetitionStatus, "petition_status")
    )
    to_status: Mapped[PetitionStatus] = mapped_column(
        string_enum(PetitionStatus, "petition_status")
    )
    actor_account_id: Mapped[int | None] = mapped_column(BigId)
    actor_name: Mapped[str | None] = mapped_column(String(64))
    organization_id: Mapped[int | None] = mapped_column(BigId)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


async def get_categories(session: AsyncSession) -> list[PetitionCategoryRow]:
    query = select(PetitionCategoryRow).order_by(PetitionCategoryRow.id)
    return list(await session.scalars(query))
