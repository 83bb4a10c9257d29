"""Member tallies: for every organisation, how many people its whole subtree holds by
development status (every stage), and how many Party members 党员 (probationary and full
only) it holds by gender, education, ethnicity, occupation and birth year: the portrait
counts members, and the people on the way (applicants, activists, development targets) are
counted apart, by status alone.

Kept in step by every member write (in the writer's transaction) and by moves, so a subtree
statistic is a handful of rows read by primary key at any scale, instead of a scan of all
the subtree's members. `rebuild_member_tallies` recomputes them from the members table
(after bulk loads, and as the reference the tests compare with).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    ForeignKey,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, core_table
from db.members.models import PARTY_MEMBER_STATUSES, MemberRow, MemberStatus
from db.paths import path_ids
from db.records import ByKeys, Connectable

TALLY_DIMENSIONS = ("status", "gender", "education", "ethnicity", "occupation", "birth_year")
# Party members by their last month with any presence 在场 (its first day, ISO; NEVER when none):
# the absent count of a subtree is one range of its keys (db/presence/last_present.py).
LAST_PRESENT = "last_present"
NEVER = "0000-00-00"  # sorts before every month

Tally = tuple[str, str]  # (dimension, key)


class MemberTallyRow(Base):
    __tablename__ = "member_tallies"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


AGE_BANDS = ((30, "under_30"), (40, "30_39"), (50, "40_49"), (60, "50_59"), (70, "60_69"))
OLDEST_BAND = "70_and_over"


def age_bands(birth_years: Mapping[str, int], this_year: int) -> dict[str, int]:
    """Members by age band, counting age as this year minus the birth year."""
    bands: dict[str, int] = {}
    for year, n in birth_years.items():
        age = this_year - int(year)
        band = next((name for limit, name in AGE_BANDS if age < limit), OLDEST_BAND)
        bands[band] = bands.get(band, 0) + n
    return bands


def presence_key(month: date | None) -> str:
    return NEVER if month is None else month.isoformat()


def member_tallies(member: MemberRow | Mapping[str, object]) -> list[Tally]:
    """The (dimension, key) pairs one person counts towards: their status always, the
    portrait's dimensions and their last month present only while they are a Party member
    (probationary or full)."""

    def value(name: str) -> object:
        return member.get(name) if isinstance(member, Mapping) else getattr(member, name)

    status = MemberStatus(str(value("status")))
    if not status.is_party_member:
        return [("status", str(status))]
    birth = value("birth_date")
    last = value("last_present_month")
    pairs = [(dimension, str(value(dimension))) for dimension in TALLY_DIMENSIONS[:-1]]
    return [
        *pairs,
        ("birth_year", str(getattr(birth, "year", birth))),
        (LAST_PRESENT, presence_key(last if isinstance(last, date) else None)),
    ]


Placement = tuple[str, Sequence[Tally]]  # a member's branch path and its tallies


async def retally(session: AsyncSession, before: Placement | None, after: Placement | None) -> None:
    """Move one member's counts from where it was (None: new) to where it is (None: gone)."""
    await retally_all(session, [(before, after)])


async def retally_all(
    session: AsyncSession, moves: Sequence[tuple[Placement | None, Placement | None]]
) -> None:
    """Move members' counts, each from where it was (None: new) to where it is (None: gone).

    Only the net changes are written, in one statement, in key order, so concurrent writers
    lock rows in the same order and cannot deadlock.
    """
    net: dict[tuple[int, str, str], int] = {}
    for before, after in moves:
        for placement, delta in ((before, -1), (after, 1)):
            if placement is None:
                continue
            path, tallies = placement
            for organization in path_ids(path):
                for dimension, key in tallies:
                    slot = (organization, dimension, key)
                    net[slot] = net.get(slot, 0) + delta
    await _upsert(session, [(o, d, k, n) for (o, d, k), n in sorted(net.items()) if n])


async def _upsert(session: AsyncSession, rows: Sequence[tuple[int, str, str, int]]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = dialect_insert(MemberTallyRow).values(
        [{"organization_id": o, "dimension": d, "key": k, "n": n} for o, d, k, n in rows]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["organization_id", "dimension", "key"],
            set_={"n": MemberTallyRow.n + statement.excluded.n},
        )
    )


