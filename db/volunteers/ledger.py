"""The hours ledger: append-only entries in integer minutes, and the totals kept beside them.

An entry is written with its idempotency key (unique: a retry writes nothing more), and in
the same transaction its minutes are added to the volunteer's `total_minutes` and to the day's
tally of every organisation on its path, so a subtree's hours over any period are a range read
of (organisation, day) rows. A correction is a new entry; a reversal is an entry of the
opposite minutes pointing at the one it cancels (at most one per entry). `rebuild_hour_tallies`
recomputes the tallies from the ledger (after bulk loads, and as the tests' reference).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.organizations.models import OrganizationRow
from db.paths import path_ids
from db.volunteers.models import HoursEntryRow, HoursTallyRow, VolunteerRow


async def find_entry(session: AsyncSession, idempotency_key: str) -> HoursEntryRow | None:
    return await session.scalar(
        select(HoursEntryRow).where(HoursEntryRow.idempotency_key == idempotency_key)
    )


async def append_entry(session: AsyncSession, values: Mapping[str, Any]) -> HoursEntryRow:
    """Write the entry and add it to the kept totals; a taken idempotency key (or a second
    reversal of the same entry) fails the transaction."""
    row = HoursEntryRow(**values)
    session.add(row)
    await session.flush()
    await session.execute(
        update(VolunteerRow)
        .where(VolunteerRow.id == row.volunteer_id)
        .values(total_minutes=VolunteerRow.total_minutes + row.minutes)
        .execution_options(synchronize_session=False)
    )
    await add_to_tallies(session, [(row.org_path, row.day, row.minutes, 1)])
    return row


def _dialect_insert(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(HoursTallyRow)


TallyNet = dict[tuple[int, date], list[int]]


async def _upsert(session: AsyncSession, net: TallyNet) -> None:
    """Add the net (minutes, entries) per (organisation, day): one statement, rows in key order
    (concurrent writers lock them in the same order: no deadlock)."""
    rows = [
        {"organization_id": o, "day": d, "minutes": m, "entries": e}
        for (o, d), (m, e) in sorted(net.items())
        if m or e
    ]
    if not rows:
        return
    statement = _dialect_insert(session).values(rows)
    table = HoursTallyRow.__table__.c
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["organization_id", "day"],
            set_={
                "minutes": table.minutes + statement.excluded.minutes,
                "entries": table.entries + statement.excluded.entries,
            },
        )
    )


async def add_to_tallies(
    session: AsyncSession, amounts: Sequence[tuple[str, date, int, int]]
) -> None:
    """Add (path, day, minutes, entries) to every organisation on each path."""
    net: TallyNet = {}
    for path, day, minutes, entries in amounts:
        for organization in path_ids(path):
            found = net.setdefault((organization, day), [0, 0])
            found[0] += minutes
            found[1] += entries
    await _upsert(session, net)


async def move_hour_tallies(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its days from the old ancestors, give them to the new ones."""
    t = HoursTallyRow
    own = (
        await session.execute(
            select(t.day, t.minutes, t.entries).where(t.organization_id == node_id)
        )
    ).all()
    net: TallyNet = {}
    for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
        for organization in ancestors:
            for day, minutes, entries in own:
                found = net.setdefault((organization, day), [0, 0])
                found[0] += sign * minutes
                found[1] += sign * entries
    await _upsert(session, net)


def _level(depth: int) -> Any:
    """The days of the organisations at `depth`: their own entries (an entry's path is its
    organisation's) and their children's days, already complete."""
    e, o, t = HoursEntryRow, OrganizationRow, HoursTallyRow
    own = (
        select(o.id, e.day, e.minutes, literal(1))
        .join(o, o.path == e.org_path)
        .where(o.depth == depth)
    )
    children = (
        select(o.parent_id, t.day, t.minutes, t.entries)
        .join(o, o.id == t.organization_id)
        .where(o.depth == depth + 1)
    )
    parts = union_all(own, children).subquery()
    c = list(parts.c)
    summed = select(c[0], c[1], func.sum(c[2]), func.sum(c[3])).group_by(c[0], c[1])
    return insert(HoursTallyRow).from_select(
        ["organization_id", "day", "minutes", "entries"], summed
    )


_DEPTHS = select(func.min(OrganizationRow.depth), func.max(OrganizationRow.depth))


async def rebuild_hour_tallies(session: AsyncSession) -> None:
    """Recompute every organisation's days from the ledger (after bulk loads, and as the tests'
    reference), in SQL: the deepest level from its entries, then each level above from its own
    entries and its children's days (one INSERT … SELECT per level)."""
    await session.execute(delete(HoursTallyRow))
    top, bottom = (await session.execute(_DEPTHS)).one()
    for depth in range(bottom or 0, (top or 0) - 1, -1):
        await session.execute(_level(depth))


async def recount_volunteer_totals(session: AsyncSession) -> None:
    """Every volunteer's kept total from their entries (after bulk loads)."""
    e, v = HoursEntryRow, VolunteerRow
    summed = (
        select(func.coalesce(func.sum(e.minutes), 0))
        .where(e.volunteer_id == v.id)
        .scalar_subquery()
    )
    await session.execute(update(v).values(total_minutes=summed))
