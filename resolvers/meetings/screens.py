"""The big screen's organisational-life panel 组织生活: for a subtree, compliance this month
and this quarter (share of compliant branches, branches behind), attendance, and this month's
dues collection, all read from kept figures (db/meetings/subtree_tallies.py,
db/dues/tallies.py): a few primary-key reads and one index count, whatever the subtree's size.

Screens get it as a coalesced feed (subscriptions/screen_feeds.py `CommandCentre`, as the
stations' command centre): one computation per subtree at most once per interval, after a
meeting or dues event of the subtree, shared by every screen on it. Who may watch: whoever
may read both meetings and dues there (secretaries, administrators); each gets only the
subtrees of their scope.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from weakref import WeakKeyDictionary

from db.base import utcnow
from db.dues.tallies import subtree_months
from db.engine import Database, ReadConnection
from db.events.types import EntityType
from db.meetings.subtree_reads import SubtreeMonth, count_branches, subtree_compliance
from db.meetings.subtree_tallies import quarter_months
from db.meetings.tallies import month_of
from db.paths import minimal_roots, path_ids
from resolvers.access import Permission
from resolvers.context import Context, Services
from resolvers.dues.months import current_month
from resolvers.errors import Forbidden
from resolvers.organizations.reads import resolve_scope_under
from subscriptions import EventHub
from subscriptions.screen_feeds import CommandCentre, Screen

# What makes the panel stale: meetings (held, attendance) and dues (payments, reversals).
PANEL_EVENTS = frozenset({EntityType.MEETING, EntityType.DUES})


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True, slots=True)
class OrgLifePanel:
    """A complete snapshot of the subtrees' organisational life, the same for every screen."""

    generated_at: datetime
    month: str  # "2026-12"
    quarter: str  # "2026-Q4"
    branches: int
    this_month: SubtreeMonth
    quarter_so_far: tuple[SubtreeMonth, ...]  # the quarter's months begun, oldest first
    dues_due_members: int
    dues_paid_members: int
    dues_due_fen: int
    dues_paid_fen: int

    @property
    def compliant_this_month(self) -> int:
        return self.this_month.month_compliant

    @property
    def compliant_this_quarter(self) -> int:
        return self.this_month.quarter_compliant

    @property
    def attendance_rate_this_month(self) -> float | None:
        return _rate(self.this_month.present, self.this_month.expected)

    @property
    def attendance_rate_this_quarter(self) -> float | None:
        present = sum(month.present for month in self.quarter_so_far)
        return _rate(present, sum(month.expected for month in self.quarter_so_far))

    @property
    def held_this_quarter(self) -> int:
        return sum(month.held for month in self.quarter_so_far)

    def share(self, compliant: int) -> float | None:
        return _rate(compliant, self.branches)

    @property
    def dues_collection_rate(self) -> float | None:
        return _rate(self.dues_paid_members, self.dues_due_members)


Read = Callable[[], AbstractAsyncContextManager[ReadConnection]]


async def compute_panel(read: Read, roots: tuple[str, ...], now: datetime) -> OrgLifePanel:
    """The panel of the subtrees at `roots` at `now`, on a connection from `read` (the
    database's, for a feed; the request's shared reads, for a query): four statements."""
    month = month_of(now)
    months = tuple(m for m in quarter_months(month) if m <= month)
    ids = [path_ids(root)[-1] for root in minimal_roots(roots)]
    dues_month = current_month(now)
    async with read() as connection:
        branches = await count_branches(connection, roots)
        figures = await subtree_compliance(connection, ids, months)
        dues = [(await subtree_months(connection, key, dues_month, dues_month))[0] for key in ids]
    return OrgLifePanel(
        generated_at=now,
        month=month,
        quarter=f"{month[:4]}-Q{(int(month[5:]) + 2) // 3}",
        branches=branches,
        this_month=figures[month],
        quarter_so_far=tuple(figures[m] for m in months),
        dues_due_members=sum(found.due_members for found in dues),
        dues_paid_members=sum(found.paid_members for found in dues),
        dues_due_fen=sum(found.due_fen for found in dues),
        dues_paid_fen=sum(found.paid_fen for found in dues),
    )


async def _compute_now(database: Database, roots: tuple[str, ...]) -> OrgLifePanel:
    return await compute_panel(database.read, roots, utcnow())


_centres: WeakKeyDictionary[EventHub, CommandCentre[OrgLifePanel]] = WeakKeyDictionary()


def panel_centre(services: Services) -> CommandCentre[OrgLifePanel]:
    """The process's organisational-life feeds (one per hub), made on first use."""
    centre = _centres.get(services.hub)
    if centre is None:
        centre = _centres[services.hub] = CommandCentre(
            services.hub,
            partial(_compute_now, services.database),
            interval=services.stations.screen_interval_seconds,
            watched=PANEL_EVENTS,
        )
    return centre


async def panel_roots(context: Context, under: int | None, global_id: str | None) -> list[str]:
    """The subtrees the viewer may watch: where they may read meetings and dues alike."""
    context.require_account()
    viewer = context.viewer
    if not viewer.paths_for(Permission.READ_DUES) or not viewer.paths_for(Permission.READ_MEETINGS):
        raise Forbidden(
            "None of your roles may watch organisational life (meetings and dues); "
            "sign in as a secretary or an administrator."
        )
    roots = await resolve_scope_under(context, Permission.READ_DUES, under, global_id=global_id)
    if not roots:
        raise Forbidden("You may not watch organisational life in that subtree.")
    if not all(viewer.can(Permission.READ_MEETINGS, root) for root in roots):
        raise Forbidden("You may not read meetings everywhere in that subtree.")
    return roots


async def resolve_panel(context: Context, under: int | None, global_id: str | None) -> OrgLifePanel:
    """The panel once (a query: the screen's first paint, the benchmarks)."""
    roots = await panel_roots(context, under, global_id)
    return await compute_panel(context.loaders.reads.read, tuple(roots), utcnow())


async def watch_panel(
    context: Context, under: int | None, global_id: str | None
) -> Screen[OrgLifePanel]:
    """Checks run now, so a bad request fails before the first snapshot."""
    roots = await panel_roots(context, under, global_id)
    return panel_centre(context.services).watch(roots)
