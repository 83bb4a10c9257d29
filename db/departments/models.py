"""Functional departments 职能部门 (条): 城管, 房管, 住建, 公安派出所, 市场监管 and the like.

A department is not a node of the organisation tree: it is attached to the organisation level
it serves (`org_id`, a district for its 城管局, a street for its 城管中队; `org_path` follows
moves), acts through its staff accounts (the `department` role), and sees only the petitions
dispatched to it. Its place in the event log and in its staff's scope is `department_place`,
outside every organisation's subtree (those start with "/"), so nobody else's scope covers it.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum

PLACE_PREFIX = "!"


def department_place(department_id: int) -> str:
    """Where a department hears of its petitions: a path no organisation's subtree holds."""
    return f"{PLACE_PREFIX}{department_id}/"


class DepartmentKind(enum.StrEnum):
    CITY_MANAGEMENT = "city_management"
    HOUSING = "housing"
    CONSTRUCTION = "construction"
    POLICE = "police"
    MARKET_REGULATION = "market_regulation"
    ENVIRONMENT = "environment"
    WATER = "water"
    POWER = "power"
    GAS = "gas"
    OTHER = "other"


class DepartmentRow(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[DepartmentKind] = mapped_column(string_enum(DepartmentKind, "department_kind"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, index=True, info=FOLLOWS_MOVES)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DepartmentAccountRow(Base):
    """An account that acts for a department (the `department` role): one department each."""

    __tablename__ = "department_accounts"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), index=True
    )


class DispatchStatus(enum.StrEnum):
    DISPATCHED = "dispatched"  # waiting for the department to accept or return it
    ACCEPTED = "accepted"  # the department handles it
    RETURNED = "returned"  # 退单: sent back to the dispatcher with a reason
    CONTRIBUTED = "contributed"  # a co-handler added its part
    REPORTED = "reported"  # the lead reported back for all, awaiting the dispatcher
    CONFIRMED = "confirmed"  # the dispatcher confirmed: the petition is resolved
    # The dispatcher withdrew it 撤回, or the lead returned it (so the co-handlers' part
    # lapsed), or it was confirmed without this co-handler's part.
    WITHDRAWN = "withdrawn"


LIVE_STATUSES = (
    DispatchStatus.DISPATCHED,
    DispatchStatus.ACCEPTED,
    DispatchStatus.CONTRIBUTED,
    DispatchStatus.REPORTED,
)


class DispatchRow(Base):
    """One department's share of a petition dispatched 派单 by the organisation holding it:
    the lead 主办 (who reports back for all) or a co-handler 协办 (who adds its part)."""

    __tablename__ = "petition_dispatches"
    __table_args__ = (
        # The reminder rule's scan: dispatches still unanswered, oldest first.
        Index("ix_petition_dispatches_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), index=True
    )
    lead: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[DispatchStatus] = mapped_column(string_enum(DispatchStatus, "dispatch_status"))
    deadline_at: Mapped[datetime] = mapped_column(UtcDateTime)
    dispatcher_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    dispatcher_org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    dispatcher_org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    note: Mapped[str | None] = mapped_column(String(500))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    return_reason: Mapped[str | None] = mapped_column(String(500))
    report: Mapped[str | None] = mapped_column(Text)
    reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
