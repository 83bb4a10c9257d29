"""Loading many rows at once, for the demo seed and the city-scale generator (generators/).

The generators build rows in Python with their ids assigned; these functions write them
(multi-row INSERTs in chunks on any database, binary COPY on PostgreSQL), move each id
sequence past them, and answer the few questions a generator asks before it loads (what is
there already, where the grids and communities are). The kept figures (tallies, hours) are
not maintained by bulk writes: a generator rebuilds them afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.accounts.models import AccountRow, Role, RoleBindingRow
from db.activities.models import ActivityRow, ActivityStatus
from db.base import core_table
from db.engine import Database
from db.members.models import MemberRow, MemberStatus
from db.models import Base
from db.organizations.models import GovernanceLevel, OrganizationRow
from db.paths import within_any
from db.stations.models import StationRow
from db.volunteers.models import VolunteerRow

COPY_CHUNK = 50_000
Progress = Callable[[str], None]


def _table(name: str) -> Any:
    return Base.metadata.tables[name]


async def next_id(session: AsyncSession, table: str) -> int:
    """The id after the table's highest (1 for an empty table)."""
    highest = await session.scalar(select(func.max(_table(table).c.id)))
    return int(highest or 0) + 1


async def insert_rows(
    session: AsyncSession, model: type[Base], rows: Sequence[dict[str, Any]], chunk: int = 2000
) -> None:
    """Multi-row INSERTs of `chunk` rows each (through the Core table: the ORM's bulk path
    would split the rows by their pattern of None values)."""
    for start in range(0, len(rows), chunk):
        await session.execute(insert(core_table(model)), list(rows[start : start + chunk]))


