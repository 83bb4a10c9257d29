"""Petition figures for a subtree and a window of days: SQL aggregates over index ranges.

Every query takes the subtree roots (grid paths of the petitions, `org_path`) and the window
of China-time days the petitions were submitted in; each figure is one statement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.paths import within_any
from db.petitions import OPEN_STATUSES, PetitionRow, PetitionStatus

SATISFIED = 4  # a rating of 4 or 5 counts as satisfied 满意


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


async def summary(session: AsyncSession, window: Window) -> Summary:
    resolved = PetitionRow.resolved_at.is_not(None)
    row = (
        await session.execute(
            select(
                func.count(),
                func.count(PetitionRow.resolved_at),
                func.sum(
                    case(
                        (and_(resolved, PetitionRow.resolved_at <= PetitionRow.deadline_at), 1),
                        else_=0,
                    )
                ),
                func.avg(PetitionRow.handling_seconds),
                func.count(PetitionRow.satisfaction),
                func.sum(case((PetitionRow.satisfaction >= SATISFIED, 1), else_=0)),
                func.avg(PetitionRow.satisfaction),
            ).where(_in(window))
        )
    ).one()
    total, done, on_time, mean_time, rated, satisfied, mean_rating = row
    return Summary(
        total=int(total),
        resolved=int(done),
        resolved_on_time=int(on_time or 0),
        mean_handling_seconds=float(mean_time) if mean_time is not None else None,
        rated=int(rated),
        satisfied=int(satisfied or 0),
        mean_satisfaction=float(mean_rating) if mean_rating is not None else None,
    )


async def percentile_handling_seconds(
    session: AsyncSession, window: Window, resolved: int, fraction: float
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


async def _grouped(session: AsyncSession, key: Any, window: Window) -> dict[Any, int]:
    query = select(key, func.count()).where(_in(window)).group_by(key)
    return {value: int(n) for value, n in await session.execute(query)}


async def count_by_status(session: AsyncSession, window: Window) -> dict[PetitionStatus, int]:
    return await _grouped(session, PetitionRow.status, window)


async def count_by_category(session: AsyncSession, window: Window) -> dict[int, int]:
    return await _grouped(session, PetitionRow.category_id, window)


async def count_by_day(session: AsyncSession, window: Window) -> dict[date, int]:
    return await _grouped(session, PetitionRow.day, window)


async def count_overdue_now(session: AsyncSession, roots: Sequence[str], now: datetime) -> int:
    """Open petitions of the subtree past their deadline right now (whenever submitted)."""
    query = select(func.count()).where(
        within_any(PetitionRow.org_path, roots),
        PetitionRow.status.in_(OPEN_STATUSES),
        PetitionRow.deadline_at < now,
    )
    return int((await session.scalar(query)) or 0)
