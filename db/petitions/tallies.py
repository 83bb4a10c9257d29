"""Petition tallies: for every organisation, submission day, status and category, what the
petitions of its whole subtree add up to (how many, and the sums behind the rates).

Kept in step by every petition write (submission, each workflow step, overdue escalation, in
the writer's transaction) and by tree moves, so a window's statistics read at most
days × (status, category) pairs rows by key at any scale, instead of scanning the subtree's
petitions. A window is whole China-time days, so its figures are exact sums of the days' rows.
`rebuild_petition_tallies` recomputes them from the petitions table (after bulk loads, and as
the reference the tests compare with).

The same writes keep two companions in step: the held counts (db/petitions/held_counts.py:
the petition list's counts per organisation, status and category, handling side included)
and the handling-time histograms (db/petitions/handling_hours.py: the percentile's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Date,
    ForeignKey,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId
from db.kept_sums import adding_statement
from db.organizations.models import OrganizationRow
from db.paths import path_ids
from db.petitions.handling_hours import (
    HOUR,
    PetitionHandlingHourRow,
    add_handling_hours,
    hour_of,
)
from db.petitions.held_counts import (
    Held,
    PetitionHeldCountRow,
    add_handled_elsewhere,
    add_handled_elsewhere_now,
    move_held_counts,
    reheld_petition,
)
from db.petitions.models import PetitionRow
from db.petitions.queries import PetitionRecord

SATISFIED = 4  # a rating of 4 or 5 counts as satisfied 满意

# The summed columns, in the order `Sums` and the statements list them.
FIGURES = (
    "petitions",
    "resolved",
    "on_time",
    "handled",
    "handling_seconds",
    "rated",
    "satisfied",
    "satisfaction",
)


class PetitionTallyRow(Base):
    __tablename__ = "petition_tallies"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    category_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petitions: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    handled: Mapped[int] = mapped_column(Integer, default=0)  # with a handling time
    handling_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[int] = mapped_column(Integer, default=0)  # the ratings' sum


Sums = tuple[int, ...]  # one amount per FIGURES entry
Key = tuple[date, str, int]  # day, status, category


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one petition counts (its grid's and its holder's paths) and what it adds."""

    grid_path: str
    handling_path: str
    key: Key
    sums: Sums

    def held(self) -> Held:
        _day, status, category = self.key
        return self.grid_path, self.handling_path, status, category


def petition_sums(petition: PetitionRow | PetitionRecord | Mapping[str, Any]) -> Sums:
    """What one petition adds to its (day, status, category) tally."""

    def value(name: str) -> Any:
        return petition[name] if isinstance(petition, Mapping) else getattr(petition, name)

    resolved_at, seconds, rating = (
        value(name) for name in ("resolved_at", "handling_seconds", "satisfaction")
    )
    return (
        1,
        int(resolved_at is not None),
        int(resolved_at is not None and resolved_at <= value("deadline_at")),
        int(seconds is not None),
        int(seconds or 0),
        int(rating is not None),
        int(rating is not None and rating >= SATISFIED),
        int(rating or 0),
    )


def placement(petition: PetitionRow | PetitionRecord | Mapping[str, Any]) -> Placement:
    def value(name: str) -> Any:
        return petition[name] if isinstance(petition, Mapping) else getattr(petition, name)

    key = (value("day"), str(value("status")), int(value("category_id")))
    sums = petition_sums(petition)
    return Placement(value("org_path"), value("handling_org_path"), key, sums)


_HANDLED, _SECONDS = FIGURES.index("handled"), FIGURES.index("handling_seconds")
Slot = tuple[int, date, str, int]


def _add(net: dict[Slot, list[int]], slot: Slot, sums: Sequence[int], sign: int) -> None:
    found = net.setdefault(slot, [0] * len(FIGURES))
    for index, amount in enumerate(sums):
        found[index] += sign * amount


async def retally_petition(
    session: AsyncSession, before: Placement | None, after: Placement | None
) -> None:
    """Move one petition's counts from what it was (None: new) to what it is: its day tallies,
    its held counts and its handling hour, each the net changes in one statement."""
    net: dict[Slot, list[int]] = {}
    hours: Counter[tuple[int, date, int]] = Counter()
    for found, sign in ((before, -1), (after, 1)):
        if found is None:
            continue
        day, status, category = found.key
        for organization in path_ids(found.grid_path):
            _add(net, (organization, day, status, category), found.sums, sign)
            if found.sums[_HANDLED]:
                hours[(organization, day, hour_of(found.sums[_SECONDS]))] += sign
    await _add_tallies(session, net)
    await add_handling_hours(session, hours)
    await reheld_petition(
        session,
        before.held() if before is not None else None,
        after.held() if after is not None else None,
    )


_KEYS = ("organization_id", "day", "status", "category_id")


async def _add_tallies(session: AsyncSession, net: Mapping[Slot, Sequence[int]]) -> None:
    dialect = session.get_bind().dialect.name
    statement = adding_statement(dialect, PetitionTallyRow, _KEYS, FIGURES, net)
    if statement is not None:
        await session.execute(statement)


