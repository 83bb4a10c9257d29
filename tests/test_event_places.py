"""Events that concern two places (a member changing branch, an organisation moving) reach
the viewers of every place they concern, live and from the log, and nobody else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from db.accounts.models import Role
from db.engine import Database
from db.events.log import append_events, read_events_after
from db.events.queries import events_before
from resolvers.accounts.tokens import TokenService
from tests.factories import create_account, token_for
from tests.graphql import execute
from tests.world import World
from tests.ws import LEGACY_WS, TRANSPORT_WS, SubscriptionClient, watching

EVENTS = """
subscription ($after: String) {
  events(after: $after) { cursor type ... on MemberEvent { member { id } } }
}
"""
RECENT = "{ recentEvents(last: 20) { type } }"
CURSOR = "{ eventCursor }"
MOVE_MEMBER = """
mutation ($id: ID!, $branch: ID!) { updateMember(input: {id: $id, branchId: $branch}) { member { id } } }
"""
MOVE_ORG = """
mutation ($id: ID!, $parent: ID!) {
  moveOrganization(input: {id: $id, newParentId: $parent}) { organization { id } }
}
"""
RENAME = """
mutation ($id: ID!, $name: String!) { updateOrganization(input: {id: $id, name: $name}) { organization { id } } }
"""


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def third_secretary(database: Database, world: World, tokens: TokenService) -> str:
    """A secretary of grid a2: inside community A, but neither the branch left nor joined."""
    async with database.transaction() as session:
        account = await create_account(session, [(Role.SECRETARY, world.orgs["grid_a2"])])
    return token_for(tokens, account)


async def ok(http: httpx.AsyncClient, document: str, variables: dict[str, Any], token: str) -> Any:
    body = await execute(http, document, variables, token=token)
    assert "errors" not in body, body
    return body["data"]


async def next_type(client: SubscriptionClient) -> str:
    payload = await client.next_payload()
    assert "errors" not in payload, payload
    return str(payload["data"]["events"]["type"])


# The shared path (live groups) and a stream of one's own (the hub's fan-out by scope).
@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_a_branch_change_reaches_the_old_and_the_new_place_live_and_nobody_else(
    live_server: str,
    http: httpx.AsyncClient,
    world: World,
    database: Database,
    app: Any,
    protocol: str,
) -> None:
    # given subscribers at the branch left (community A), the branch joined (community B),
    # and a third subtree (grid a2)
    third = await third_secretary(database, world, app.state.services.tokens)
    clients = {
        name: await SubscriptionClient.open(live_server, token=token, protocol=protocol)
        for name, token in (
            ("old", world.tokens["secretary"]),
            ("new", world.tokens["outsider"]),
            ("third", third),
        )
    }
    for client in clients.values():
        await client.subscribe(EVENTS)
    await watching(live_server, len(clients))
    # when the member moves from grid a1 to grid b1, then grid a2 is renamed
    move = {"id": world.member_id("m1"), "branch": world.org_id("grid_b1")}
    await ok(http, MOVE_MEMBER, move, world.tokens["admin"])
    await ok(http, RENAME, {"id": world.org_id("grid_a2"), "name": "改名"}, world.tokens["admin"])
    # then both places hear of the move, and the third hears only of its own rename
    assert await next_type(clients["old"]) == "MEMBER_UPDATED"
    assert await next_type(clients["new"]) == "MEMBER_UPDATED"
    assert await next_type(clients["third"]) == "ORGANIZATION_UPDATED"
    for client in clients.values():
        await client.close()


async def test_a_branch_change_is_replayed_from_the_log_to_the_place_left(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    # given the secretary of community A's cursor before the member moves out of it
    cursor = (await ok(http, CURSOR, {}, world.tokens["secretary"]))["eventCursor"]
    move = {"id": world.member_id("m1"), "branch": world.org_id("grid_b1")}
    await ok(http, MOVE_MEMBER, move, world.tokens["admin"])
    # when they subscribe after that cursor
    client = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await client.subscribe(EVENTS, {"after": cursor})
    # then the move is replayed from the log, though it is filed under community B
    assert await next_type(client) == "MEMBER_UPDATED"
    await client.close()


async def test_recent_events_of_both_places_hold_an_organisation_move_and_no_others(
    client: httpx.AsyncClient, world: World, database: Database, app: Any
) -> None:
    # given a third subtree's secretary (grid a2)
    third = await third_secretary(database, world, app.state.services.tokens)
    # when grid a1 moves from community A to community B
    move = {"id": world.org_id("grid_a1"), "parent": world.org_id("community_b")}
    await ok(client, MOVE_ORG, move, world.tokens["admin"])
    # then the recent events of the place left and of the place joined hold it
    for token in (world.tokens["secretary"], world.tokens["outsider"]):
        found = await ok(client, RECENT, {}, token)
        assert "ORGANIZATION_MOVED" in [event["type"] for event in found["recentEvents"]]
    # and the third subtree's do not
    found = await ok(client, RECENT, {}, third)
    assert found["recentEvents"] == []


async def test_scoped_pages_of_the_log_hold_every_event_of_any_place_once_in_order(
    database: Database,
) -> None:
    # given events at /1/2/, at /1/3/ with /1/2/ as another place, with two other places
    # both in /1/2/, and elsewhere only
    places = [
        ("/1/2/5/", None),
        ("/1/3/", ["/1/2/"]),
        ("/1/3/", ["/1/2/6/", "/1/2/7/"]),
        ("/1/4/", None),
        ("/1/3/", ["/1/4/"]),
        ("/1/2/", None),
    ] * 4
    async with database.transaction() as session:
        ids = await append_events(
            session,
            [
                {
                    "type": "organization.updated",
                    "org_path": at,
                    "entity_type": "organization",
                    "entity_id": n,
                    "account_id": None,
                    "also_paths": also,
                }
                for n, (at, also) in enumerate(places)
            ],
        )
    expected = [i for i, (at, also) in zip(ids, places, strict=True)
                if at.startswith("/1/2/") or any(p.startswith("/1/2/") for p in also or ())]  # fmt: skip
    # when the subtree /1/2/ reads the log three at a time, and its newest first
    found: list[int] = []
    async with database.session() as session:
        while page := await read_events_after(
            session, found[-1] if found else 0, scope=["/1/2/"], limit=3
        ):
            found += [row.id for row in page]
        newest = await events_before(session, ["/1/2/"], ["organization"], before=None, limit=5)
    # then it holds each of its events once, in order, and nothing of elsewhere
    assert found == expected
    assert [row.id for row in newest] == list(reversed(expected))[:5]
