"""Dues 党费 as data and as a ledger.

- `dues_brackets`: the rules in force, as data. A category's brackets are the rows with the
  latest `effective_month` not after the month asked about; a bracket covers bases up to and
  including `up_to_fen` (None: no upper bound) and charges `rate_bp` basis points of the whole
  base (50 = 0.5 %) or the fixed `fixed_fen`.
- `dues_bases`: declarations of a member's monthly base 党费基数 with the month they take
  effect; never edited (a later declaration takes over from its month).
- `dues_accounts`: one per member who owes dues: where they pay (their branch, following
  moves), the first month due, and the kept count and sum of months paid.
- `dues_payments`: the ledger's entries: a payment (one or more months, with the client's
  idempotency key) or the reversal of one (冲正, at most one per payment); never updated, never
  deleted. `dues_payment_months` holds each entry's amount per month.
- `dues_paid_months`: which months are paid now (a kept index of the ledger: written with a
  payment, removed with its reversal); its key makes a month payable once.

Money is integer fen 分 everywhere, never floats.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class DuesCategory(enum.StrEnum):
    IN_SERVICE = "in_service"  # 在职: by salary bracket
    RETIRED = "retired"  # 离退休: by pension bracket
    STUDENT = "student"  # 学生: fixed
    FARMER = "farmer"  # 农民: fixed
    UNEMPLOYED = "unemployed"  # 下岗失业、低保: fixed


class PaymentKind(enum.StrEnum):
    PAYMENT = "payment"  # 缴纳
    REVERSAL = "reversal"  # 冲正: cancels a payment exactly


class DuesBracketRow(Base):
    __tablename__ = "dues_brackets"
    __table_args__ = (
        UniqueConstraint("category", "effective_month", "up_to_fen"),
        Index("ix_dues_brackets_category_effective_month", "category", "effective_month"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    category: Mapped[DuesCategory] = mapped_column(string_enum(DuesCategory, "dues_category"))
    effective_month: Mapped[date] = mapped_column(Date)
    up_to_fen: Mapped[int | None] = mapped_column(BigId)
    rate_bp: Mapped[int | None] = mapped_column(Integer)
    fixed_fen: Mapped[int | None] = mapped_column(Integer)


class DuesBaseRow(Base):
    """One declaration; never edited."""

    __tablename__ = "dues_bases"
    __table_args__ = (
        Index("ix_dues_bases_member_id_effective_month", "member_id", "effective_month"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    effective_month: Mapped[date] = mapped_column(Date)
    category: Mapped[DuesCategory] = mapped_column(string_enum(DuesCategory, "dues_category"))
    base_fen: Mapped[int] = mapped_column(BigId)
    declared_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DuesAccountRow(Base):
    """`paid_through_index` is the month (as year * 12 + month - 1) the member would be paid
    up to if their paid months were the first ones due; with `last_paid_month` it gives the
    months in arrears without reading the months (resolvers/dues/reads.py `arrears_of`), so
    the arrears list of a subtree is an index range."""

    __tablename__ = "dues_accounts"
    __table_args__ = (
        Index("ix_dues_accounts_org_path_paid_through_index", "org_path", "paid_through_index"),
        # the few in arrears first: a large subtree's list reads them, not all its accounts,
        # and counts them from the index alone
        Index(
            "ix_dues_accounts_paid_through_index_org_path",
            "paid_through_index",
            "org_path",
            "last_paid_month",
        ),
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    start_month: Mapped[date] = mapped_column(Date)
    months_paid: Mapped[int] = mapped_column(Integer, default=0)
    paid_fen: Mapped[int] = mapped_column(BigId, default=0)
    paid_through_index: Mapped[int] = mapped_column(Integer)
    last_paid_month: Mapped[date | None] = mapped_column(Date)
    # The last month due, once the member left the platform 组织关系转出 (db/dues/closing.py):
    # nothing is due after it, and a closed account is never in arrears lists or reminders.
    closed_month: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class DuesPaymentRow(Base):
    """One ledger entry (a payment or a reversal); never updated, never deleted."""

    __tablename__ = "dues_payments"
    __table_args__ = (
        UniqueConstraint("member_id", "idempotency_key"),
        Index("ix_dues_payments_member_id_id", "member_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("dues_accounts.member_id"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    kind: Mapped[PaymentKind] = mapped_column(string_enum(PaymentKind, "dues_payment_kind"))
    amount_fen: Mapped[int] = mapped_column(BigId)
    months: Mapped[list[str]] = mapped_column(JSON)
    idempotency_key: Mapped[str] = mapped_column(String(80))
    reverses_payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("dues_payments.id"), unique=True
    )
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class DuesPaymentMonthRow(Base):
    """A ledger entry's amount for one month (negative for a reversal)."""

    __tablename__ = "dues_payment_months"

    payment_id: Mapped[int] = mapped_column(ForeignKey("dues_payments.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    amount_fen: Mapped[int] = mapped_column(BigId)


class DuesPaidMonthRow(Base):
    """A month paid now, and the payment that paid it."""

    __tablename__ = "dues_paid_months"

    member_id: Mapped[int] = mapped_column(ForeignKey("dues_accounts.member_id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("dues_payments.id"))
    amount_fen: Mapped[int] = mapped_column(BigId)
