"""Held counts: for every organisation, status and category, how many petitions its subtree
holds, raised in it (the grid's path) or handled in it (the handling organisation's path).

That is the petition list's `under` scope, so a list's totalCount filtered by status and
category reads one organisation's rows by key, not its petitions (2.8 s at a city's root).
A petition counts once at every organisation in the union of its two ancestor chains; the
writes that keep the day tallies (db/petitions/tallies.py) keep these in step, in the same
transaction, and tree moves re-place the petitions that moved. Filters these rows cannot
answer (channels, days, overdue, supervision, text) count the petitions themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    ForeignKey,
    Integer,
    Select,
    String,
    bindparam,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from db.base import Base, BigId
from db.compiled_reads import CompiledRead, compile_read
from db.kept_sums import adding_statement
from db.list_shapes import one_of
from db.paths import child_path, path_ids, within_any
from db.petitions.models import (
    OFF_CHAIN_CONDITION,
    CategoryKind,
    PetitionCategoryRow,
    PetitionRow,
    PetitionStatus,
)


class PetitionHeldCountRow(Base):
    __tablename__ = "petition_held_counts"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    category_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    petitions: Mapped[int] = mapped_column(Integer, default=0)


# Where a petition is held and what it is: grid path, handling path, status, category.
Held = tuple[str, str, str, int]
Slot = tuple[int, str, int]  # organisation, status, category


def holders(grid_path: str, handling_path: str) -> set[int]:
    """The organisations whose subtree holds the petition: both ancestor chains, once."""
    return {*path_ids(grid_path), *path_ids(handling_path)}


def held_changes(changes: Iterable[tuple[Held, int]]) -> Counter[Slot]:
    """The net change per slot of petitions leaving (-n) and entering (+n) their places."""
    net: Counter[Slot] = Counter()
    for (grid, handling, status, category), count in changes:
        for organization in holders(grid, handling):
            net[(organization, status, category)] += count
    return net


_KEYS = ("organization_id", "status", "category_id")


def _adding(dialect: str, net: Mapping[Slot, int]) -> Any | None:
    changes = {slot: (count,) for slot, count in net.items()}
    return adding_statement(dialect, PetitionHeldCountRow, _KEYS, ("petitions",), changes)


async def add_held_counts(session: AsyncSession, net: Mapping[Slot, int]) -> None:
    statement = _adding(session.get_bind().dialect.name, net)
    if statement is not None:
        await session.execute(statement)


async def reheld_petition(session: AsyncSession, before: Held | None, after: Held | None) -> None:
    """Move one petition from where it was held (None: new) to where it is now."""
    changes = [(found, sign) for found, sign in ((before, -1), (after, 1)) if found is not None]
    await add_held_counts(session, held_changes(changes))


_GROUPS = (
    PetitionRow.org_path,
    PetitionRow.handling_org_path,
    PetitionRow.status,
    PetitionRow.category_id,
)


async def move_held_counts(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved (its paths already rewritten): every petition raised or handled in it
    leaves the holders it had and joins those it has now. A petition handled outside the
    subtree keeps that side's holders, so the move is a re-placement per (grid, holder)."""
    old_root = _path_of([*old_ancestors, node_id])
    new_root = _path_of([*new_ancestors, node_id])

    def before(path: str) -> str:
        return old_root + path[len(new_root) :] if path.startswith(new_root) else path

    query = (
        select(*_GROUPS, func.count())
        .where(
            or_(
                within_any(PetitionRow.org_path, [new_root]),
                within_any(PetitionRow.handling_org_path, [new_root]),
            )
        )
        .group_by(*_GROUPS)
    )
    changes: list[tuple[Held, int]] = []
    for grid, handling, status, category, count in await session.execute(query):
        changes.append(((before(grid), before(handling), str(status), category), -count))
        changes.append(((grid, handling, str(status), category), count))
    await add_held_counts(session, held_changes(changes))


def _path_of(ids: Sequence[int]) -> str:
    path: str | None = None
    for node in ids:
        path = child_path(path, node)
    return path or "/"


def _handled_elsewhere() -> Any:
    """Petitions grouped by place, of those handled outside their grid's ancestor chain (the
    holders the day tallies do not know of: assigned sideways or down)."""
    return select(*_GROUPS, func.count()).where(text(OFF_CHAIN_CONDITION)).group_by(*_GROUPS)


def handled_elsewhere_changes(groups: Iterable[Sequence[Any]]) -> Counter[Slot]:
    """What the grouped petitions add at their handling side's holders beyond their grid's."""
    net: Counter[Slot] = Counter()
    for grid, handling, status, category, count in groups:
        for organization in set(path_ids(handling)) - set(path_ids(grid)):
            net[(organization, str(status), category)] += count
    return net


async def add_handled_elsewhere(session: AsyncSession) -> None:
    """The handling side of a rebuild (the grid side comes from the day tallies)."""
    groups = (await session.execute(_handled_elsewhere())).all()
    await add_held_counts(session, handled_elsewhere_changes(groups))


def add_handled_elsewhere_now(connection: Connection) -> None:
    """The same, on a synchronous connection (the migration that introduced held counts)."""
    groups = connection.execute(_handled_elsewhere()).all()
    statement = _adding(connection.dialect.name, handled_elsewhere_changes(groups))
    if statement is not None:
        connection.execute(statement)


async def count_held(
    connection: AsyncConnection,
    organization_id: int,
    statuses: Sequence[PetitionStatus] = (),
    category_ids: Sequence[int] = (),
    kinds: Sequence[CategoryKind] = (),
) -> int:
    """Petitions raised or handled in the organisation's subtree, of these statuses,
    categories and major kinds (each: any when empty). One statement, compiled once per
    dialect and filter shape (db/petitions/listing.py's way)."""
    read = _held_count(connection.dialect, bool(statuses), bool(category_ids), bool(kinds))
    values = {
        "organization": organization_id,
        "statuses": [status.value for status in statuses],
        "categories": list(category_ids),
        "kinds": list(kinds),
    }
    rows = await read.rows(connection, values)
    return int(rows[0][0] or 0)


@lru_cache(maxsize=64)
def _held_count(dialect: Dialect, statuses: bool, categories: bool, kinds: bool) -> CompiledRead:
    held = PetitionHeldCountRow.__table__.c
    query = select(func.coalesce(func.sum(held.petitions), 0)).where(
        held.organization_id == bindparam("organization")
    )
    if statuses:
        query = query.where(one_of(dialect.name, held.status, "statuses", String()))
    if categories:
        query = query.where(one_of(dialect.name, held.category_id, "categories", BigInteger()))
    if kinds:
        category = PetitionCategoryRow.__table__.c
        of_kinds = select(category.id).where(one_of(dialect.name, category.kind, "kinds", String()))
        query = query.where(held.category_id.in_(of_kinds))
    return compile_read(query, dialect)


def narrowed(
    query: Select[Any],
    status: ColumnElement[str],
    category: ColumnElement[int],
    statuses: Sequence[PetitionStatus],
    category_ids: Sequence[int],
    kinds: Sequence[CategoryKind],
) -> Select[Any]:
    """The query narrowed to these statuses, categories and major kinds (each: any when empty)."""
    if statuses:
        query = query.where(status.in_([value.value for value in statuses]))
    if category_ids:
        query = query.where(category.in_(category_ids))
    if kinds:
        of_kinds = select(PetitionCategoryRow.id).where(PetitionCategoryRow.kind.in_(kinds))
        query = query.where(category.in_(of_kinds))
    return query
