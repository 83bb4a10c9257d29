"""Meeting tallies: for every branch, month (China time) and kind, the meetings held and their
attendance (应到 expected: attendees not on approved leave; 实到 present).

Kept in step by every write that changes a held meeting or its attendance, in the writer's
transaction, so compliance for any subtree and period is an index range over a few rows per
branch, never a scan of meetings. `recount_meeting_tallies` recomputes them from the meetings
(the reference the tests compare with; the demo rebuilds them after its bulk load).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import CHINA_STANDARD_TIME, FOLLOWS_MOVES, Base, PathString, core_table
from db.meetings.models import MeetingRow, MeetingStatus

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED)


class MeetingTallyRow(Base):
    __tablename__ = "meeting_tallies"

    org_path: Mapped[str] = mapped_column(PathString, primary_key=True, info=FOLLOWS_MOVES)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-12"
    kind_code: Mapped[str] = mapped_column(ForeignKey("meeting_kinds.code"), primary_key=True)
    held: Mapped[int] = mapped_column(Integer, default=0)
    expected: Mapped[int] = mapped_column(Integer, default=0)
    present: Mapped[int] = mapped_column(Integer, default=0)


def month_of(at: datetime) -> str:
    """The China-time month of a moment, as the tallies key it ("2026-12")."""
    return at.astimezone(CHINA_STANDARD_TIME).strftime("%Y-%m")


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a held meeting counts, and what."""

    org_path: str
    month: str
    kind_code: str
    expected: int
    present: int


def placement(row: MeetingRow) -> Placement | None:
    """None for a meeting not held (scheduled or cancelled): it counts nowhere."""
    if row.status not in HELD_STATUSES:
        return None
    return Placement(
        row.org_path,
        month_of(row.starts_at),
        row.kind_code,
        row.attendees - row.excused,
        row.present,
    )


async def retally_meeting(
    session: AsyncSession, before: Placement | None, after: Placement | None
) -> None:
    """Move one meeting's counts from `before` to `after` (None: counted nowhere)."""
    net: dict[tuple[str, str, str], list[int]] = {}
    for found, sign in ((before, -1), (after, 1)):
        if found is None:
            continue
        slot = net.setdefault((found.org_path, found.month, found.kind_code), [0, 0, 0])
        slot[0] += sign
        slot[1] += sign * found.expected
        slot[2] += sign * found.present
    await _add(session, [(key, n) for key, n in sorted(net.items()) if any(n)])


async def adjust_meeting_tally(session: AsyncSession, change: Placement) -> None:
    """Add an attendance change (`expected`, `present` as deltas) to a held meeting's slot."""
    key = (change.org_path, change.month, change.kind_code)
    await _add(session, [(key, [0, change.expected, change.present])])


async def _add(session: AsyncSession, rows: list[tuple[tuple[str, str, str], list[int]]]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = dialect_insert(MeetingTallyRow).values(
        [
            {
                "org_path": path,
                "month": month,
                "kind_code": kind,
                "held": held,
                "expected": expected,
                "present": present,
            }
            for (path, month, kind), (held, expected, present) in rows
        ]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["org_path", "month", "kind_code"],
            set_={
                "held": MeetingTallyRow.held + statement.excluded.held,
                "expected": MeetingTallyRow.expected + statement.excluded.expected,
                "present": MeetingTallyRow.present + statement.excluded.present,
            },
        )
    )


async def recount_meeting_tallies(
    session: AsyncSession,
) -> list[tuple[str, str, str, int, int, int]]:
    """The tallies recomputed from the meetings: (path, month, kind, held, expected, present)."""
    rows = await session.execute(
        select(
            MeetingRow.org_path,
            MeetingRow.starts_at,
            MeetingRow.kind_code,
            MeetingRow.attendees - MeetingRow.excused,
            MeetingRow.present,
        ).where(MeetingRow.status.in_(HELD_STATUSES))
    )
    counts: dict[tuple[str, str, str], list[int]] = {}
    for path, starts_at, kind, expected, present in rows:
        slot = counts.setdefault((path, month_of(starts_at), kind), [0, 0, 0])
        slot[0] += 1
        slot[1] += expected
        slot[2] += present
    return [(p, m, k, h, e, n) for (p, m, k), (h, e, n) in sorted(counts.items())]


async def kept_meeting_tallies(
    session: AsyncSession,
) -> list[tuple[str, str, str, int, int, int]]:
    """The kept tallies, zero rows left out, in key order (to compare with the recount)."""
    rows = await session.execute(
        select(
            MeetingTallyRow.org_path,
            MeetingTallyRow.month,
            MeetingTallyRow.kind_code,
            MeetingTallyRow.held,
            MeetingTallyRow.expected,
            MeetingTallyRow.present,
        ).order_by(MeetingTallyRow.org_path, MeetingTallyRow.month, MeetingTallyRow.kind_code)
    )
    return [(p, m, k, h, e, n) for p, m, k, h, e, n in rows if h or e or n]


_TALLY_FIELDS = ("org_path", "month", "kind_code", "held", "expected", "present")


async def rebuild_meeting_tallies(session: AsyncSession) -> None:
    """Replace the kept tallies by a recount (after a bulk load)."""
    counts = await recount_meeting_tallies(session)
    await session.execute(delete(MeetingTallyRow))
    if counts:
        await session.execute(
            insert(core_table(MeetingTallyRow)),
            [dict(zip(_TALLY_FIELDS, row, strict=True)) for row in counts],
        )
