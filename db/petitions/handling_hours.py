"""Handling-time histograms: for every organisation and submission day, how many of its
subtree's handled petitions took each whole number of hours (handling seconds // 3600).

Kept in step with the day tallies (db/petitions/tallies.py: the same writes, the same
transaction, moved with subtrees the same way), so a window's percentile reads one root's
rows for the window's days, a few hundred at most per day, instead of ordering the subtree's
handling times. The answer is the nearest-rank percentile rounded down to its whole hour:
below the exact value by less than one hour, never above it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.kept_sums import adding_statement

HOUR = 3600


class PetitionHandlingHourRow(Base):
    __tablename__ = "petition_handling_hours"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    hours: Mapped[int] = mapped_column(Integer, primary_key=True)  # handling seconds // 3600
    petitions: Mapped[int] = mapped_column(Integer, default=0)


Slot = tuple[int, date, int]  # organisation, day, whole hours


def hour_of(seconds: int) -> int:
    return seconds // HOUR


async def add_handling_hours(session: AsyncSession, net: Mapping[Slot, int]) -> None:
    changes = {slot: (count,) for slot, count in net.items()}
    keys = ("organization_id", "day", "hours")
    dialect = session.get_bind().dialect.name
    statement = adding_statement(dialect, PetitionHandlingHourRow, keys, ("petitions",), changes)
    if statement is not None:
        await session.execute(statement)


def nearest_rank(histogram: Sequence[tuple[int, int]], fraction: float) -> int | None:
    """The whole hour holding the nearest-rank percentile of (hours, count) pairs in order."""
    total = sum(count for _hours, count in histogram)
    if total <= 0:
        return None
    rank = max(1, math.ceil(total * fraction))
    seen = 0
    for hours, count in histogram:
        seen += count
        if seen >= rank:
            return hours
    return histogram[-1][0]
