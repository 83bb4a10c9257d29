"""A member's monthly dues 党费 from their declared base, by the brackets in force.

The brackets are data (`dues_brackets`, seeded by the migration with the rules of 2008):
for each category the rows with the latest effective month not after the month asked about.
A bracket covers bases up to and including its upper bound, so a base of exactly 3 000 yuan
pays 0.5 % and 3 000.01 yuan pays 1 %: the rate applies to the whole base, not progressively.

Money is integer fen. The rounding rule: the amount is the base times the rate in basis
points, divided by 10 000 and rounded half up to the fen (an exact half fen rounds up), in
integer arithmetic: `(base_fen * rate_bp + 5_000) // 10_000`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from db.dues.models import DuesCategory
from db.dues.queries import BaseRecord, BracketRecord

BASIS_POINTS = 10_000


def in_force(
    brackets: Iterable[BracketRecord], category: DuesCategory, month: date
) -> list[BracketRecord]:
    """The category's brackets in force in `month`, lowest first (unbounded last)."""
    mine = [b for b in brackets if b.category is category and b.effective_month <= month]
    if not mine:
        return []
    latest = max(b.effective_month for b in mine)
    chosen = [b for b in mine if b.effective_month == latest]
    return sorted(chosen, key=lambda b: (b.up_to_fen is None, b.up_to_fen or 0))


def amount_fen(base_fen: int, brackets: Sequence[BracketRecord]) -> int:
    """The monthly amount for a base under the given brackets (one category's, in force)."""
    if base_fen < 0:
        raise ValueError("a base is never negative")
    for bracket in brackets:
        if bracket.up_to_fen is None or base_fen <= bracket.up_to_fen:
            if bracket.fixed_fen is not None:
                return bracket.fixed_fen
            assert bracket.rate_bp is not None, "a bracket has a rate or a fixed amount"
            return (base_fen * bracket.rate_bp + BASIS_POINTS // 2) // BASIS_POINTS
    raise LookupError("no bracket covers this base")


@dataclass(frozen=True, slots=True)
class MonthlyDues:
    month: date
    category: DuesCategory
    base_fen: int
    rate_bp: int | None  # None for a fixed amount
    amount_fen: int


def base_in_force(bases: Sequence[BaseRecord], month: date) -> BaseRecord | None:
    """The declaration in force in `month`: the latest taking effect by then (`bases` in the
    order of db/dues/queries.py `bases_of_member`)."""
    found = None
    for base in bases:
        if base.effective_month <= month:
            found = base
    return found


def monthly_dues(
    bases: Sequence[BaseRecord], brackets: Sequence[BracketRecord], month: date
) -> MonthlyDues | None:
    """What the member owes for `month`; None before their first declaration."""
    base = base_in_force(bases, month)
    if base is None:
        return None
    rules = in_force(brackets, base.category, month)
    amount = amount_fen(base.base_fen, rules)
    rate = next(
        (b.rate_bp for b in rules if b.up_to_fen is None or base.base_fen <= b.up_to_fen), None
    )
    return MonthlyDues(month, base.category, base.base_fen, rate, amount)


def declared_changes(
    bases: Sequence[BaseRecord], brackets: Sequence[BracketRecord]
) -> list[tuple[date, int, int]]:
    """What the member's declarations added to the kept figures, as each was written
    (resolvers/dues/writes.py `declare_dues_base`): (month, accounts opened, change of the
    monthly dues) per declaration, the first opening the account."""
    changes: list[tuple[date, int, int]] = []
    for index, base in enumerate(bases):
        month = base.effective_month
        before = monthly_dues(bases[:index], brackets, month)
        after = amount_fen(base.base_fen, in_force(brackets, base.category, month))
        delta = after - (before.amount_fen if before else 0)
        changes.append((month, 1 if index == 0 else 0, delta))
    return changes
