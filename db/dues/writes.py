"""Writes of dues: declarations, the account lock, and the ledger's entries.

Every write to a member's dues takes the member's account row first (`lock_account`: an
UPDATE of its version, which PostgreSQL holds to the commit and SQLite's single writer
serialises), so two payments of one member, or a payment and its retry, run one after the
other: the second sees what the first committed (READ COMMITTED gives each statement a
fresh snapshot) and finds the key taken or the months paid. In the same transaction an entry
updates the kept figures beside it: the account's months and fen paid, and the months paid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import core_table, utcnow
from db.dues.models import (
    DuesAccountRow,
    DuesBaseRow,
    DuesPaidMonthRow,
    DuesPaymentMonthRow,
    DuesPaymentRow,
    PaymentKind,
)
from db.dues.tallies import add_to_dues_tallies


def month_index(month: date) -> int:
    """A month as one number: year * 12 + month - 1."""
    return month.year * 12 + month.month - 1


async def lock_account(session: AsyncSession, member_id: int) -> DuesAccountRow | None:
    """The member's account, locked for this transaction; None when they owe no dues yet."""
    result = await session.execute(
        update(DuesAccountRow)
        .where(DuesAccountRow.member_id == member_id)
        .values(version=DuesAccountRow.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(DuesAccountRow, member_id, populate_existing=True)


async def declare_base(
    session: AsyncSession,
    values: Mapping[str, Any],
    organization_id: int,
    org_path: str,
    due_delta_fen: int,
) -> DuesAccountRow:
    """Write a declaration (taking effect no earlier than the member's latest: the caller
    checks), opening the member's account at its month on the first; keep the subtree's
    figures in step: one more member due from that month, and the monthly dues changed by
    `due_delta_fen` from then on."""
    month = values["effective_month"]
    account = await lock_account(session, values["member_id"])
    opened = 0
    if account is None:
        opened = 1
        account = DuesAccountRow(
            member_id=values["member_id"],
            organization_id=organization_id,
            org_path=org_path,
            start_month=values["effective_month"],
            months_paid=0,
            paid_fen=0,
            paid_through_index=month_index(month) - 1,
            last_paid_month=None,
            version=1,
        )
        session.add(account)
    session.add(DuesBaseRow(**values))
    await session.flush()
    await add_to_dues_tallies(session, [(account.org_path, month, opened, due_delta_fen, 0, 0)])
    return account


async def find_payment(
    session: AsyncSession, member_id: int, idempotency_key: str
) -> DuesPaymentRow | None:
    return await session.scalar(
        select(DuesPaymentRow).where(
            DuesPaymentRow.member_id == member_id,
            DuesPaymentRow.idempotency_key == idempotency_key,
        )
    )


async def paid_months(session: AsyncSession, member_id: int) -> dict[date, int]:
    m = DuesPaidMonthRow
    result = await session.execute(select(m.month, m.payment_id).where(m.member_id == member_id))
    return {month: int(payment) for month, payment in result}


async def append_entry(
    session: AsyncSession,
    account: DuesAccountRow,
    values: Mapping[str, Any],
    lines: Sequence[tuple[date, int]],
) -> DuesPaymentRow:
    """Write a ledger entry with its month lines (amounts in fen), and keep the months paid
    and the account's figures in step: a payment marks its months paid, a reversal (its
    lines negative) frees the months of the payment it cancels."""
    row = DuesPaymentRow(**values)
    session.add(row)
    await session.flush()
    await session.execute(
        insert(core_table(DuesPaymentMonthRow)),
        [{"payment_id": row.id, "month": month, "amount_fen": fen} for month, fen in lines],
    )
    if row.kind is PaymentKind.PAYMENT:
        await session.execute(
            insert(core_table(DuesPaidMonthRow)),
            [
                {
                    "member_id": row.member_id,
                    "month": month,
                    "payment_id": row.id,
                    "amount_fen": fen,
                }
                for month, fen in lines
            ],
        )
        months = len(lines)
    else:
        await session.execute(
            delete(DuesPaidMonthRow).where(
                DuesPaidMonthRow.member_id == row.member_id,
                DuesPaidMonthRow.payment_id == row.reverses_payment_id,
            )
        )
        months = -len(lines)
    account.months_paid += months
    account.paid_fen += row.amount_fen
    account.paid_through_index = month_index(account.start_month) + account.months_paid - 1
    account.last_paid_month = await session.scalar(
        select(func.max(DuesPaidMonthRow.month)).where(DuesPaidMonthRow.member_id == row.member_id)
    )
    await session.flush()
    sign = 1 if row.kind is PaymentKind.PAYMENT else -1
    await add_to_dues_tallies(
        session, [(row.org_path, month, 0, 0, sign, fen) for month, fen in lines]
    )
    return row


async def payment_lines(session: AsyncSession, payment_id: int) -> list[tuple[date, int]]:
    """An entry's amount per month, in month order."""
    m = DuesPaymentMonthRow
    result = await session.execute(
        select(m.month, m.amount_fen).where(m.payment_id == payment_id).order_by(m.month)
    )
    return [(month, int(fen)) for month, fen in result]
