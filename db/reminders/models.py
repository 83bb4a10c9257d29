"""Reminders 智慧提醒: one row per rule, person and period, so a reminder exists at most once
however many instances produce it (the unique key refuses the second insert).

A reminder belongs to an account (the person it reaches), names the rule that produced it,
the period it is for (a day, a month, a deadline) and what it is about (`subject_type`,
`subject_id`), and is read or not. Rows are written by resolvers/reminders/produce.py and
never edited but for `read_at`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, UtcDateTime, utcnow


class ReminderRow(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("rule", "account_id", "period", "subject_key", name="uq_reminders_once"),
        Index("ix_reminders_account_id_read_at", "account_id", "read_at"),
        # A rule's query leaves out what it has reminded of (db/reminders/queries.py).
        Index("ix_reminders_rule_subject_id", "rule", "subject_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(32))
    # Which of the rule's subjects in the period (a petition, a meeting); "" when only one.
    subject_key: Mapped[str] = mapped_column(String(64), default="")
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
