"""Kept compliance figures per organisation subtree and month 组织生活达标统计, for screens and
aggregates at any level: one row per organisation and month, summing its whole subtree.

- `held`, `expected`, `present`: meetings held that month by the subtree's branches and
  their attendance (应到, 实到), as `meeting_tallies` hold them per branch;
- `month_compliant`: branches that met the cadence for the month as `meetingCompliance`
  judges a month (resolvers/meetings/compliance.py): each MONTHLY kind held in it, each
  QUARTERLY kind held in its quarter up to it;
- `quarter_compliant`: branches that met it for the quarter up to the month (every MONTHLY
  kind in each of the quarter's months so far, each QUARTERLY kind once so far): the
  quarter's figure read on its current (or last) month;
- `month_met`: branches that held every MONTHLY kind in the month (quarterly ones aside: what
  the secretaries' reminder asks of a quarter's first two months).

Written in the transaction of every change of a held meeting (`ComplianceWatch`, called by
db/meetings/writes.py): the branch's row is locked, its flags for the quarter's months from
the meeting's on are read before and after, and the differences go to the branch and every
ancestor. So a subtree's month is one primary-key read, whatever the number of branches under
it (db/meetings/subtree_reads.py). `compliance_counts` computes the same from the per-branch
tallies (db/meetings/subtree_rebuild.py: the rebuild, and the tests' reference). Branches are
those `db/meetings/compliance.py` judges; a meeting of a party group counts for the branch
above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, core_table
from db.meetings.compliance import JUDGED_KINDS
from db.meetings.models import Cadence, MeetingKindRow
from db.meetings.tallies import MeetingTallyRow, Placement
from db.organizations.models import OrganizationRow
from db.paths import ancestor_paths, path_ids, within_any

FIGURES = ("held", "expected", "present", "month_compliant", "quarter_compliant", "month_met")
_ZERO = (0,) * len(FIGURES)
_CHUNK = 1000


class ComplianceTallyRow(Base):
    __tablename__ = "meeting_compliance_tallies"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-12"
    held: Mapped[int] = mapped_column(Integer, default=0)
    expected: Mapped[int] = mapped_column(Integer, default=0)
    present: Mapped[int] = mapped_column(Integer, default=0)
    month_compliant: Mapped[int] = mapped_column(Integer, default=0)
    quarter_compliant: Mapped[int] = mapped_column(Integer, default=0)
    month_met: Mapped[int] = mapped_column(Integer, default=0)


Cadences = Sequence[tuple[str, Cadence]]
Held = Mapping[tuple[str, str], int]  # (kind, month) → meetings held
Net = dict[tuple[int, str], list[int]]
Tally = tuple[str, str, str, int, int, int]  # path, month, kind, held, expected, present


def quarter_months(month: str) -> tuple[str, str, str]:
    """The three months of the month's quarter."""
    year, number = int(month[:4]), int(month[5:])
    first = number - (number - 1) % 3
    return (f"{year:04d}-{first:02d}", f"{year:04d}-{first + 1:02d}", f"{year:04d}-{first + 2:02d}")


Flags = tuple[int, int, int]


def flags(held: Held, cadences: Cadences, month: str) -> Flags:
    """(month compliant, quarter compliant so far, monthly kinds met) of one branch at
    `month`, each 1 or 0."""
    so_far = [m for m in quarter_months(month) if m <= month]
    quarterly = all(
        any(held.get((code, m), 0) > 0 for m in so_far)
        for code, cadence in cadences
        if cadence is not Cadence.MONTHLY
    )
    monthly = [code for code, cadence in cadences if cadence is Cadence.MONTHLY]
    this_month = all(held.get((code, month), 0) > 0 for code in monthly)
    every_month = all(held.get((code, m), 0) > 0 for code in monthly for m in so_far)
    return int(quarterly and this_month), int(quarterly and every_month), int(this_month)


def _add(net: Net, path: str, month: str, figures: Sequence[int]) -> None:
    for organization in path_ids(path):
        slot = net.setdefault((organization, month), list(_ZERO))
        for index, value in enumerate(figures):
            slot[index] += value


def compliance_counts(
    branches: Iterable[str],
    tallies: Iterable[Tally],
    cadences: Cadences,
) -> Net:
    """The kept figures computed from per-branch tallies (path, month, kind, held, expected,
    present): each tally counts for the nearest branch above it (none: nowhere); every month
    of each quarter a branch held something in is judged."""
    paths = set(branches)
    held: dict[str, dict[tuple[str, str], int]] = {}
    net: Net = {}
    for path, month, kind, count, expected, present in tallies:
        owner = next((p for p in reversed(ancestor_paths(path)) if p in paths), None)
        if owner is None:
            continue
        mine = held.setdefault(owner, {})
        mine[(kind, month)] = mine.get((kind, month), 0) + count
        _add(net, owner, month, (count, expected, present, 0, 0, 0))
    for owner, mine in held.items():
        months = {m for (_kind, month), n in mine.items() if n for m in quarter_months(month)}
        for month in sorted(months):
            judged = flags(mine, cadences, month)
            if any(judged):
                _add(net, owner, month, (0, 0, 0, *judged))
    return {key: figures for key, figures in net.items() if any(figures)}


