"""The credit-hours ledger's corrections 学时登记与冲销, by who manages learning at the member's
branch: crediting minutes studied elsewhere (a lecture, a training: 集中学习) with the
client's idempotency key, and reversing an entry exactly (once; the entry never changes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db.base import china_day, utcnow
from db.events.types import EventType
from db.learning.models import CreditKind
from db.learning.queries import CreditRecord
from db.learning.writes import append_credit, find_credit, get_credit, open_study_account
from db.records import record_of
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, not_found
from resolvers.members.reads import resolve_member_by_id
from resolvers.validation import check_range, clean_idempotency_key, clean_text

MAX_CREDIT_MINUTES = 40 * 60  # a week's training at most per entry


def _same(row: CreditRecord, minutes: int) -> CreditRecord:
    if row.minutes != minutes:
        raise Conflict(
            "That idempotency key credited other minutes already; use a new key for a new entry.",
            field="idempotencyKey",
        )
    return row


async def credit_study(
    context: Context,
    member_id: int,
    global_id: str,
    minutes: int,
    note: str,
    idempotency_key: str,
    *,
    now: datetime | None = None,
) -> CreditRecord:
    """Credit minutes to the member for this year (China time)."""
    member = await resolve_member_by_id(context, member_id)
    if member is None:
        raise not_found("member", global_id, field="memberId")
    account_id = context.require(
        Permission.MANAGE_LEARNING, member.org_path, action="credit study hours"
    )
    check_range(minutes, field="minutes", low=1, high=MAX_CREDIT_MINUTES, what="minutes")
    text = clean_text(note, field="note", max_length=200)
    key = clean_idempotency_key(idempotency_key)
    assert key is not None
    at = now or utcnow()
    async with change(context, account_id, conflict="credited meanwhile") as c:
        account = await open_study_account(c.session, member.id, member.branch_id, member.org_path)
        earlier = await find_credit(c.session, member.id, key)
        if earlier is not None:
            return _same(record_of(CreditRecord, earlier), minutes)
        values: dict[str, Any] = {
            "member_id": member.id,
            "org_path": account.org_path,
            "year": china_day(at).year,
            "kind": CreditKind.MANUAL,
            "minutes": minutes,
            "idempotency_key": key,
            "note": text,
            "created_by_account_id": account_id,
            "created_at": at,
        }
        row = await append_credit(c.session, account, values)
        c.record(
            EventType.STUDY_CREDITED,
            member.id,
            at=account.org_path,
            changes={"kind": "manual", "minutes": minutes, "year": row.year},
        )
        return record_of(CreditRecord, row)


async def reverse_credit(
    context: Context, entry_id: int, global_id: str, note: str
) -> CreditRecord:
    """Reverse an entry exactly 冲销: an entry of the opposite minutes in the same year; once
    (again: the same reversal)."""
    context.require_account()
    async with context.services.database.session() as session:
        entry = await get_credit(session, entry_id)
        found = record_of(CreditRecord, entry) if entry is not None else None
    member = await resolve_member_by_id(context, found.member_id) if found else None
    if found is None or member is None:
        raise not_found("study credit entry", global_id, field="entryId")
    account_id = context.require(
        Permission.MANAGE_LEARNING, found.org_path, action="reverse study credits"
    )
    if found.kind is CreditKind.REVERSAL:
        raise BadUserInput(
            "A reversal cannot be reversed; credit the minutes again instead.", field="entryId"
        )
    text = clean_text(note, field="note", max_length=200)
    key = f"reversal:{found.id}"
    async with change(context, account_id, conflict="reversed meanwhile") as c:
        account = await open_study_account(c.session, member.id, member.branch_id, member.org_path)
        earlier = await find_credit(c.session, member.id, key)
        if earlier is not None:
            return record_of(CreditRecord, earlier)
        values: dict[str, Any] = {
            "member_id": member.id,
            "org_path": account.org_path,
            "year": found.year,
            "kind": CreditKind.REVERSAL,
            "minutes": -found.minutes,
            "session_id": found.session_id,
            "idempotency_key": key,
            "reverses_entry_id": found.id,
            "note": text,
            "created_by_account_id": account_id,
        }
        row = await append_credit(c.session, account, values)
        c.record(
            EventType.STUDY_CREDITED,
            member.id,
            at=account.org_path,
            changes={"kind": "reversal", "minutes": -found.minutes, "year": found.year},
        )
        return record_of(CreditRecord, row)
