"""Lists compiled once per shape: the rows a select built for the request would give."""

from __future__ import annotations

from sqlalchemy import select

from db.base import core_table
from db.engine import Database
from db.organizations.models import GovernanceLevel, OrganizationRow, PartyOrgKind
from db.organizations.queries import (
    COLUMNS,
    ORGANIZATION_KEY,
    OrganizationRecord,
    organization_list,
)
from db.pagination import PageRequest, paginate
from db.paths import within_any
from db.statements import count_statements
from tests.factories import create_organization

_TABLE = core_table(OrganizationRow).c


async def _listed(
    database: Database, roots: list[str], request: PageRequest, **narrow: object
) -> tuple[list[int], int]:
    page, total = await paginate(
        database.read,
        organization_list(roots, **narrow),  # type: ignore[arg-type]
        ORGANIZATION_KEY,
        request,
        OrganizationRecord,
    )
    return [row.id for row in page.rows], await total()


async def test_a_list_pages_and_counts_its_scope_in_key_order(database: Database) -> None:
    # given two subtrees and an organisation outside both
    async with database.transaction() as session:
        first, second, outside = [await create_organization(session) for _ in range(3)]
        below = [await create_organization(session, parent) for parent in (first, second)]
        await create_organization(session, outside)
    expected = sorted([first.id, second.id, *(row.id for row in below)])
    roots = [first.path, second.path, below[0].path]  # one root inside another
    # when the list is read a page forwards, after a key and backwards before one
    forwards = await _listed(database, roots, PageRequest(size=3, forwards=True))
    after = await _listed(database, roots, PageRequest(size=3, forwards=True, after=expected[0]))
    backwards = await _listed(
        database, roots, PageRequest(size=2, forwards=False, before=expected[-1])
    )
    # then each is the slice of the scope's keys, and the count is the whole scope's
    assert forwards == (expected[:3], 4)
    assert after == (expected[1:4], 4)
    assert backwards == (expected[1:3], 4)


async def test_no_roots_list_nothing(database: Database) -> None:
    async with database.transaction() as session:
        await create_organization(session)
    assert await _listed(database, [], PageRequest(size=5, forwards=True)) == ([], 0)


async def test_a_name_search_matches_wildcards_literally(database: Database) -> None:
    # given names holding LIKE's wildcards and its escape character
    async with database.transaction() as session:
        root = await create_organization(session)
        named = {
            name: (await create_organization(session, root, name=name)).id
            for name in ("百分之%百", "百分之九十百", "下_划", "下划线", "斜/杠", "斜杠")
        }
    request = PageRequest(size=10, forwards=True)
    # when each special character is searched for
    found = {
        text: (await _listed(database, [root.path], request, name_contains=text))[0]
        for text in ("%", "_", "/")
    }
    # then only the names holding it are found, as SQLAlchemy's autoescape finds them
    assert found == {"%": [named["百分之%百"]], "_": [named["下_划"]], "/": [named["斜/杠"]]}


async def test_filters_give_the_rows_of_the_select_they_stand_for(database: Database) -> None:
    # given organisations of several levels and kinds
    async with database.transaction() as session:
        root = await create_organization(session)
        for level in (GovernanceLevel.STREET, GovernanceLevel.COMMUNITY, None):
            for kind in (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH):
                await create_organization(session, root, level=level, kind=kind)
    levels = [GovernanceLevel.STREET, GovernanceLevel.COMMUNITY]
    # when the list is narrowed by levels and a kind
    found, count = await _listed(
        database,
        [root.path],
        PageRequest(size=10, forwards=True),
        levels=levels,
        kinds=[PartyOrgKind.BRANCH],
    )
    # then it holds what the select with those conditions reads
    query = (
        select(*COLUMNS)
        .where(within_any(_TABLE.path, [root.path]), _TABLE.level.in_(levels))
        .where(_TABLE.kind == PartyOrgKind.BRANCH)
        .order_by(_TABLE.id)
    )
    async with database.read() as connection:
        expected = [row[0] for row in await connection.execute(query)]
    assert found == expected
    assert count == len(expected) == 2


async def test_lists_of_any_length_share_one_statement_on_postgresql(database: Database) -> None:
    # given a subtree
    async with database.transaction() as session:
        root = await create_organization(session)
    # when it is narrowed by one level and by three
    with count_statements(database.engine) as statements:
        for levels in (
            [GovernanceLevel.STREET],
            [GovernanceLevel.STREET, GovernanceLevel.COMMUNITY, GovernanceLevel.DISTRICT],
        ):
            request = PageRequest(size=5, forwards=True, rows=True)
            await _listed(database, [root.path], request, levels=levels)
    # then PostgreSQL is sent one text (the levels an array); SQLite an IN list of each length
    pages = statements[0::2]
    if database.engine.dialect.name == "postgresql":
        assert len(set(pages)) == 1
    else:
        assert len(set(pages)) == 2
