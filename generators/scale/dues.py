"""City-scale dues 党费 for the benchmarks: a year for every member who pays them
(declarations, accounts, ledger entries, months paid), and the kept figures' changes.

Records for COPY, deterministic: each member's year comes from its own seeded generator, so
each table's pass draws the same payments without holding them all in memory. Most members
paid every month (a few at a time), some are a month or two late, about one in twenty-five
stopped paying half a year ago or more.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from db.dues.amounts import monthly_dues
from db.dues.models import DuesCategory, PaymentKind
from db.dues.queries import BaseRecord, BracketRecord
from db.dues.tallies import Change
from db.members.models import Occupation
from generators.scale.orglife import SEED, year_months
from resolvers.dues.months import format_month

BASE_COLUMNS = ("id", "member_id", "effective_month", "category", "base_fen",
                "declared_by_account_id", "created_at")  # fmt: skip
ACCOUNT_COLUMNS = ("member_id", "organization_id", "org_path", "start_month", "months_paid",
                   "paid_fen", "paid_through_index", "last_paid_month", "version",
                   "updated_at")  # fmt: skip
PAYMENT_COLUMNS = ("id", "member_id", "organization_id", "org_path", "kind", "amount_fen",
                   "months", "idempotency_key", "reverses_payment_id", "note",
                   "created_by_account_id", "created_at")  # fmt: skip
LINE_COLUMNS = ("payment_id", "month", "amount_fen")
PAID_COLUMNS = ("member_id", "month", "payment_id", "amount_fen")
CATEGORY = {Occupation.RETIRED: DuesCategory.RETIRED, Occupation.STUDENT: DuesCategory.STUDENT,
            Occupation.FARMER: DuesCategory.FARMER}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Payer:
    id: int
    branch_id: int
    path: str
    occupation: Occupation


@dataclass(frozen=True, slots=True)
class MemberDues:
    category: DuesCategory
    base_fen: int
    fen: int
    payments: list[list[date]]  # months paid, a payment at a time


@dataclass(slots=True)
class DuesRecords:
    """A year of dues per member (declared from the first month, paid a few months at a time);
    payment ids assigned in member order from `first_payment`."""

    payers: Sequence[Payer]
    brackets: Sequence[BracketRecord]
    first_base: int
    first_payment: int
    now: datetime
    months: int = 12

    def _of(self, payer: Payer) -> MemberDues:
        rng = random.Random(SEED * 7_919 + payer.id)
        category = CATEGORY.get(payer.occupation, DuesCategory.IN_SERVICE)
        base = 0
        if category is DuesCategory.IN_SERVICE:
            base = rng.randrange(2_500, 20_000, 10) * 100
        elif category is DuesCategory.RETIRED:
            base = rng.randrange(2_000, 8_000, 10) * 100
        months = year_months(self.now, self.months)
        record = BaseRecord(0, payer.id, months[0], category, base, self.now)
        dues = monthly_dues([record], self.brackets, months[0])
        draw = rng.random()
        if draw < 0.04:
            paid = months[: rng.randint(0, 4)]
        elif draw < 0.15:
            paid = months[: -rng.randint(2, 3)]
        else:
            paid = months if rng.random() < 0.6 else months[:-1]
        chunks, start = [], 0
        while start < len(paid):
            chunks.append(paid[start : start + rng.choice((1, 1, 2, 3))])
            start += len(chunks[-1])
        return MemberDues(category, base, dues.amount_fen if dues else 0, chunks)

    def _all(self) -> Iterator[tuple[Payer, MemberDues, int]]:
        """Each payer, its dues and its first payment id."""
        payment = self.first_payment
        for payer in self.payers:
            found = self._of(payer)
            yield payer, found, payment
            payment += len(found.payments)

    def bases(self) -> Iterator[tuple[Any, ...]]:
        first = year_months(self.now, self.months)[0]
        declared = datetime(first.year, first.month, 1, tzinfo=UTC) - timedelta(days=3)
        for offset, (payer, found, _p) in enumerate(self._all()):
            yield (self.first_base + offset, payer.id, first, found.category.value,
                   found.base_fen, None, declared)  # fmt: skip

    def accounts(self) -> Iterator[tuple[Any, ...]]:
        first = year_months(self.now, self.months)[0]
        start = first.year * 12 + first.month - 1
        for payer, found, _p in self._all():
            paid = [month for chunk in found.payments for month in chunk]
            yield (payer.id, payer.branch_id, payer.path, first, len(paid),
                   found.fen * len(paid), start + len(paid) - 1, paid[-1] if paid else None, 1,
                   self.now)  # fmt: skip

    def _payments(self) -> Iterator[tuple[Payer, MemberDues, int, list[date]]]:
        for payer, found, payment in self._all():
            for offset, chunk in enumerate(found.payments):
                yield payer, found, payment + offset, chunk

    def payments(self) -> Iterator[tuple[Any, ...]]:
        for payer, found, key, chunk in self._payments():
            at = min(self.now, datetime(chunk[-1].year, chunk[-1].month, 8, 2, tzinfo=UTC))
            yield (key, payer.id, payer.branch_id, payer.path, PaymentKind.PAYMENT.value,
                   found.fen * len(chunk), json.dumps([format_month(m) for m in chunk]),
                   f"scale-{key}", None, None, None, at)  # fmt: skip

    def lines(self) -> Iterator[tuple[Any, ...]]:
        for _payer, found, key, chunk in self._payments():
            for month in chunk:
                yield (key, month, found.fen)

    def paid(self) -> Iterator[tuple[Any, ...]]:
        for payer, found, key, chunk in self._payments():
            for month in chunk:
                yield (payer.id, month, key, found.fen)

    def tally_changes(self) -> list[Change]:
        """The kept figures' changes, summed per branch and month (db/dues/tallies.py)."""
        first = year_months(self.now, self.months)[0]
        net: dict[tuple[str, date], list[int]] = {}
        for payer, found, _p in self._all():
            opened = net.setdefault((payer.path, first), [0, 0, 0, 0])
            opened[0] += 1
            opened[1] += found.fen
            for chunk in found.payments:
                for month in chunk:
                    slot = net.setdefault((payer.path, month), [0, 0, 0, 0])
                    slot[2] += 1
                    slot[3] += found.fen
        return [(path, month, o, d, n, f) for (path, month), (o, d, n, f) in sorted(net.items())]
