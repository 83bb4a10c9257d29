"""Demo dues 党费: a year of history for every member who pays dues (full and probationary),
so the collection figures, the arrears list and every member's account show something true
from the first start.

Each member is declared from eleven months back (a category from their occupation, a base
drawn once); most paid every month up to the last (a few months at a time), some of them
this month too; a few missed the last month or two, and a few (about one in twenty-five)
stopped paying half a year ago or more: the arrears list flags them (one of 锦绣社区 at least,
so its secretary is reminded of the arrears). The demo `member`
has paid up to last month, so this month's dues are there to pay. The kept figures are
written with the rows. Deterministic for a seed and a month; idempotent (nothing is written
when the subtree has dues accounts already).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from db.bulk import insert_rows, next_id, reset_id_sequences
from db.dues.amounts import monthly_dues
from db.dues.brackets import ensure_default_brackets
from db.dues.models import (
    DuesAccountRow,
    DuesBaseRow,
    DuesCategory,
    DuesPaidMonthRow,
    DuesPaymentMonthRow,
    DuesPaymentRow,
    PaymentKind,
)
from db.dues.queries import BaseRecord, all_brackets, any_account_under, members_owing_dues
from db.dues.tallies import Change, add_to_dues_tallies
from db.dues.writes import month_index
from db.engine import Session
from db.members.models import Occupation
from generators.demo.orglife import demo_community_path
from generators.demo.pocket import is_pocket_member
from resolvers.dues.months import add_months, current_month, format_month, months_between

HISTORY_MONTHS = 12

_CATEGORY = {
    Occupation.RETIRED: DuesCategory.RETIRED,
    Occupation.STUDENT: DuesCategory.STUDENT,
    Occupation.FARMER: DuesCategory.FARMER,
}


@dataclass(frozen=True)
class DuesSeed:
    accounts: int
    payments: int
    in_arrears: int


def _base(rng: random.Random, category: DuesCategory) -> int:
    if category is DuesCategory.IN_SERVICE:
        return rng.randrange(2_500, 20_000, 10) * 100
    if category is DuesCategory.RETIRED:
        return rng.randrange(2_000, 8_000, 10) * 100
    return 0


def _paid_months(
    rng: random.Random, months: list[date], own: bool, pocket: bool, behind: bool = False
) -> tuple[list[date], bool]:
    """The months paid, and whether the member is far in arrears (a pocket member 口袋党员
    always: they stopped paying more than half a year ago; so does `behind`)."""
    if own:  # the demo member: up to last month
        return months[:-1], False
    draw = rng.random()
    if behind or pocket or draw < 0.04:  # stopped paying half a year ago or more
        return months[: rng.randint(0, 4)], True
    if draw < 0.15:  # late by a month or two
        return months[: -rng.randint(2, 3)], False
    return months if rng.random() < 0.6 else months[:-1], False


async def seed_dues(
    session: Session, *, root_path: str, seed: int, now: datetime, own_member: int | None
) -> DuesSeed | None:
    """A year of dues for the members under `root_path` (once); None if there were already."""
    if await any_account_under(session, root_path):
        return None
    await ensure_default_brackets(session)
    brackets = await all_brackets(session)
    rng = random.Random(seed * 31 + 18)
    this = current_month(now)
    first = add_months(this, -(HISTORY_MONTHS - 1))
    months = months_between(first, this)
    base_id = await next_id(session, DuesBaseRow.__tablename__)
    payment_id = await next_id(session, DuesPaymentRow.__tablename__)
    bases, accounts, payments, lines, paid_rows = [], [], [], [], []
    changes: list[Change] = []
    in_arrears = 0
    owing = await members_owing_dues(session, root_path)
    # one member of the demo community far behind, so its secretary has arrears to act on
    community = await demo_community_path(session, root_path)
    behind = next(
        (key for key, _b, path, _o, _s in owing
         if community and path.startswith(community) and key != own_member),
        None,
    )  # fmt: skip
    for member_id, branch_id, path, occupation, _status in owing:
        category = _CATEGORY.get(occupation, DuesCategory.IN_SERVICE)
        base_fen = _base(rng, category)
        declared = datetime(first.year, first.month, 1, 2, tzinfo=UTC) - timedelta(days=3)
        bases.append({"id": base_id, "member_id": member_id, "effective_month": first,
                      "category": category, "base_fen": base_fen,
                      "declared_by_account_id": None, "created_at": declared})  # fmt: skip
        record = BaseRecord(base_id, member_id, first, category, base_fen, declared)
        base_id += 1
        amount = monthly_dues([record], brackets, first)
        assert amount is not None
        fen = amount.amount_fen
        changes.append((path, first, 1, fen, 0, 0))
        paid, far_behind = _paid_months(
            rng,
            months,
            member_id == own_member,
            is_pocket_member(member_id, seed),
            member_id == behind,
        )
        in_arrears += far_behind
        total = 0
        start = 0
        while start < len(paid):
            chunk = paid[start : start + rng.choice((1, 1, 2, 3))]
            start += len(chunk)
            at = datetime(chunk[-1].year, chunk[-1].month, 1, 2, tzinfo=UTC) + timedelta(
                days=rng.randint(4, 20), minutes=rng.randint(0, 600)
            )
            at = min(at, now)
            payments.append({
                "id": payment_id, "member_id": member_id, "organization_id": branch_id,
                "org_path": path, "kind": PaymentKind.PAYMENT, "amount_fen": fen * len(chunk),
                "months": [format_month(m) for m in chunk],
                "idempotency_key": f"demo-{payment_id}", "reverses_payment_id": None,
                "note": None, "created_by_account_id": None, "created_at": at,
            })  # fmt: skip
            for month in chunk:
                lines.append({"payment_id": payment_id, "month": month, "amount_fen": fen})
                paid_rows.append({"member_id": member_id, "month": month,
                                  "payment_id": payment_id, "amount_fen": fen})  # fmt: skip
                changes.append((path, month, 0, 0, 1, fen))
            payment_id += 1
            total += fen * len(chunk)
        accounts.append({
            "member_id": member_id, "organization_id": branch_id, "org_path": path,
            "start_month": first, "months_paid": len(paid), "paid_fen": total,
            "paid_through_index": month_index(first) + len(paid) - 1,
            "last_paid_month": paid[-1] if paid else None, "version": 1, "updated_at": now,
        })  # fmt: skip
    await insert_rows(session, DuesAccountRow, accounts)
    await insert_rows(session, DuesBaseRow, bases)
    await insert_rows(session, DuesPaymentRow, payments)
    await insert_rows(session, DuesPaymentMonthRow, lines)
    await insert_rows(session, DuesPaidMonthRow, paid_rows)
    await add_to_dues_tallies(session, changes)
    await reset_id_sequences(session, (DuesBaseRow.__tablename__, DuesPaymentRow.__tablename__))
    return DuesSeed(len(accounts), len(payments), in_arrears)