async def reset_id_sequences(session: AsyncSession, tables: Sequence[str]) -> None:
    """After rows were written with ids assigned here, each table's id sequence continues past
    them (PostgreSQL; SQLite's rowids need nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        await session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        )


async def _copy_chunk(
    session: AsyncSession, table: str, columns: Sequence[str], records: Sequence[tuple[Any, ...]]
) -> None:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        table, records=records, columns=columns
    )


async def copy_records(
    session: AsyncSession,
    table: str,
    columns: Sequence[str],
    records: Iterable[tuple[Any, ...]],
    progress: Progress,
    expected: int | None = None,
) -> int:
    """COPY every record (a tuple in `columns` order) into `table` on PostgreSQL, a chunk as
    soon as it is full, reporting rows and rows/s per chunk; returns the count."""
    started, done, chunk = time.perf_counter(), 0, []
    of = f" of {expected:,}" if expected else ""

    def report(final: bool) -> None:
        elapsed = max(time.perf_counter() - started, 1e-9)
        state = "done" if final else "…"
        progress(
            f"{table}: {done:,}{of} rows, {elapsed:.0f} s, {done / elapsed:,.0f} rows/s {state}"
        )

    for record in records:
        chunk.append(record)
        if len(chunk) == COPY_CHUNK:
            await _copy_chunk(session, table, columns, chunk)
            done += len(chunk)
            chunk = []
            report(False)
    if chunk:
        await _copy_chunk(session, table, columns, chunk)
        done += len(chunk)
    report(True)
    return done


async def count_under(session: AsyncSession, table: str, path: str) -> int:
    """Rows of the table (by its `org_path`) in the subtree at `path`."""
    query = select(func.count()).where(within_any(_table(table).c.org_path, [path]))
    return int(await session.scalar(query) or 0)


async def any_under(session: AsyncSession, table: str, path: str, *, exact: bool = False) -> bool:
    """Whether the table holds a row in the subtree at `path` (or, `exact`, at `path` itself)."""
    column = _table(table).c.org_path
    where = column == path if exact else within_any(column, [path])
    return await session.scalar(select(column).where(where).limit(1)) is not None


async def organizations_under(
    session: AsyncSession, path: str, level: GovernanceLevel | None = None
) -> list[OrganizationRow]:
    """The organisations of the subtree (of one level, if given), in id order."""
    query = select(OrganizationRow).where(within_any(OrganizationRow.path, [path]))
    if level is not None:
        query = query.where(OrganizationRow.level == level)
    return list(await session.scalars(query.order_by(OrganizationRow.id)))


@dataclass(frozen=True, slots=True)
class GridPlace:
    grid_id: int
    grid_path: str
    community_id: int
    community_path: str


async def grids_under(session: AsyncSession, path: str) -> list[GridPlace]:
    """The grids of the subtree with their parent communities, in grid id order."""
    community = OrganizationRow.__table__.alias("community")
    rows = await session.execute(
        select(OrganizationRow.id, OrganizationRow.path, community.c.id, community.c.path)
        .join(community, community.c.id == OrganizationRow.parent_id)
        .where(
            within_any(OrganizationRow.path, [path]),
            OrganizationRow.level == GovernanceLevel.GRID,
        )
        .order_by(OrganizationRow.id)
    )
    return [GridPlace(*row) for row in rows]


async def accounts_by_username(
    session: AsyncSession, usernames: Sequence[str] | None = None
) -> dict[str, tuple[int, str]]:
    """Username → (id, display name), of the given usernames or of every account."""
    query = select(AccountRow.username, AccountRow.id, AccountRow.display_name)
    if usernames is not None:
        query = query.where(AccountRow.username.in_(usernames))
    return {username: (key, name) for username, key, name in await session.execute(query)}


async def add_account(
    session: AsyncSession,
    username: str,
    display_name: str,
    password_hash: str,
    bindings: Sequence[tuple[int, Role]],
) -> int:
    """One account with its role bindings (organisation id, role); its id."""
    account = AccountRow(username=username, display_name=display_name, password_hash=password_hash)
    session.add(account)
    await session.flush()
    session.add_all(
        RoleBindingRow(account_id=account.id, organization_id=organization, role=role)
        for organization, role in bindings
    )
    await session.flush()
    return account.id


async def vacuum_analyze(database: Database) -> None:
    """VACUUM (ANALYZE) every table, outside a transaction (PostgreSQL): fresh statistics and
    visibility maps, so index-only scans work on freshly loaded tables."""
    async with database.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM (ANALYZE)"))


async def stations_of(
    session: AsyncSession, organization_ids: Sequence[int]
) -> dict[int, StationRow]:
    """The first station of each organisation (organisation id → StationRow), if any."""
    rows = await session.scalars(
        select(StationRow)
        .where(StationRow.organization_id.in_(organization_ids))
        .order_by(StationRow.id)
    )
    found: dict[int, StationRow] = {}
    for row in rows:
        found.setdefault(row.organization_id, row)
    return found


async def members_by_residence(
    session: AsyncSession, community_ids: Sequence[int]
) -> dict[int, list[tuple[int, int]]]:
    """(member id, branch id) of the members living in each community (双报到), in id order."""
    rows = await session.execute(
        select(MemberRow.residence_community_id, MemberRow.id, MemberRow.branch_id)
        .where(MemberRow.residence_community_id.in_(community_ids))
        .order_by(MemberRow.id)
    )
    found: dict[int, list[tuple[int, int]]] = {}
    for community, member, branch in rows:
        if community is not None:
            found.setdefault(community, []).append((member, branch))
    return found


async def members_under(session: AsyncSession, path: str) -> list[tuple[int, str, int, str]]:
    """(id, name, branch id, branch path) of the full members of the subtree, in id order."""
    rows = await session.execute(
        select(MemberRow.id, MemberRow.name, MemberRow.branch_id, MemberRow.org_path)
        .where(within_any(MemberRow.org_path, [path]), MemberRow.status == MemberStatus.FULL)
        .order_by(MemberRow.id)
    )
    return [(key, name, branch, branch_path) for key, name, branch, branch_path in rows]


async def running_under(session: AsyncSession, path: str, now: datetime) -> bool:
    """Whether a scheduled activity of the subtree runs at `now`."""
    query = select(ActivityRow.id).where(
        within_any(ActivityRow.org_path, [path]),
        ActivityRow.status == ActivityStatus.SCHEDULED,
        ActivityRow.starts_at <= now,
        ActivityRow.ends_at > now,
    )
    return await session.scalar(query.limit(1)) is not None


async def volunteers_of(
    session: AsyncSession, organization_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """Each organisation's volunteers as rows a generator extends (id, account, home, total)."""
    rows = await session.execute(
        select(
            VolunteerRow.id,
            VolunteerRow.account_id,
            VolunteerRow.organization_id,
            VolunteerRow.org_path,
            VolunteerRow.total_minutes,
        )
        .where(VolunteerRow.organization_id.in_(organization_ids))
        .order_by(VolunteerRow.id)
    )
    found: dict[int, list[dict[str, Any]]] = {key: [] for key in organization_ids}
    for key, account, organization, path, total in rows:
        found[organization].append(
            {
                "id": key,
                "account_id": account,
                "organization_id": organization,
                "org_path": path,
                "total_minutes": total,
            }
        )
    return found
