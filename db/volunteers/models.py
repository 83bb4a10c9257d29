"""Volunteers 志愿者: anyone with an account may register (skills, availability); their hours
are an append-only ledger in integer minutes, each entry with an idempotency key, corrections
as reversing entries (db/volunteers/ledger.py).

A volunteer's hours count for their home organisation (`org_path`): the community they
registered in, or, for a party member who reported to where they live (双报到), their
residence community. `total_minutes` is the person's kept total; `volunteer_hour_tallies` keeps
every organisation's subtree total per day, so any subtree and period is a range read.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class EntryKind(enum.StrEnum):
    ATTENDANCE = "attendance"  # credited on check-out
    CORRECTION = "correction"  # added by staff (positive or negative)
    REVERSAL = "reversal"  # cancels an earlier entry exactly


class VolunteerRow(Base):
    __tablename__ = "volunteers"
    __table_args__ = (Index("ix_volunteers_org_path_total_minutes", "org_path", "total_minutes"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), unique=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    availability: Mapped[str | None] = mapped_column(String(200))
    total_minutes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class HoursEntryRow(Base):
    """One ledger entry; never updated, never deleted."""

    __tablename__ = "volunteer_hours"
    __table_args__ = (
        Index("ix_volunteer_hours_volunteer_id_day", "volunteer_id", "day"),
        Index("ix_volunteer_hours_org_path_day", "org_path", "day"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    day: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[EntryKind] = mapped_column(string_enum(EntryKind, "hours_entry_kind"))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"), index=True)
    reverses_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteer_hours.id"), unique=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class HoursTallyRow(Base):
    """Minutes of the organisation's whole subtree on one China-time day."""

    __tablename__ = "volunteer_hour_tallies"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