async def _upsert(session: AsyncSession, net: Net) -> None:
    """Add the net figures per (organisation, month): rows in key order (concurrent writers
    lock them in the same order: no deadlock)."""
    rows = [
        {"organization_id": o, "month": m, **dict(zip(FIGURES, figures, strict=True))}
        for (o, m), figures in sorted(net.items())
        if any(figures)
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    table = ComplianceTallyRow.__table__.c
    for start in range(0, len(rows), _CHUNK):
        statement: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
            ComplianceTallyRow
        ).values(rows[start : start + _CHUNK])
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["organization_id", "month"],
                set_={name: table[name] + statement.excluded[name] for name in FIGURES},
            )
        )


_O = core_table(OrganizationRow).c
_T = core_table(MeetingTallyRow).c
_K = core_table(MeetingKindRow).c


async def _owner(session: AsyncSession, path: str, *, lock: bool) -> str | None:
    """The nearest branch at or above `path`, with `lock` its row locked till the commit (so
    two meetings of one branch judge its flags one after the other); None outside any
    branch."""
    found = await session.execute(
        select(_O.id, _O.path)
        .where(_O.id.in_(path_ids(path)), _O.kind.in_(JUDGED_KINDS))
        .order_by(_O.depth.desc())
        .limit(1)
    )
    row = found.first()
    if row is None or not lock:
        return None if row is None else str(row[1])
    # FOR NO KEY UPDATE: rows referring to the branch may still be inserted meanwhile.
    await session.execute(select(_O.id).where(_O.id == row[0]).with_for_update(key_share=True))
    return str(row[1])


async def lock_branch_of(session: AsyncSession, path: str) -> str | None:
    """Lock the branch at or above `path` (its path; None outside any branch)."""
    return await _owner(session, path, lock=True)


async def _cadences(session: AsyncSession) -> list[tuple[str, Cadence]]:
    result = await session.execute(select(_K.code, _K.cadence).order_by(_K.position))
    return [(str(code), Cadence(cadence)) for code, cadence in result]


async def _held(session: AsyncSession, branch_path: str, months: Sequence[str]) -> Held:
    result = await session.execute(
        select(_T.kind_code, _T.month, func.sum(_T.held))
        .where(within_any(_T.org_path, [branch_path]), _T.month.in_(list(months)))
        .group_by(_T.kind_code, _T.month)
    )
    return {(str(kind), str(month)): int(count or 0) for kind, month, count in result}


@dataclass(slots=True)
class ComplianceWatch:
    """A held meeting's change seen from its branch: made before the per-branch tallies
    change (`start`), settled after (`finish`)."""

    owner: str | None
    months: tuple[str, ...] = ()
    cadences: list[tuple[str, Cadence]] = field(default_factory=list)
    before: list[Flags] = field(default_factory=list)

    @classmethod
    async def start(
        cls, session: AsyncSession, placements: Sequence[Placement], *, judge: bool = True
    ) -> ComplianceWatch:
        """`judge`: whether meetings held may change (else only attendance: no flags)."""
        if not placements:
            return cls(None)
        # attendance alone adds commutative sums: no lock, no flags
        owner = await _owner(session, placements[0].org_path, lock=judge)
        if owner is None or not judge:
            return cls(owner)
        first = min(found.month for found in placements)
        months = tuple(m for m in quarter_months(first) if m >= first)
        cadences = await _cadences(session)
        held = await _held(session, owner, quarter_months(first))
        return cls(owner, months, cadences, [flags(held, cadences, m) for m in months])

    async def finish(
        self, session: AsyncSession, counted: Sequence[tuple[Placement, int]], *, held: bool
    ) -> None:
        """`counted`: each placement the meeting left (-1) or took (+1); `held`: whether the
        meeting itself moved (else only its attendance, as deltas)."""
        if self.owner is None:
            return
        net: Net = {}
        for found, sign in counted:
            counts = (sign if held else 0, sign * found.expected, sign * found.present, 0, 0, 0)
            _add(net, self.owner, found.month, counts)
        if self.months:
            now_held = await _held(session, self.owner, quarter_months(self.months[0]))
            for month, was in zip(self.months, self.before, strict=True):
                now = flags(now_held, self.cadences, month)
                if now != was:
                    delta = (0, 0, 0, *(a - b for a, b in zip(now, was, strict=True)))
                    _add(net, self.owner, month, delta)
        await _upsert(session, net)


async def move_compliance_tallies(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its months from the old ancestors, give them to the new ones."""
    t = ComplianceTallyRow.__table__.c
    own = (
        await session.execute(
            select(t.month, *(t[name] for name in FIGURES)).where(t.organization_id == node_id)
        )
    ).all()
    net: Net = {}
    for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
        for organization in ancestors:
            for month, *figures in own:
                slot = net.setdefault((organization, month), list(_ZERO))
                for index, value in enumerate(figures):
                    slot[index] += sign * int(value)
    await _upsert(session, net)
