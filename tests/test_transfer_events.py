"""A transfer's events are heard at the branch left and at the branch joined, live and in the
recent events, with the transfer readable by each side; a third subtree hears nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from tests.graphql import execute
from tests.transfer_support import accepted, advance, requested, secretary_of, transfer_of
from tests.world import World
from tests.ws import SubscriptionClient, watching

EVENTS = """
subscription {
  events {
    type changes
    ... on TransferEvent { transfer { status memberName destinationName } }
    ... on MemberEvent { member { id } }
  }
}
"""
RECENT = "{ recentEvents(last: 20) { type } }"
RENAME = """
mutation ($id: ID!, $name: String!) { updateOrganization(input: {id: $id, name: $name}) { organization { id } } }
"""


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def next_event(client: SubscriptionClient) -> dict[str, Any]:
    payload = await client.next_payload()
    assert "errors" not in payload, payload
    event: dict[str, Any] = payload["data"]["events"]
    return event


async def test_both_places_hear_each_step_live_and_a_third_subtree_does_not(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database, app: Starlette
) -> None:
    # given subscribers at the source (community A), the destination (community B), and a
    # secretary of grid a2 (neither side)
    third = await secretary_of(database, world, app.state.services.tokens, "grid_a2")
    clients = {
        name: await SubscriptionClient.open(live_server, token=token)
        for name, token in (
            ("source", world.tokens["secretary"]),
            ("destination", world.tokens["outsider"]),
            ("third", third),
        )
    }
    for client in clients.values():
        await client.subscribe(EVENTS)
    await watching(live_server, len(clients))
    # when m1's transfer to grid b1 is asked, approved and accepted, then grid a2 renamed
    await accepted(http, world)
    body = await execute(
        http, RENAME, {"id": world.org_id("grid_a2"), "name": "改名"}, token=world.tokens["admin"]
    )
    assert "errors" not in body, body
    # then both sides hear the three steps and the member's move, in order
    for side in ("source", "destination"):
        seen = [await next_event(clients[side]) for _ in range(4)]
        assert [e["type"] for e in seen] == [
            "TRANSFER_REQUESTED",
            "TRANSFER_STEPPED",
            "MEMBER_UPDATED",
            "TRANSFER_STEPPED",
        ]
        assert seen[-1]["transfer"] == {
            "status": "DONE",
            "memberName": world.members["m1"].name,
            "destinationName": "grid_b1网格党支部",
        }
    # and the third subtree hears only its own rename
    assert (await next_event(clients["third"]))["type"] == "ORGANIZATION_UPDATED"
    for client in clients.values():
        await client.close()


async def test_recent_events_of_both_sides_hold_the_transfer_and_no_others(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a transfer returned by its destination, and a third subtree's secretary
    third = await secretary_of(database, world, app.state.services.tokens, "grid_a2")
    found = await requested(client, world)
    await advance(client, world.tokens["secretary"], found["id"], "APPROVE", letterNumber="1")
    transfer_of(
        await advance(client, world.tokens["outsider"], found["id"], "RETURN", note="查无此人"),
        "advanceTransfer",
    )
    # when each reads the recent events
    seen = {
        name: [
            e["type"] for e in (await execute(client, RECENT, token=token))["data"]["recentEvents"]
        ]
        for name, token in (
            ("source", world.tokens["secretary"]),
            ("destination", world.tokens["outsider"]),
            ("third", third),
        )
    }
    # then both sides hold the three steps, the third nothing
    steps = ["TRANSFER_REQUESTED", "TRANSFER_STEPPED", "TRANSFER_STEPPED"]
    assert seen == {"source": steps, "destination": steps, "third": []}