async def move_petition_tallies(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its totals from the old ancestors, give them to the new ones
    (day tallies and handling hours); re-place the petitions it raised or handles."""
    table = PetitionTallyRow.__table__.c
    totals = (
        await session.execute(
            select(table.day, table.status, table.category_id, *(table[f] for f in FIGURES)).where(
                table.organization_id == node_id
            )
        )
    ).all()
    h = PetitionHandlingHourRow.__table__.c
    histogram = (
        await session.execute(
            select(h.day, h.hours, h.petitions).where(h.organization_id == node_id)
        )
    ).all()
    net: dict[Slot, list[int]] = {}
    hours: Counter[tuple[int, date, int]] = Counter()
    for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
        for organization in ancestors:
            for day, status, category, *sums in totals:
                _add(net, (organization, day, status, category), sums, sign)
            for day, hour, count in histogram:
                hours[(organization, day, hour)] += sign * count
    await _add_tallies(session, net)
    await add_handling_hours(session, hours)
    await move_held_counts(session, node_id, old_ancestors, new_ancestors)


def _own_petitions(depth: int) -> Select[Any]:
    """Per organisation at `depth`: its own petitions (the grid is the node itself), summed."""
    p = PetitionRow
    resolved = p.resolved_at.is_not(None)
    rated = p.satisfaction.is_not(None)
    return (
        select(
            OrganizationRow.id.label("organization_id"),
            p.day.label("day"),
            cast(p.status, String(16)).label("status"),
            p.category_id.label("category_id"),
            literal(1).label("petitions"),
            case((resolved, 1), else_=0).label("resolved"),
            case((and_(resolved, p.resolved_at <= p.deadline_at), 1), else_=0).label("on_time"),
            case((p.handling_seconds.is_not(None), 1), else_=0).label("handled"),
            func.coalesce(p.handling_seconds, 0).label("handling_seconds"),
            case((rated, 1), else_=0).label("rated"),
            case((p.satisfaction >= SATISFIED, 1), else_=0).label("satisfied"),
            func.coalesce(p.satisfaction, 0).label("satisfaction"),
        )
        .join(OrganizationRow, OrganizationRow.path == p.org_path)
        .where(OrganizationRow.depth == depth)
    )


def _own_handling_hours(depth: int) -> Select[Any]:
    """Per organisation at `depth`: its own handled petitions, one per day and whole hour."""
    p = PetitionRow
    columns: list[Any] = [
        OrganizationRow.id.label("organization_id"),
        p.day.label("day"),
        (p.handling_seconds // HOUR).label("hours"),
        literal(1).label("petitions"),
    ]
    return (
        select(*columns)
        .join(OrganizationRow, OrganizationRow.path == p.org_path)
        .where(OrganizationRow.depth == depth, p.handling_seconds.is_not(None))
    )


def _level_insert(
    table: Any, keys: Sequence[str], figures: Sequence[str], own: Select[Any], depth: int
) -> Any:
    """Rows of the organisations at `depth`: their own petitions and their children's rows
    (already complete), summed per key."""
    t = table.__table__.c
    children = (
        select(
            OrganizationRow.parent_id.label("organization_id"),
            *(t[key] for key in keys),
            *(t[name] for name in figures),
        )
        .join(OrganizationRow, OrganizationRow.id == t.organization_id)
        .where(OrganizationRow.depth == depth + 1)
    )
    parts = union_all(own, children).subquery()
    grouped = [parts.c.organization_id, *(parts.c[key] for key in keys)]
    summed = select(*grouped, *(func.sum(parts.c[name]) for name in figures)).group_by(*grouped)
    return insert(table).from_select(["organization_id", *keys, *figures], summed)


def _tally_levels(depth: int) -> Any:
    keys = ("day", "status", "category_id")
    return _level_insert(PetitionTallyRow, keys, FIGURES, _own_petitions(depth), depth)


def _hour_levels(depth: int) -> Any:
    own = _own_handling_hours(depth)
    return _level_insert(PetitionHandlingHourRow, ("day", "hours"), ("petitions",), own, depth)


def _held_from_tallies() -> Any:
    """The grid side of the held counts: the day tallies summed over the days."""
    t = PetitionTallyRow.__table__.c
    grouped = (t.organization_id, t.status, t.category_id)
    summed = (
        select(*grouped, func.sum(t.petitions))
        .group_by(*grouped)
        .having(func.sum(t.petitions) != 0)
    )
    columns = ["organization_id", "status", "category_id", "petitions"]
    return insert(PetitionHeldCountRow).from_select(columns, summed)


_DEPTHS = select(func.min(OrganizationRow.depth), func.max(OrganizationRow.depth))


async def rebuild_petition_tallies(session: AsyncSession) -> None:
    """Recompute every tally, histogram and held count from the petitions table (after bulk
    loads), in SQL: the deepest level from its petitions, then each level above from its own
    petitions and its children's rows (one INSERT … SELECT per level and table); the held
    counts from the day tallies, plus the few petitions handled off their grid's chain."""
    await session.execute(delete(PetitionTallyRow))
    await session.execute(delete(PetitionHandlingHourRow))
    await session.execute(delete(PetitionHeldCountRow))
    top, bottom = (await session.execute(_DEPTHS)).one()
    for depth in range(bottom or 0, (top or 0) - 1, -1):
        await session.execute(_tally_levels(depth))
        await session.execute(_hour_levels(depth))
    await session.execute(_held_from_tallies())
    await add_handled_elsewhere(session)


def rebuild_petition_tallies_now(connection: Connection) -> None:
    """The day tallies alone, on a synchronous connection (the migration that introduced
    them, before the histograms and held counts existed)."""
    connection.execute(delete(PetitionTallyRow))
    top, bottom = connection.execute(_DEPTHS).one()
    for depth in range(bottom or 0, (top or 0) - 1, -1):
        connection.execute(_tally_levels(depth))


def rebuild_hours_and_held_now(connection: Connection) -> None:
    """The histograms and held counts from the petitions and the (current) day tallies, on a
    synchronous connection (the migration that introduced them)."""
    connection.execute(delete(PetitionHandlingHourRow))
    connection.execute(delete(PetitionHeldCountRow))
    top, bottom = connection.execute(_DEPTHS).one()
    for depth in range(bottom or 0, (top or 0) - 1, -1):
        connection.execute(_hour_levels(depth))
    connection.execute(_held_from_tallies())
    add_handled_elsewhere_now(connection)
