"""Who sees transfers: both sides' secretaries in their lists (by direction and status) and by
ID, the member their own, nobody else; a page costs the same statements however long."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from db.transfers.models import TransferStatus
from tests.dues_support import member_token
from tests.factories import create_member
from tests.graphql import execute, statements_for
from tests.transfer_support import approved, create_transfer, requested, secretary_of
from tests.world import World

LIST = """
query ($filter: TransferListFilter) {
  transfers(filter: $filter, first: 50) { totalCount nodes { id status memberName } }
}
"""
NODE = "query ($id: ID!) { node(id: $id) { ... on Transfer { id status } } }"
PAGE = """
query ($first: Int) {
  transfers(first: $first) {
    totalCount
    nodes { status memberName sourceName destinationName allowedSteps overdue
            source { name } destination { name } }
  }
}
"""


async def listed(client: httpx.AsyncClient, token: str, **narrow: Any) -> list[dict[str, Any]]:
    body = await execute(client, LIST, {"filter": narrow or None}, token=token)
    assert "errors" not in body, body
    nodes: list[dict[str, Any]] = body["data"]["transfers"]["nodes"]
    return nodes


async def test_both_sides_list_a_transfer_and_a_third_subtree_does_not(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's transfer from grid a1 to grid b1, and a secretary of grid a2
    found = await requested(client, world)
    third = await secretary_of(database, world, app.state.services.tokens, "grid_a2")
    # when each lists the transfers of their scope
    source = await listed(client, world.tokens["secretary"])
    destination = await listed(client, world.tokens["outsider"])
    other = await listed(client, third)
    # then the source and the destination list it, the third does not
    assert [t["id"] for t in source] == [found["id"]]
    assert [t["id"] for t in destination] == [found["id"]]
    assert other == []


async def test_a_side_lists_by_direction_and_status(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m1's transfer out of community A, and m4's approved one into it
    out = await requested(client, world)
    into = await approved(client, world, "outsider", member="m4", destination="grid_a2")
    token = world.tokens["secretary"]
    # when community A's secretary lists each direction, and the approved ones
    outgoing = await listed(client, token, direction="OUTGOING")
    incoming = await listed(client, token, direction="INCOMING")
    waiting = await listed(client, token, statuses=["APPROVED"])
    under = await listed(client, token, under=world.org_id("grid_a2"))
    # then each holds the transfer it should
    assert [t["id"] for t in outgoing] == [out["id"]]
    assert [t["id"] for t in incoming] == [into["id"]]
    assert [t["id"] for t in waiting] == [into["id"]]
    assert [t["id"] for t in under] == [into["id"]]


async def test_a_member_sees_their_own_transfer_and_no_other(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's and m4's transfers, and m1's and m2's own accounts
    tokens = app.state.services.tokens
    mine = await requested(client, world)
    theirs = await requested(client, world, "outsider", member="m4", destination="grid_a2")
    m1 = await member_token(database, world, tokens, "m1")
    m2 = await member_token(database, world, tokens, "m2")
    # when each lists transfers and reads both by ID
    seen = {
        name: (
            [t["id"] for t in await listed(client, token)],
            [
                (await execute(client, NODE, {"id": t["id"]}, token=token))["data"]["node"]
                for t in (mine, theirs)
            ],
        )
        for name, token in (("m1", m1), ("m2", m2))
    }
    # then m1 sees only their own, and m2 none
    assert seen["m1"][0] == [mine["id"]]
    assert seen["m1"][1] == [{"id": mine["id"], "status": "REQUESTED"}, None]
    assert seen["m2"] == ([], [None, None])


async def test_node_finds_a_transfer_for_either_side_only(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's transfer and a resident and a third secretary
    found = await requested(client, world)
    third = await secretary_of(database, world, app.state.services.tokens, "grid_a2")
    # when each reads it by ID
    seen = {
        name: (await execute(client, NODE, {"id": found["id"]}, token=token))["data"]["node"]
        for name, token in (
            ("source", world.tokens["secretary"]),
            ("destination", world.tokens["outsider"]),
            ("third", third),
            ("resident", world.tokens["resident"]),
        )
    }
    # then the two sides find it, nobody else
    assert seen == {
        "source": {"id": found["id"], "status": "REQUESTED"},
        "destination": {"id": found["id"], "status": "REQUESTED"},
        "third": None,
        "resident": None,
    }


async def test_an_account_that_reads_no_transfers_is_told_so(
    client: httpx.AsyncClient, world: World
) -> None:
    # when a resident lists transfers
    body = await execute(client, LIST, token=world.tokens["resident"])
    # then it is FORBIDDEN
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


@pytest.fixture
async def many(database: Database, world: World) -> None:
    """24 transfers out of grid a1, to grid b1, grid a2 and out of the platform."""
    async with database.transaction() as session:
        for n in range(24):
            member = await create_member(session, world.orgs["grid_a1"])
            destination = (world.orgs["grid_b1"], world.orgs["grid_a2"], None)[n % 3]
            status = (TransferStatus.REQUESTED, TransferStatus.APPROVED)[n % 2]
            await create_transfer(session, member, destination, status=status)


@pytest.mark.parametrize("who", ["secretary", "outsider", "admin"])
async def test_a_page_costs_the_same_statements_for_3_and_12_transfers(
    client: httpx.AsyncClient, app: Starlette, world: World, many: None, who: str
) -> None:
    # given 24 transfers; when a page of 3 and one of 12 are read
    token = world.tokens[who]
    three = await statements_for(client, app, PAGE, token, 3)
    # then both cost the same few statements
    assert three == await statements_for(client, app, PAGE, token, 12)
    assert three <= 8


MEMBERS = """
query ($first: Int) { transfers(first: $first) { nodes { memberName member { name } } } }
"""


@pytest.mark.parametrize("who", ["secretary", "outsider"])
async def test_a_page_names_its_members_where_the_viewer_reads_them_in_constant_statements(
    client: httpx.AsyncClient, app: Starlette, world: World, many: None, who: str
) -> None:
    # given 24 transfers out of grid a1; when a page of 3 and one of 12 ask for their members
    token = world.tokens[who]
    three = await statements_for(client, app, MEMBERS, token, 3)
    twelve = await statements_for(client, app, MEMBERS, token, 12)
    body = await execute(client, MEMBERS, {"first": 12}, token=token)
    # then both cost the same statements; every row names its member, and the member is
    # there on the source side, who reads grid a1's members, and null on the destination's
    assert three == twelve
    nodes = body["data"]["transfers"]["nodes"]
    assert nodes
    assert all(node["memberName"] for node in nodes)
    if who == "secretary":
        assert all(node["member"] == {"name": node["memberName"]} for node in nodes)
    else:
        assert all(node["member"] is None for node in nodes)
