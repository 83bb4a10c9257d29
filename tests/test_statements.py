"""SQL statements per request are bounded by the query's depth, not its list lengths."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from starlette.applications import Starlette

from db.engine import Database
from db.statements import count_statements
from tests.factories import create_member, create_organization
from tests.graphql import execute
from tests.world import World

MEMBERS_WITH_BRANCHES = """
query ($first: Int) {
  members(first: $first) {
    totalCount
    nodes { name idCardNumber branch { name parent { name } statistics { memberCount } } }
  }
}
"""

MEMBER_PAGE = """
query ($first: Int) {
  members(first: $first) { totalCount nodes { id name gender status joinDate branch { name } } }
}
"""

TREE = """
query ($first: Int) {
  organizations(first: $first) {
    nodes { name children(first: 5) { totalCount nodes { name } } statistics { memberCount } }
  }
}
"""


async def statements_for(
    client: httpx.AsyncClient, app: Starlette, document: str, token: str, first: int
) -> int:
    with count_statements(app.state.services.database.engine) as statements:
        body = await execute(client, document, {"first": first}, token=token)
    assert "errors" not in body, body
    # The event hub's background reads of the log share the engine; they are not the request's.
    return len([statement for statement in statements if "FROM events" not in statement])


async def test_listing_members_with_branches_costs_the_same_for_10_and_100(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        for index in range(120):
            branch = await create_organization(
                session, world.orgs["community_a"], code=f"B-{index}"
            )
            await create_member(session, branch)
    token = world.tokens["secretary"]
    ten = await statements_for(client, app, MEMBERS_WITH_BRANCHES, token, 10)
    assert ten == await statements_for(client, app, MEMBERS_WITH_BRANCHES, token, 100)
    assert ten <= 10


async def test_listing_organizations_with_children_costs_the_same_for_10_and_100(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        for index in range(120):
            await create_organization(session, world.orgs["grid_a1"], code=f"G-{index}")
    token = world.tokens["admin"]
    ten = await statements_for(client, app, TREE, token, 10)
    assert ten == await statements_for(client, app, TREE, token, 100)
    assert ten <= 8


async def test_a_member_page_read_again_takes_no_connection_from_the_pool(
    client: httpx.AsyncClient,
    app: Starlette,
    world: World,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given the member page read once, and from here the connections the request's reads
    # open counted (a session, as the viewer's sign-in check, checks out its own)
    token = world.tokens["secretary"]
    first = await statements_for(client, app, MEMBER_PAGE, token, 10)
    opened: list[object] = []
    connect = AsyncEngine.connect

    def counted(engine: AsyncEngine) -> AsyncConnection:
        opened.append(engine)
        return connect(engine)

    monkeypatch.setattr(AsyncEngine, "connect", counted)
    # when it is read again
    again = await statements_for(client, app, MEMBER_PAGE, token, 10)
    # then it sends as many statements, on the connection the read lane kept
    assert again == first
    assert opened == []
