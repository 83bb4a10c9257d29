"""Compliance 组织生活达标 from the kept tallies: for a subtree and a period (a month or a
quarter), which branches met each kind's cadence, what they miss, the share compliant, and the
members' attendance; the branches behind, for the upper organisation to act on.

The rule, per kind's cadence: a MONTHLY kind must be held in every month of the period that
has begun (so in the current month a branch that has not met yet is behind); a QUARTERLY kind
at least once in each quarter the period covers, judged over the quarter's months that have
begun (for a month: its quarter up to that month). Held means HELD or CLOSED.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from db.meetings.compliance import BranchRef, TallyRecord
from db.meetings.models import Cadence
from db.meetings.queries import MeetingKindRecord
from db.meetings.tallies import month_of
from db.pagination import Page, PageRequest
from db.paths import ancestor_paths
from resolvers.errors import BadUserInput


@dataclass(frozen=True, slots=True)
class Period:
    label: str  # "2026-Q4" or "2026-11"
    months: tuple[str, ...]  # the months judged: those of the period that have begun
    quarters: tuple[tuple[str, ...], ...]  # for QUARTERLY kinds: months per quarter judged


def _quarter_months(year: int, quarter: int) -> list[str]:
    return [f"{year:04d}-{month:02d}" for month in range(quarter * 3 - 2, quarter * 3 + 1)]


def parse_period(text: str | None, now: datetime) -> Period:
    """A quarter "2026-Q4" or a month "2026-11"; the current quarter without one."""
    current = month_of(now)
    if text is None:
        year, month = int(current[:4]), int(current[5:])
        text = f"{year}-Q{(month + 2) // 3}"
    try:
        year = int(text[:4])
        if len(text) == 7 and text[4:6] == "-Q" and text[6] in "1234":
            quarter = int(text[6])
            months = _quarter_months(year, quarter)
            started = tuple(m for m in months if m <= current)
            return Period(text, started, (started,))
        if len(text) == 7 and text[4] == "-" and 1 <= int(text[5:]) <= 12:
            month = int(text[5:])
            quarter_months = tuple(
                m for m in _quarter_months(year, (month + 2) // 3) if m <= text and m <= current
            )
            started = (text,) if text <= current else ()
            return Period(text, started, (quarter_months,))
    except ValueError:
        pass
    raise BadUserInput(
        "`period` is a quarter like 2026-Q4 or a month like 2026-11.", field="period"
    )


@dataclass(slots=True)
class BranchCompliance:
    branch_id: int
    path: str
    missing: list[str] = field(default_factory=list)  # kind codes
    held: int = 0
    expected: int = 0
    present: int = 0

    @property
    def compliant(self) -> bool:
        return not self.missing


@dataclass(frozen=True, slots=True)
class KindCompliance:
    kind: MeetingKindRecord
    branches_met: int
    held: int


@dataclass(frozen=True, slots=True)
class Compliance:
    period: Period
    branches: list[BranchCompliance]
    kinds: list[KindCompliance]

    @property
    def compliant(self) -> int:
        return sum(1 for branch in self.branches if branch.compliant)

    @property
    def share(self) -> float | None:
        return round(self.compliant / len(self.branches), 4) if self.branches else None

    @property
    def expected(self) -> int:
        return sum(branch.expected for branch in self.branches)

    @property
    def present(self) -> int:
        return sum(branch.present for branch in self.branches)

    @property
    def attendance_rate(self) -> float | None:
        return round(self.present / self.expected, 4) if self.expected else None

    @property
    def behind(self) -> list[BranchCompliance]:
        return [branch for branch in self.branches if not branch.compliant]


def judge(
    branches: Sequence[BranchRef],
    tallies: Sequence[TallyRecord],
    kinds: Sequence[MeetingKindRecord],
    period: Period,
) -> Compliance:
    """The compliance of each branch from its tallies (a party group's count for the branch
    above it); pure, so a recount from the meetings themselves can be judged the same way."""
    by_path = {branch.path: BranchCompliance(branch.id, branch.path) for branch in branches}
    held: dict[tuple[str, str, str], int] = {}
    for row in tallies:
        owner = next((p for p in reversed(ancestor_paths(row.org_path)) if p in by_path), None)
        if owner is None:
            continue
        key = (owner, row.kind_code, row.month)
        held[key] = held.get(key, 0) + row.held
        if row.month in period.months:
            found = by_path[owner]
            found.held += row.held
            found.expected += row.expected
            found.present += row.present
    met = dict.fromkeys((kind.code for kind in kinds), 0)
    counted = dict.fromkeys((kind.code for kind in kinds), 0)
    for found in by_path.values():
        for kind in kinds:
            if kind.cadence is Cadence.MONTHLY:
                ok = all(held.get((found.path, kind.code, m), 0) > 0 for m in period.months)
            else:
                ok = all(
                    any(held.get((found.path, kind.code, m), 0) > 0 for m in quarter)
                    for quarter in period.quarters
                    if quarter
                )
            counted[kind.code] += sum(
                held.get((found.path, kind.code, m), 0) for m in period.months
            )
            if ok:
                met[kind.code] += 1
            else:
                found.missing.append(kind.code)
    ordered = sorted(by_path.values(), key=lambda branch: branch.branch_id)
    return Compliance(
        period,
        ordered,
        [KindCompliance(kind, met[kind.code], counted[kind.code]) for kind in kinds],
    )


def page_of(items: Sequence[BranchCompliance], request: PageRequest) -> Page[BranchCompliance]:
    """A keyset page (by branch id) of a list already in id order."""
    chosen = [
        item
        for item in items
        if (request.after is None or item.branch_id > request.after)
        and (request.before is None or item.branch_id < request.before)
    ]
    if request.forwards:
        rows = chosen[: request.size]
        return Page(rows, [r.branch_id for r in rows], len(chosen) > request.size,
                    request.after is not None)  # fmt: skip
    rows = chosen[-request.size :] if request.size else []
    return Page(rows, [r.branch_id for r in rows], request.before is not None,
                len(chosen) > request.size)  # fmt: skip
