"""`meetingCompliance` in two parts: the figures of the whole subtree (branches, compliant,
attendance) from the kept per-subtree figures (db/meetings/subtree_tallies.py: a few key reads
whatever the subtree's size, so the city root answers as fast as one branch), and, only when
asked for, the judgement branch by branch (`kinds`: resolvers/meetings/compliance.py `judge`
over every branch's tallies), computed once per request however many fields need it. The
branches behind are a keyset page of the branches' kept flags, only the page's branches judged
for what they miss.

The kept figures answer a period that has begun (a quarter: its months so far; a month up to
the current one) while kinds exist; otherwise the judgement answers everything. Both agree: the
tests prove the kept figures equal to `judge` for every subtree and month.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from db.meetings.compliance import BranchRef, branches_under, tallies_under
from db.meetings.queries import MeetingKindRecord
from db.meetings.subtree_reads import (
    BEHIND_KEY,
    branches_behind,
    count_branches,
    subtree_compliance,
)
from db.pagination import Page, PageRequest, fetch_page
from db.paths import minimal_roots, path_ids
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.meetings.compliance import (
    BranchCompliance,
    Compliance,
    Period,
    judge,
    page_of,
    parse_period,
)
from resolvers.meetings.reads import resolve_meeting_kinds
from resolvers.organizations.reads import resolve_scope_under

Total = Callable[[], Awaitable[int]]


@dataclass(frozen=True, slots=True)
class ComplianceFigures:
    """The subtree's figures for the period."""

    branches: int
    compliant: int
    expected: int
    present: int

    @property
    def share(self) -> float | None:
        return round(self.compliant / self.branches, 4) if self.branches else None

    @property
    def attendance_rate(self) -> float | None:
        return round(self.present / self.expected, 4) if self.expected else None


class ComplianceView:
    """One request's compliance of some subtrees for a period."""

    def __init__(
        self,
        context: Context,
        roots: tuple[str, ...],
        period: Period,
        kinds: list[MeetingKindRecord],
        *,
        quarter: bool,
    ) -> None:
        self.context = context
        self.roots = roots
        self.period = period
        self.kinds = kinds
        self._quarter = quarter
        self._judged: asyncio.Task[Compliance] | None = None

    async def judged(self) -> Compliance:
        """Every branch judged (read once: sibling fields share it)."""
        if self._judged is None:
            self._judged = asyncio.ensure_future(self._judge())
        return await self._judged

    def _months(self) -> list[str]:
        """The months whose tallies judge the period (its quarters' months included)."""
        return sorted({*self.period.months, *(m for q in self.period.quarters for m in q)})

    async def _judge(self) -> Compliance:
        async with self.context.loaders.reads.read() as connection:
            branches = await branches_under(connection, self.roots)
            tallies = await tallies_under(connection, self.roots, self._months())
        return judge(branches, tallies, self.kinds, self.period)

    @property
    def kept(self) -> bool:
        """Whether the kept figures answer this period (else the judgement does)."""
        return bool(self.period.months and self.kinds)

    async def behind(self, request: PageRequest) -> tuple[Page[BranchCompliance], Total]:
        """A page of the branches behind, with what they miss, and their number. Kept: the
        page from the branches' kept flags (only its branches judged) and the number from the
        subtree's kept figures, so the city root costs what a community does."""
        if not self.kept:
            behind = (await self.judged()).behind

            async def counted() -> int:
                return len(behind)

            return page_of(behind, request), counted
        month = self.period.months[-1]
        query = branches_behind(self.roots, month, quarter=self._quarter)
        async with self.context.loaders.reads.read() as connection:
            refs = await fetch_page(connection, query, BEHIND_KEY, request, BranchRef)
            paths = [ref.path for ref in refs.rows]
            tallies = await tallies_under(connection, paths, self._months()) if paths else []
        judgement = judge(refs.rows, tallies, self.kinds, self.period)
        judged = {branch.branch_id: branch for branch in judgement.branches}
        page = Page(
            [judged[ref.id] for ref in refs.rows],
            refs.keys,
            refs.has_next_page,
            refs.has_previous_page,
        )

        async def total() -> int:
            figures = await self.figures()
            return figures.branches - figures.compliant

        return page, total

    async def figures(self) -> ComplianceFigures:
        if not self.kept:
            found = await self.judged()
            return ComplianceFigures(len(found.branches), found.compliant, found.expected,
                                     found.present)  # fmt: skip
        ids = [path_ids(root)[-1] for root in minimal_roots(self.roots)]
        async with self.context.loaders.reads.read() as connection:
            branches = await count_branches(connection, self.roots)
            kept = await subtree_compliance(connection, ids, self.period.months)
        last = kept[self.period.months[-1]]
        compliant = last.quarter_compliant if self._quarter else last.month_compliant
        return ComplianceFigures(
            branches,
            compliant,
            sum(month.expected for month in kept.values()),
            sum(month.present for month in kept.values()),
        )


async def resolve_compliance_view(
    context: Context,
    under: int | None,
    global_id: str | None,
    period_text: str | None,
    now: datetime,
) -> ComplianceView:
    roots = await resolve_scope_under(context, Permission.READ_MEETINGS, under, global_id=global_id)
    if not roots:
        raise Forbidden("None of your roles may read meetings here.")
    period = parse_period(period_text, now)
    kinds = await resolve_meeting_kinds(context)
    quarter = period_text is None or "Q" in period_text
    return ComplianceView(context, tuple(roots), period, kinds, quarter=quarter)
