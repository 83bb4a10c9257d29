"""Petition figures for a subtree and a window of days.

Every query takes the subtree roots (grid paths of the petitions, `org_path`) and the window
of China-time days the petitions were submitted in; each figure is one statement. Counts and
sums read the petition tallies (a root's rows for the window's days), the percentile its
handling-hour histograms; the overdue count, which depends on the clock, reads an index range
of the open petitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from db.paths import minimal_roots, path_ids, within_any
from db.petitions.handling_hours import HOUR, PetitionHandlingHourRow, nearest_rank
from db.petitions.models import OPEN_STATUSES, PetitionRow, PetitionStatus
from db.petitions.tallies import FIGURES, PetitionTallyRow
from db.records import Connectable


@dataclass(frozen=True, slots=True)
class Window:
    """Subtree roots and the submission days [since, until] (inclusive)."""

    roots: tuple[str, ...]
    since: date
    until: date


@dataclass(frozen=True, slots=True)
class Summary:
    total: int
    resolved: int
    resolved_on_time: int
    mean_handling_seconds: float | None
    rated: int
    satisfied: int
    mean_satisfaction: float | None


def _root_ids(roots: Sequence[str]) -> list[int]:
    """One organisation per subtree root (a nested root is already inside another)."""
    return [path_ids(root)[-1] for root in minimal_roots(roots)]


def _tallied_organizations(roots: Sequence[str]) -> ColumnElement[bool]:
    return PetitionTallyRow.organization_id.in_(_root_ids(roots))


def _tallied(window: Window) -> ColumnElement[bool]:
    """The window's tally rows: one organisation per subtree root, the window's days."""
    return and_(
        _tallied_organizations(window.roots),
        PetitionTallyRow.day >= window.since,
        PetitionTallyRow.day <= window.until,
    )


def _mean(total: int, count: int) -> float | None:
    return total / count if count else None


async def summary(session: Connectable, window: Window) -> Summary:
    t = PetitionTallyRow.__table__.c
    row = (
        await session.execute(
            select(*(func.coalesce(func.sum(t[name]), 0) for name in FIGURES)).where(
                _tallied(window)
            )
        )
    ).one()
    total, done, on_time, handled, seconds, rated, satisfied, ratings = (int(n) for n in row)
    return Summary(
        total=total,
        resolved=done,
        resolved_on_time=on_time,
        mean_handling_seconds=_mean(seconds, handled),
        rated=rated,
        satisfied=satisfied,
        mean_satisfaction=_mean(ratings, rated),
    )


async def percentile_handling_seconds(
    session: Connectable, window: Window, fraction: float
) -> int | None:
    """The nearest-rank percentile of the window's handling times from the kept histograms:
    the roots' rows for the window's days summed per whole hour, in seconds rounded down to
    the hour (less than an hour below the exact figure); None when nothing was handled."""
    h = PetitionHandlingHourRow.__table__.c
    query = (
        select(h.hours, func.sum(h.petitions))
        .where(
            h.organization_id.in_(_root_ids(window.roots)),
            h.day >= window.since,
            h.day <= window.until,
        )
        .group_by(h.hours)
        .order_by(h.hours)
    )
    histogram = [(int(hours), int(n)) for hours, n in await session.execute(query)]
    found = nearest_rank(histogram, fraction)
    return found * HOUR if found is not None else None


async def p90_handling_seconds(session: Connectable, window: Window) -> int | None:
    return await percentile_handling_seconds(session, window, 0.9)


async def _grouped(session: Connectable, key: Any, window: Window) -> dict[Any, int]:
    query = (
        select(key, func.sum(PetitionTallyRow.petitions))
        .where(_tallied(window))
        .group_by(key)
        .having(func.sum(PetitionTallyRow.petitions) != 0)
    )
    return {value: int(n) for value, n in await session.execute(query)}


async def count_by_status(session: Connectable, window: Window) -> dict[PetitionStatus, int]:
    found = await _grouped(session, PetitionTallyRow.status, window)
    return {PetitionStatus(status): n for status, n in found.items()}


async def count_by_category(session: Connectable, window: Window) -> dict[int, int]:
    return await _grouped(session, PetitionTallyRow.category_id, window)


async def count_by_day(session: Connectable, window: Window) -> dict[date, int]:
    return await _grouped(session, PetitionTallyRow.day, window)


async def count_open_now(session: Connectable, roots: Sequence[str]) -> int:
    """Open petitions of the subtree right now, whenever submitted: the tallies' open rows of
    each subtree root, so a city's count reads its root's rows by key, not its petitions."""
    query = select(func.coalesce(func.sum(PetitionTallyRow.petitions), 0)).where(
        _tallied_organizations(roots),
        PetitionTallyRow.status.in_([status.value for status in OPEN_STATUSES]),
    )
    return int((await session.scalar(query)) or 0)


async def count_overdue_now(session: Connectable, roots: Sequence[str], now: datetime) -> int:
    """Open petitions of the subtree past their deadline right now (whenever submitted)."""
    query = select(func.count()).where(
        within_any(PetitionRow.org_path, roots),
        PetitionRow.status.in_(OPEN_STATUSES),
        PetitionRow.deadline_at < now,
    )
    return int((await session.scalar(query)) or 0)
