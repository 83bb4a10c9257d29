"""Petition tallies: for every organisation, submission day, status and category, what the
petitions of its whole subtree add up to (how many, and the sums behind the rates).

Kept in step by every petition write (submission, each workflow step, overdue escalation, in
the writer's transaction) and by tree moves, so a window's statistics read at most
days × (status, category) pairs rows by key at any scale, instead of scanning the subtree's
petitions. A window is whole China-time days, so its figures are exact sums of the days' rows.
`rebuild_petition_tallies` recomputes them from the petitions table (after bulk loads, and as
the reference the tests compare with).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId
from db.organizations.models import OrganizationRow
from db.paths import path_ids
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
Placement = tuple[str, tuple[date, str, int], Sums]  # grid path, (day, status, category), sums


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
    return value("org_path"), key, petition_sums(petition)


Slot = tuple[int, date, str, int]


def _add(net: dict[Slot, list[int]], slot: Slot, sums: Sequence[int], sign: int) -> None:
    found = net.setdefault(slot, [0] * len(FIGURES))
    for index, amount in enumerate(sums):
        found[index] += sign * amount


async def retally_petition(
    session: AsyncSession, before: Placement | None, after: Placement | None
) -> None:
    """Move one petition's counts from what it was (None: new) to what it is.

    Only the net changes are written, in one statement, in key order, so concurrent writers
    lock rows in the same order and cannot deadlock.
    """
    net: dict[Slot, list[int]] = {}
    for found, sign in ((before, -1), (after, 1)):
        if found is not None:
            path, (day, status, category), sums = found
            for organization in path_ids(path):
                _add(net, (organization, day, status, category), sums, sign)
    await _upsert(session, net)


async def _upsert(session: AsyncSession, net: Mapping[Slot, Sequence[int]]) -> None:
    rows = [
        {"organization_id": o, "day": d, "status": s, "category_id": c}
        | dict(zip(FIGURES, sums, strict=True))
        for (o, d, s, c), sums in sorted(net.items())
        if any(sums)
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = dialect_insert(PetitionTallyRow).values(rows)
    table = PetitionTallyRow.__table__.c
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["organization_id", "day", "status", "category_id"],
            set_={name: table[name] + statement.excluded[name] for name in FIGURES},
        )
    )


async def move_petition_tallies(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its totals from the old ancestors, give them to the new ones."""
    table = PetitionTallyRow.__table__.c
    totals = (
        await session.execute(
            select(table.day, table.status, table.category_id, *(table[f] for f in FIGURES)).where(
                table.organization_id == node_id
            )
        )
    ).all()
    net: dict[Slot, list[int]] = {}
    for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
        for organization in ancestors:
            for day, status, category, *sums in totals:
                _add(net, (organization, day, status, category), sums, sign)
    await _upsert(session, net)


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


def _children_tallies(depth: int) -> Select[Any]:
    """Per organisation at `depth`: its children's tallies (already complete)."""
    t = PetitionTallyRow.__table__.c
    return (
        select(
            OrganizationRow.parent_id.label("organization_id"),
            t.day,
            t.status,
            t.category_id,
            *(t[name] for name in FIGURES),
        )
        .join(OrganizationRow, OrganizationRow.id == t.organization_id)
        .where(OrganizationRow.depth == depth + 1)
    )


def _level_insert(depth: int) -> Any:
    parts = union_all(_own_petitions(depth), _children_tallies(depth)).subquery()
    keys = [parts.c.organization_id, parts.c.day, parts.c.status, parts.c.category_id]
    summed = select(*keys, *(func.sum(parts.c[name]) for name in FIGURES)).group_by(*keys)
    columns = ["organization_id", "day", "status", "category_id", *FIGURES]
    return insert(PetitionTallyRow).from_select(columns, summed)


_DEPTHS = select(func.min(OrganizationRow.depth), func.max(OrganizationRow.depth))


async def rebuild_petition_tallies(session: AsyncSession) -> None:
    """Recompute every tally from the petitions table (after bulk loads), in SQL: the deepest
    level from its petitions, then each level above from its own petitions and its children's
    tallies (one INSERT … SELECT per level; nothing is brought into Python)."""
    await session.execute(delete(PetitionTallyRow))
    top, bottom = (await session.execute(_DEPTHS)).one()
    for depth in range(bottom or 0, (top or 0) - 1, -1):
        await session.execute(_level_insert(depth))


def rebuild_petition_tallies_now(connection: Connection) -> None:
    """The same, on a synchronous connection (the migration that introduced the tallies)."""
    connection.execute(delete(PetitionTallyRow))
    top, bottom = connection.execute(_DEPTHS).one()
    for depth in range(bottom or 0, (top or 0) - 1, -1):
        connection.execute(_level_insert(depth))