async def move_tallies(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its totals from the old ancestors, give them to the new ones."""
    totals = (
        await session.execute(
            select(MemberTallyRow.dimension, MemberTallyRow.key, MemberTallyRow.n).where(
                MemberTallyRow.organization_id == node_id, MemberTallyRow.n != 0
            )
        )
    ).all()
    rows = [(org, d, k, -n) for org in old_ancestors for d, k, n in totals]
    rows += [(org, d, k, n) for org in new_ancestors for d, k, n in totals]
    merged: dict[tuple[int, str, str], int] = {}
    for org, dimension, key, n in rows:
        merged[(org, dimension, key)] = merged.get((org, dimension, key), 0) + n
    await _upsert(session, [(o, d, k, n) for (o, d, k), n in sorted(merged.items()) if n])


_TALLIES_OF = ByKeys(
    lambda keys: select(MemberTallyRow.organization_id, MemberTallyRow.key, MemberTallyRow.n).where(
        keys, MemberTallyRow.dimension == bindparam("dimension"), MemberTallyRow.n != 0
    ),
    MemberTallyRow.organization_id,
)


async def read_tallies(
    session: Connectable, organization_ids: Sequence[int], dimension: str
) -> dict[int, dict[str, int]]:
    """Each organisation's subtree counts for one dimension (one statement for all)."""
    found: dict[int, dict[str, int]] = {org: {} for org in organization_ids}
    for org, key, n in await _TALLIES_OF.rows(session, organization_ids, dimension=dimension):
        found[org][key] = n
    return found


def branch_counts(dimension: str, *, every_stage: bool = False) -> Select[str, str, int]:
    """People per branch path and key of one dimension (one row per pair): every stage for
    `status`, Party members only for the portrait's dimensions (as `member_tallies`)."""
    column = (
        func.extract("year", MemberRow.birth_date)
        if dimension == "birth_year"
        else getattr(MemberRow, dimension)
    )
    query = select(MemberRow.org_path, cast(column, String), func.count()).group_by(
        MemberRow.org_path, column
    )
    if dimension != "status" and not every_stage:
        query = query.where(MemberRow.status.in_(PARTY_MEMBER_STATUSES))
    return query


def last_present_counts() -> Select[str, str, int]:
    """Party members per branch path and last month present (as `member_tallies` keys it)."""
    key = func.coalesce(cast(MemberRow.last_present_month, String), NEVER)
    return (
        select(MemberRow.org_path, key, func.count())
        .where(MemberRow.status.in_(PARTY_MEMBER_STATUSES))
        .group_by(MemberRow.org_path, key)
    )


def to_ancestors(dimension: str, rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Per-branch counts summed into every organisation on each branch's path."""
    totals: dict[tuple[int, str], int] = {}
    for path, key, n in rows:
        for organization in path_ids(path):
            slot = (organization, str(key))
            totals[slot] = totals.get(slot, 0) + n
    return [
        {"organization_id": org, "dimension": dimension, "key": key, "n": n}
        for (org, key), n in totals.items()
    ]


REBUILD_CHUNK = 20_000


async def rebuild_member_tallies(session: AsyncSession) -> None:
    """Recompute every tally from the members table (after bulk loads); a dimension at a time,
    grouped by branch in SQL and summed into ancestors here (portable, and linear in rows)."""
    await session.execute(delete(MemberTallyRow))
    for dimension in (*TALLY_DIMENSIONS, LAST_PRESENT):
        counts = last_present_counts() if dimension == LAST_PRESENT else branch_counts(dimension)
        tallies = to_ancestors(dimension, (await session.execute(counts)).all())
        for start in range(0, len(tallies), REBUILD_CHUNK):
            await session.execute(
                insert(core_table(MemberTallyRow)), tallies[start : start + REBUILD_CHUNK]
            )


def rebuild_member_tallies_now(connection: Connection, *, every_stage: bool = False) -> None:
    """The same, on a synchronous connection (the migrations that introduced the tallies and
    that counted the portrait's dimensions over Party members only; `every_stage` rebuilds
    them as they were before, for its downgrade), without LAST_PRESENT: their members table
    has no last month present yet (migration 0018 counts it)."""
    connection.execute(delete(MemberTallyRow))
    for dimension in TALLY_DIMENSIONS:
        counts = branch_counts(dimension, every_stage=every_stage)
        tallies = to_ancestors(dimension, connection.execute(counts).all())
        for start in range(0, len(tallies), REBUILD_CHUNK):
            connection.execute(
                insert(core_table(MemberTallyRow)), tallies[start : start + REBUILD_CHUNK]
            )
