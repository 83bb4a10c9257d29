"""Petition figures for a subtree and a window of days.

Every query takes the subtree roots (grid paths of the petitions, `org_path`) and the window
of China-time days the petitions were submitted in; each figure is one statement. Counts and
sums read the petition tallies (a root's rows for the window's days); the percentile and the
overdue count, which depend on single petitions, read index ranges of the petitions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from db.paths import minimal_roots, path_ids, within_any
from db.petitions.models import OPEN_STATUSES, PetitionRow, PetitionStatus
from db.petitions.tallies import FIGURES, PetitionTallyRow
from db.records import Connectable


@dataclass(frozen=True, slots=True)
class Window:
    """Subtree roots and the submission days [since, until] (inclusive)."""

    roots: tuple[str, ...]
    since: date
    until: date


def _in(window: Window) -> ColumnElement[bool]:
    return and_(
        within_any(PetitionRow.org_path, window.roots),
        PetitionRow.day >= window.since,
        PetitionRow.day <= window.until,
    )


@dataclass(frozen=True, slots=True)
class Summary:
    total: int
    resolved: int
    resolved_on_time: int
    mean_handling_seconds: float | None
    rated: int
    satisfied: int
    mean_satisfaction: float | None


def _tallied_organizations(roots: Sequence[str]) -> ColumnElement[bool]:
    """Tally rows of one organisation per subtree root (a nested root is already inside)."""
    return PetitionTallyRow.organization_id.in_(
        [path_ids(root)[-1] for root in minimal_roots(roots)]
    )


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
    session: Connectable, window: Window, resolved: int, fraction: float
) -> int | None:
    """The nearest-rank percentile of handling times, read at its position in SQL order."""
    if resolved == 0:
        return None
    position = max(0, math.ceil(resolved * fraction) - 1)
    query = (
        select(PetitionRow.handling_seconds)
        .where(_in(window), PetitionRow.handling_seconds.is_not(None))
        .order_by(PetitionRow.handling_seconds)
        .limit(1)
        .offset(min(position, resolved - 1))
    )
    found = await session.scalar(query)
    return int(found) if found is not None else None


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
