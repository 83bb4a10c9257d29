"""Subtree reads are index range scans on both databases, never recursive walks."""

from __future__ import annotations

from sqlalchemy import ClauseElement, func, select, text

from db.engine import Database
from db.members.models import MemberRow
from db.organizations.models import OrganizationRow
from db.paths import within_any
from tests.factories import create_member, create_organization

PATH = "/1/5/"


def compiled(database: Database, query: ClauseElement) -> str:
    dialect = database.engine.dialect
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


async def plan(database: Database, query: ClauseElement) -> str:
    sql = compiled(database, query)
    async with database.engine.connect() as connection:
        if database.is_sqlite:
            rows = await connection.execute(text(f"EXPLAIN QUERY PLAN {sql}"))
            return "\n".join(str(row[-1]) for row in rows)
        # Tiny test tables make a sequential scan cheapest; ask whether an index *can* serve.
        await connection.execute(text("SET LOCAL enable_seqscan = off"))
        rows = await connection.execute(text(f"EXPLAIN {sql}"))
        return "\n".join(str(row[0]) for row in rows)


async def test_counting_a_subtrees_members_is_an_index_range_scan(database: Database) -> None:
    async with database.transaction() as session:
        branch = await create_organization(session)
        await create_member(session, branch)
    query = (
        select(MemberRow.status, func.count())
        .where(within_any(MemberRow.org_path, [PATH]))
        .group_by(MemberRow.status)
    )
    found = await plan(database, query)
    assert "ix_members_org_path_status" in found, found
    if database.is_sqlite:
        assert "(org_path>? AND org_path<?)" in found, found


async def test_listing_a_subtrees_organizations_is_an_index_range_scan(database: Database) -> None:
    query = select(func.count()).where(within_any(OrganizationRow.path, [PATH]))
    found = await plan(database, query)
    if database.is_sqlite:  # SQLite names a UNIQUE constraint's index itself
        assert "SEARCH organizations USING COVERING INDEX" in found, found
        assert "(path>? AND path<?)" in found, found
    else:
        assert "Index Only Scan using uq_organizations_path" in found, found
