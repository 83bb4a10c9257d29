"""Kept study figures per organisation subtree and year 学习完成情况.

`learning_tallies` holds, for every organisation and year, what its whole subtree studied
that year, each figure written in the transaction of the change itself:

- `learners`: members with any credited minutes in the year;
- `members_met`: members whose minutes reached the year's requirement;
- `minutes`: credited minutes, net of reversals;
- `checkins`: daily check-ins 打卡;
- `sessions`: study sessions finished.

So a subtree's year is one primary-key read, whatever the number of members under it. The
tests' brute-force recount (tests/test_learning_tallies.py) is the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ForeignKey, Integer, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, core_table
from db.paths import path_ids
from db.records import ByKeys, Connectable

FIGURES = ("learners", "members_met", "minutes", "checkins", "sessions")
_CHUNK = 1000  # rows per statement (SQLite caps bound parameters)


class LearningTallyRow(Base):
    __tablename__ = "learning_tallies"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    learners: Mapped[int] = mapped_column(Integer, default=0)
    members_met: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(BigId, default=0)
    checkins: Mapped[int] = mapped_column(BigId, default=0)
    sessions: Mapped[int] = mapped_column(BigId, default=0)


@dataclass(frozen=True, slots=True)
class StudyChange:
    """What one write changes in the figures of the subtrees on `org_path`."""

    org_path: str
    year: int
    learners: int = 0
    members_met: int = 0
    minutes: int = 0
    checkins: int = 0
    sessions: int = 0


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    learners: int
    members_met: int
    minutes: int
    checkins: int
    sessions: int


Net = dict[tuple[int, int], list[int]]


def _net(changes: Iterable[StudyChange]) -> Net:
    net: Net = {}
    for change in changes:
        figures = [getattr(change, name) for name in FIGURES]
        for organization in path_ids(change.org_path):
            found = net.setdefault((organization, change.year), [0] * len(FIGURES))
            for index, value in enumerate(figures):
                found[index] += value
    return net


async def _upsert(session: AsyncSession, net: Net) -> None:
    """Add the net figures per (organisation, year): rows in key order, so concurrent writers
    lock them in the same order (no deadlock)."""
    rows = [
        {"organization_id": o, "year": y, **dict(zip(FIGURES, figures, strict=True))}
        for (o, y), figures in sorted(net.items())
        if any(figures)
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    table = LearningTallyRow.__table__.c
    for start in range(0, len(rows), _CHUNK):
        statement: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
            LearningTallyRow
        ).values(rows[start : start + _CHUNK])
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["organization_id", "year"],
                set_={name: table[name] + statement.excluded[name] for name in FIGURES},
            )
        )


async def add_to_learning_tallies(session: AsyncSession, changes: Sequence[StudyChange]) -> None:
    await _upsert(session, _net(changes))


async def move_learning_tallies(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its years from the old ancestors, give them to the new ones."""
    t = LearningTallyRow.__table__.c
    own = (
        await session.execute(
            select(t.year, *(t[name] for name in FIGURES)).where(t.organization_id == node_id)
        )
    ).all()
    net: Net = {}
    for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
        for organization in ancestors:
            for year, *figures in own:
                found = net.setdefault((organization, int(year)), [0] * len(FIGURES))
                for index, value in enumerate(figures):
                    found[index] += sign * int(value)
    await _upsert(session, net)


_TALLIES = core_table(LearningTallyRow).c
_SUBTREE_YEARS = ByKeys(
    lambda keys: select(_TALLIES.organization_id, *(_TALLIES[name] for name in FIGURES)).where(
        keys, _TALLIES.year == bindparam("year")
    ),
    _TALLIES.organization_id,
)


async def subtree_year(connection: Connectable, organization_id: int, year: int) -> YearFigures:
    """The subtree's kept figures for the year (zeros when nothing was studied)."""
    t = LearningTallyRow.__table__.c
    result = await connection.execute(
        select(*(t[name] for name in FIGURES)).where(
            t.organization_id == organization_id, t.year == year
        )
    )
    row = result.first()
    return (
        YearFigures(year, *(int(value) for value in row))
        if row
        else YearFigures(year, 0, 0, 0, 0, 0)
    )


async def subtree_years(
    connection: Connectable, organization_ids: Sequence[int], year: int
) -> dict[int, YearFigures]:
    """Several subtrees' kept figures for the year, in one statement (absent: nothing
    studied)."""
    rows = await _SUBTREE_YEARS.rows(connection, organization_ids, year=year)
    return {int(key): YearFigures(year, *(int(v) for v in values)) for key, *values in rows}
