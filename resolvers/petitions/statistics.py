"""Petition statistics and hot topics for a subtree and window, and their live snapshots."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from db.base import china_day, utcnow
from db.paths import is_within, minimal_roots
from db.petitions.models import CategoryKind, PetitionStatus
from db.petitions.statistics import Summary, Window
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden
from resolvers.organizations.reads import resolve_scope_under
from resolvers.petitions.reads import ENTITY

MAX_DAYS = 366
MAX_TOPICS = 100


@dataclass(frozen=True, slots=True)
class WindowRequest:
    under: int
    under_global_id: str
    days: int = 30
    until: date | None = None

    def window(self, roots: list[str]) -> Window:
        until = self.until or china_day(utcnow())
        return Window(tuple(roots), until - timedelta(days=self.days - 1), until)


async def checked_roots(context: Context, request: WindowRequest) -> list[str]:
    """The viewer's subtrees under the node where READ_STATISTICS holds; FORBIDDEN when none.

    Figures are aggregates without personal data (READ_STATISTICS, as for organisations);
    hot words come from petition text, so `hot_topic_window` narrows them to READ_PETITIONS.
    """
    if not 1 <= request.days <= MAX_DAYS:
        raise BadUserInput(f"`days` must be between 1 and {MAX_DAYS}.", field="days")
    permission = Permission.READ_STATISTICS
    roots = await resolve_scope_under(
        context, permission, request.under, global_id=request.under_global_id
    )
    if not roots:
        raise Forbidden(
            f"None of your roles grants {permission.value} in this organisation; ask for a "
            "grid-worker, station-staff or secretary binding there."
        )
    return roots


async def resolve_window(context: Context, request: WindowRequest) -> Window:
    return request.window(await checked_roots(context, request))


async def summary(context: Context, window: Window) -> Summary:
    return await context.loaders.petitions.summary.load(window)


async def by_status(context: Context, window: Window) -> dict[PetitionStatus, int]:
    return await context.loaders.petitions.by_status.load(window)


async def by_category(context: Context, window: Window) -> dict[int, int]:
    return await context.loaders.petitions.by_category.load(window)


async def by_kind(context: Context, window: Window) -> dict[CategoryKind, int]:
    """The window's petitions by their category's major kind (read from the same tallies as
    `by_category`, the categories through their loader)."""
    counts = await by_category(context, window)
    categories = await context.loaders.petitions.category.load_many(list(counts))
    kinds: dict[CategoryKind, int] = {}
    for category, count in zip(categories, counts.values(), strict=True):
        if category is not None:
            kinds[category.kind] = kinds.get(category.kind, 0) + count
    return kinds


async def by_day(context: Context, window: Window) -> list[tuple[date, int]]:
    counts = await context.loaders.petitions.by_day.load(window)
    days = (window.until - window.since).days + 1
    return [
        (day, counts.get(day, 0)) for day in (window.since + timedelta(days=n) for n in range(days))
    ]


async def p90_handling_seconds(context: Context, window: Window) -> int | None:
    """Rounded down to the whole hour (the kept histograms' resolution)."""
    return await context.loaders.petitions.p90.load(window)


async def open_now(context: Context, window: Window) -> int:
    return await context.loaders.petitions.open_now.load(window.roots)


async def overdue_now(context: Context, window: Window) -> int:
    minute = utcnow().replace(second=0, microsecond=0)
    return await context.loaders.petitions.overdue_now.load((window.roots, minute))


def hot_topic_window(context: Context, window: Window) -> Window:
    """The part of the window whose petition text the viewer may read; FORBIDDEN if none.

    Hot words are petition text, so they need READ_PETITIONS wherever they are asked for
    (`petitionHotTopics` and `petitionStatistics.hotTopics` alike), not the READ_STATISTICS
    that the figures beside them need.
    """
    allowed = context.viewer.paths_for(Permission.READ_PETITIONS)
    roots = minimal_roots(
        [path for path in allowed for root in window.roots if is_within(path, root)]
        + [root for root in window.roots for path in allowed if is_within(root, path)]
    )
    if not roots:
        raise Forbidden(
            "Hot words come from petition text, which none of your roles may read here; ask "
            "for a grid-worker, station-staff or secretary binding."
        )
    return replace(window, roots=tuple(roots))


async def hot_topics(context: Context, window: Window, limit: int) -> list[tuple[str, int]]:
    if not 1 <= limit <= MAX_TOPICS:
        raise BadUserInput(f"`first` must be between 1 and {MAX_TOPICS}.", field="first")
    window = hot_topic_window(context, window)
    key = (window.roots, window.since, window.until, limit)
    return await context.loaders.petitions.topics.load(key)


async def watch_statistics(context: Context, request: WindowRequest) -> AsyncIterator[Window]:
    """Checks run now; then a window to compute at once, and again (at most once per interval)
    after petition events of the subtree arrived. The window's days follow the calendar."""
    roots = await checked_roots(context, request)
    return _snapshots(context, roots, lambda: request.window(roots))


async def _snapshots(
    context: Context, roots: list[str], window: Callable[[], Window]
) -> AsyncIterator[Window]:
    stream = context.services.hub.stream(roots, None)
    changed = asyncio.Event()

    async def listen() -> None:
        async for row in stream:
            if row.entity_type == ENTITY:
                changed.set()

    listener = asyncio.create_task(listen())
    try:
        yield window()
        while True:
            await asyncio.sleep(context.services.petitions.statistics_interval_seconds)
            await changed.wait()
            changed.clear()
            yield window()
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener
        await stream.aclose()
