"""The development pipeline 党员发展: a person's dates and votes, their two contacts
培养联系人, their training records and the timeline of every step (全过程留痕)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, UtcDateTime, utcnow
from db.enums import string_enum


class DevelopmentAction(enum.StrEnum):
    APPLICATION_RECORDED = "application_recorded"
    ADMITTED_ACTIVIST = "admitted_activist"
    TRAINING_RECORDED = "training_recorded"
    ADMITTED_TARGET = "admitted_target"
    ADMITTED_PROBATIONARY = "admitted_probationary"
    CONFIRMED_FULL = "confirmed_full"
    PROBATION_EXTENDED = "probation_extended"
    QUALIFICATION_CANCELLED = "qualification_cancelled"


class DevelopmentRow(Base):
    """One person's development dates (one row per member, written by the steps)."""

    __tablename__ = "member_development"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    applied_on: Mapped[date | None] = mapped_column(Date)
    activist_since: Mapped[date | None] = mapped_column(Date)
    target_since: Mapped[date | None] = mapped_column(Date)
    political_review_on: Mapped[date | None] = mapped_column(Date)
    political_review_conclusion: Mapped[str | None] = mapped_column(String(200))
    vote_on: Mapped[date | None] = mapped_column(Date)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    approved_on: Mapped[date | None] = mapped_column(Date)
    probation_since: Mapped[date | None] = mapped_column(Date)
    probation_ends_on: Mapped[date | None] = mapped_column(Date)
    probation_extended: Mapped[bool] = mapped_column(Boolean, default=False)
    full_since: Mapped[date | None] = mapped_column(Date)
    cancelled_on: Mapped[date | None] = mapped_column(Date)


class DevelopmentContactRow(Base):
    """A contact 培养联系人 (a full member) assigned to an activist."""

    __tablename__ = "development_contacts"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, index=True)
    assigned_on: Mapped[date] = mapped_column(Date)


class DevelopmentTrainingRow(Base):
    """A training 培训 an activist or development target took part in."""

    __tablename__ = "development_trainings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(100))
    hours: Mapped[int] = mapped_column(Integer)


class DevelopmentStepRow(Base):
    """One step of a person's development timeline: what, effective when, by whom, noted."""

    __tablename__ = "development_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    action: Mapped[DevelopmentAction] = mapped_column(
        string_enum(DevelopmentAction, "development_action")
    )
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    effective_on: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(String(200))
