"""Kept dues figures per organisation subtree and month 党费收缴统计.

`dues_tallies` holds, for every organisation and month, the changes its whole subtree saw
that month, each written in the transaction of the change itself:

- `opened`: accounts whose first month due is this one (members due in month M are the
  sum of `opened` over months up to M);
- `due_fen_delta`: the change of the subtree's monthly dues from this month on (a
  declaration adds the member's new amount less what they owed before; the sum up to M is
  what month M comes to);
- `paid_members`, `paid_fen`: member-months paid for this month and their fen (a payment
  adds, its reversal takes away).

So a subtree's month is one range read of at most a few hundred rows (its months so far),
whatever the number of members under it. The tests' brute-force recount
(tests/test_dues_tallies.py) is the reference. A declaration's delta holds the amount under
the brackets in force in its month: new brackets added as data for a later month are not
yet carried into the kept figures (there is no rebuild yet); the accounts' own amounts follow
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId
from db.compiled_reads import read_rows
from db.paths import path_ids
from db.records import Connectable

FIGURES = ("opened", "due_fen_delta", "paid_members", "paid_fen")
_CHUNK = 1000  # rows per statement (SQLite caps bound parameters)


class DuesTallyRow(Base):
    __tablename__ = "dues_tallies"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    opened: Mapped[int] = mapped_column(Integer, default=0)
    due_fen_delta: Mapped[int] = mapped_column(BigId, default=0)
    paid_members: Mapped[int] = mapped_column(Integer, default=0)
    paid_fen: Mapped[int] = mapped_column(BigId, default=0)


# (org_path, month, opened, due_fen_delta, paid_members, paid_fen)
Change = tuple[str, date, int, int, int, int]
Net = dict[tuple[int, date], list[int]]


def _net(changes: Iterable[Change]) -> Net:
    net: Net = {}
    for path, month, *figures in changes:
        for organization in path_ids(path):
            found = net.setdefault((organization, month), [0, 0, 0, 0])
            for index, value in enumerate(figures):
                found[index] += value
    return net


async def _upsert(session: AsyncSession, net: Net) -> None:
    """Add the net figures per (organisation, month): one statement, rows in key order
    (concurrent writers lock them in the same order: no deadlock)."""
    rows = [
        {"organization_id": o, "month": m, **dict(zip(FIGURES, figures, strict=True))}
        for (o, m), figures in sorted(net.items())
        if any(figures)
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    table = DuesTallyRow.__table__.c
    for start in range(0, len(rows), _CHUNK):
        statement: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
            DuesTallyRow
        ).values(rows[start : start + _CHUNK])
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["organization_id", "month"],
                set_={name: table[name] + statement.excluded[name] for name in FIGURES},
            )
        )


async def add_to_dues_tallies(session: AsyncSession, changes: Sequence[Change]) -> None:
    await _upsert(session, _net(changes))


async def move_dues_tallies(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its months from the old ancestors, give them to the new ones."""
    t = DuesTallyRow
    own = (
        await session.execute(
            select(t.month, *(t.__table__.c[name] for name in FIGURES)).where(
                t.organization_id == node_id
            )
        )
    ).all()
    net: Net = {}
    for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
        for organization in ancestors:
            for month, *figures in own:
                found = net.setdefault((organization, month), [0, 0, 0, 0])
                for index, value in enumerate(figures):
                    found[index] += sign * int(value)
    await _upsert(session, net)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: date
    due_members: int
    due_fen: int
    paid_members: int
    paid_fen: int


_T = DuesTallyRow.__table__.c
# Built once: a request binds its organisation and last month (db/compiled_reads.py).
_UP_TO = (
    select(_T.month, _T.opened, _T.due_fen_delta, _T.paid_members, _T.paid_fen)
    .where(_T.organization_id == bindparam("organization"), _T.month <= bindparam("last"))
    .order_by(_T.month)
)


async def subtree_months(
    connection: Connectable, organization_id: int, first: date, last: date
) -> list[MonthFigures]:
    """The subtree's figures for each month from `first` to `last` (months given as their
    first day): one range read of its kept rows up to `last`, summed as they go (members and
    fen due are running sums; paid figures are the month's own)."""
    result = await read_rows(connection, _UP_TO, {"organization": organization_id, "last": last})
    rows = {month: (int(o), int(d), int(pm), int(pf)) for month, o, d, pm, pf in result}
    due = due_fen = 0
    for month, (opened, delta, _, _) in rows.items():
        if month < first:
            due += opened
            due_fen += delta
    figures = []
    month = first
    while month <= last:
        opened, delta, paid, paid_fen = rows.get(month, (0, 0, 0, 0))
        due += opened
        due_fen += delta
        figures.append(MonthFigures(month, due, due_fen, paid, paid_fen))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return figures
