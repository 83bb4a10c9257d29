"""Declaring a member's dues base, paying dues (idempotent by key), and reversing a payment
冲正. Every step takes the member's account lock first (db/dues/writes.py), so a payment and
its retry, however concurrent, write one entry: the retry answers with it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from db.dues.amounts import amount_fen, in_force, monthly_dues
from db.dues.models import DuesCategory, DuesPaymentRow, PaymentKind
from db.dues.queries import PaymentRecord, all_brackets, bases_of_member
from db.dues.writes import (
    append_entry,
    declare_base,
    find_payment,
    lock_account,
    paid_months,
    payment_lines,
)
from db.events.types import EventType
from db.members.queries import MemberRecord
from db.members.writes import lock_member
from db.presence.tallies import PresenceDelta, add_presence
from db.records import record_of
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.dues.months import (
    add_months,
    current_month,
    format_month,
    last_month_due,
    months_between,
)
from resolvers.errors import BadUserInput, Conflict, not_found
from resolvers.members.reads import resolve_member_by_id
from resolvers.validation import check_range, clean_idempotency_key, clean_text

MAX_BASE_FEN = 100_000_000_00  # a hundred million yuan a month: anything above is a typo
MAX_MONTHS_PER_PAYMENT = 36
MAX_MONTHS_BACK = 120  # a declaration may take effect at most ten years back


class _Answered(Exception):
    """Leaves the transaction (rolling back the lock) with the entry already written."""

    def __init__(self, row: DuesPaymentRow) -> None:
        self.row = record_of(PaymentRecord, row)  # read now: the rollback expires the row


async def _member(context: Context, member_id: int, global_id: str) -> MemberRecord:
    member = await resolve_member_by_id(context, member_id)
    if member is None:
        raise not_found("member", global_id, field="memberId")
    return member


async def declare_dues_base(
    context: Context,
    member_id: int,
    global_id: str,
    category: DuesCategory,
    base_fen: int,
    effective_month: date,
) -> MemberRecord:
    """Declare the member's monthly base 党费基数 from a month on (months already paid keep the
    amount they were paid with, so a declaration takes effect after the last month paid)."""
    member = await _member(context, member_id, global_id)
    account_id = context.require(
        Permission.MANAGE_DUES, member.org_path, action="declare members' dues bases"
    )
    check_range(base_fen, field="baseFen", low=0, high=MAX_BASE_FEN, what="fen")
    now = current_month()
    if effective_month > add_months(now, 12):
        raise BadUserInput("`effectiveMonth` may be at most a year ahead.", field="effectiveMonth")
    if effective_month < add_months(now, -MAX_MONTHS_BACK):
        raise BadUserInput(
            "`effectiveMonth` may be at most ten years back.", field="effectiveMonth"
        )
    async with change(context, account_id, conflict="declared meanwhile") as changes:
        account = await lock_account(changes.session, member.id)
        if account is not None and account.closed_month is not None:
            raise BadUserInput(
                f"The member left the platform in {format_month(account.closed_month)}; "
                "nothing is due from them after it, so no base can be declared.",
                field="memberId",
            )
        if account is not None:
            paid = await paid_months(changes.session, member.id)
            if paid and effective_month <= max(paid):
                raise BadUserInput(
                    f"{format_month(max(paid))} is paid already; declare a base from "
                    f"{format_month(add_months(max(paid), 1))} on, or reverse the payments "
                    "first.",
                    field="effectiveMonth",
                )
        bases = await bases_of_member(changes.session, member.id)
        if bases and effective_month < bases[-1].effective_month:
            raise BadUserInput(
                f"A base is declared from {format_month(bases[-1].effective_month)} already; "
                "declare from that month or later.",
                field="effectiveMonth",
            )
        brackets = await all_brackets(changes.session)
        before = monthly_dues(bases, brackets, effective_month)
        after = amount_fen(base_fen, in_force(brackets, category, effective_month))
        values = {
            "member_id": member.id,
            "effective_month": effective_month,
            "category": category,
            "base_fen": base_fen,
            "declared_by_account_id": account_id,
        }
        delta = after - (before.amount_fen if before else 0)
        await declare_base(changes.session, values, member.branch_id, member.org_path, delta)
        changes.record(
            EventType.DUES_BASE_DECLARED,
            member.id,
            at=member.org_path,
            changes={"effectiveMonth": format_month(effective_month)},
        )
    return member


def _check_months(months: Sequence[date] | None) -> list[date] | None:
    if months is None:
        return None
    if not months:
        raise BadUserInput("Name at least one month, or leave `months` out.", field="months")
    if len(months) > MAX_MONTHS_PER_PAYMENT:
        raise BadUserInput(
            f"Pay at most {MAX_MONTHS_PER_PAYMENT} months at a time.", field="months"
        )
    if len(set(months)) != len(months):
        raise BadUserInput("Name each month once.", field="months")
    return sorted(months)


def _same_request(row: PaymentRecord, months: list[date] | None) -> PaymentRecord:
    if months is not None and [format_month(m) for m in months] != row.months:
        raise Conflict(
            "That idempotency key paid other months already; use a new key for a new payment.",
            field="idempotencyKey",
        )
    return row


async def pay_dues(
    context: Context,
    member_id: int,
    global_id: str,
    months: Sequence[date] | None,
    idempotency_key: str,
) -> PaymentRecord:
    """Pay the member's dues (the member themself, or who manages dues there, recording a
    payment on their behalf) for the given months (default: every month owed, up to this
    one) as one ledger entry. The same key again is the same payment: answered, not charged
    again."""
    member = await _member(context, member_id, global_id)
    account_id = context.require_account()
    context.viewer.require_for_member(
        Permission.MANAGE_DUES, member.id, member.org_path, action="pay dues"
    )
    wanted = _check_months(months)
    key = clean_idempotency_key(idempotency_key)
    assert key is not None
    async with context.services.database.session() as session:
        earlier = await find_payment(session, member.id, key)
    if earlier is not None:
        return _same_request(record_of(PaymentRecord, earlier), wanted)
    try:
        async with change(context, account_id, conflict="paid meanwhile") as changes:
            session = changes.session
            # the member before the account, as a transfer takes them (the presence this
            # payment adds locks the member too: db/presence/last_present.py)
            await lock_member(session, member.id)
            account = await lock_account(session, member.id)
            if account is None:
                raise BadUserInput(
                    "This member has no dues base declared; declare one first.",
                    field="memberId",
                )
            earlier = await find_payment(session, member.id, key)
            if earlier is not None:  # a concurrent retry committed it while we waited
                raise _Answered(earlier)
            paid = await paid_months(session, member.id)
            last = last_month_due(current_month(), account.closed_month)
            due = months_between(account.start_month, last)
            if wanted is None:
                chosen = [month for month in due if month not in paid]
                if not chosen:
                    raise BadUserInput(
                        f"Nothing is owed up to {format_month(last)}.", field="months"
                    )
            else:
                chosen = wanted
                for month in chosen:
                    if month not in due:
                        raise BadUserInput(
                            f"{format_month(month)} is not due: months from "
                            f"{format_month(account.start_month)} to {format_month(last)} are"
                            + (" (the member left the platform)." if account.closed_month else "."),
                            field="months",
                        )
                    if month in paid:
                        raise BadUserInput(
                            f"{format_month(month)} is paid already.", field="months"
                        )
            chosen = chosen[:MAX_MONTHS_PER_PAYMENT]
            bases = await bases_of_member(session, member.id)
            brackets = await all_brackets(session)
            lines: list[tuple[date, int]] = []
            for month in chosen:
                dues = monthly_dues(bases, brackets, month)
                assert dues is not None, "an account's months are declared"
                lines.append((month, dues.amount_fen))
            labels = [format_month(month) for month, _ in lines]
            values: dict[str, Any] = {
                "member_id": member.id,
                "organization_id": account.organization_id,
                "org_path": account.org_path,
                "kind": PaymentKind.PAYMENT,
                "amount_fen": sum(fen for _, fen in lines),
                "months": labels,
                "idempotency_key": key,
                "note": None,
                "created_by_account_id": account_id,
            }
            row = await append_entry(session, account, values, lines)
            await add_presence(  # each month paid is presence 在场 in that month
                session, [PresenceDelta(member.id, month, dues_months=1) for month, _ in lines]
            )
            changes.record(
                EventType.DUES_PAID, member.id, at=account.org_path, changes={"months": labels}
            )
    except _Answered as answered:
        return _same_request(answered.row, wanted)
    return record_of(PaymentRecord, row)


async def reverse_dues_payment(
    context: Context, payment_id: int, global_id: str, note: str
) -> PaymentRecord:
    """Reverse a payment exactly 冲正: a new entry of the opposite amounts, month by month, that
    frees its months; once (again: the same reversal)."""
    payment = await context.loaders.dues.payment.load(payment_id)
    member = await resolve_member_by_id(context, payment.member_id) if payment is not None else None
    if payment is None or member is None:
        raise not_found("dues payment", global_id, field="paymentId")
    account_id = context.require(
        Permission.MANAGE_DUES, payment.org_path, action="reverse dues payments"
    )
    if payment.kind is PaymentKind.REVERSAL:
        raise BadUserInput(
            "A reversal cannot be reversed; record the payment again instead.",
            field="paymentId",
        )
    text = clean_text(note, field="note", max_length=200)
    key = f"reversal:{payment.id}"
    try:
        async with change(context, account_id, conflict="reversed meanwhile") as changes:
            session = changes.session
            await lock_member(session, payment.member_id)  # before the account, as in payDues
            account = await lock_account(session, payment.member_id)
            assert account is not None, "a payment's account exists"
            earlier = await find_payment(session, payment.member_id, key)
            if earlier is not None:
                raise _Answered(earlier)
            lines = await payment_lines(session, payment.id)
            values: dict[str, Any] = {
                "member_id": payment.member_id,
                "organization_id": payment.organization_id,
                "org_path": payment.org_path,
                "kind": PaymentKind.REVERSAL,
                "amount_fen": -payment.amount_fen,
                "months": list(payment.months),
                "idempotency_key": key,
                "reverses_payment_id": payment.id,
                "note": text,
                "created_by_account_id": account_id,
            }
            row = await append_entry(
                session, account, values, [(month, -fen) for month, fen in lines]
            )
            await add_presence(  # the months freed are no longer presence
                session,
                [PresenceDelta(payment.member_id, month, dues_months=-1) for month, _ in lines],
            )
            changes.record(
                EventType.DUES_REVERSED,
                payment.member_id,
                at=payment.org_path,
                changes={"months": list(payment.months)},
            )
    except _Answered as answered:
        return answered.row
    return record_of(PaymentRecord, row)
