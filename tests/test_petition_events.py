"""Petition events and coalesced statistics over websockets, within the viewer's scope."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from db.engine import Database
from tests.petition_support import categories, step, submit
from tests.world import World
from tests.ws import SubscriptionClient, watching

EVENTS = """
subscription ($under: ID) {
  events(under: $under, types: [PETITION_CREATED, PETITION_TRANSITIONED, PETITION_ESCALATED]) {
    cursor type changes
    ... on PetitionEvent { petition { title status } }
  }
}
"""
LIVE_STATISTICS = """
subscription ($under: ID!) { petitionStatistics(under: $under, days: 7) { total byStatus { status count } } }
"""


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def next_data(client: SubscriptionClient, field: str) -> dict[str, Any]:
    payload = await client.next_payload()
    assert "errors" not in payload, payload
    data: dict[str, Any] = payload["data"][field]
    return data


async def test_a_screen_sees_each_step_of_a_petition_live(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    screen = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await screen.subscribe(EVENTS, {"under": world.org_id("community_a")})
    await watching(live_server, 1)

    petition = await submit(http, world, codes)
    created = await next_data(screen, "events")
    body = await step(http, world.tokens["grid_worker"], "accept", petition["id"])
    assert "errors" not in body
    accepted = await next_data(screen, "events")

    assert created["type"] == "PETITION_CREATED"
    assert created["petition"] == {"title": "楼道灯坏了", "status": "SUBMITTED"}
    assert created["changes"]["status"] == "submitted"
    assert accepted["type"] == "PETITION_TRANSITIONED"
    assert accepted["changes"]["from"] == "submitted"
    assert accepted["changes"]["to"] == "accepted"
    assert "contactPhone" not in str(accepted["changes"])
    await screen.close()


async def test_an_out_of_scope_screen_sees_nothing_of_the_community(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    screen = await SubscriptionClient.open(live_server, token=world.tokens["outsider"])
    await screen.subscribe(EVENTS)
    await watching(live_server, 1)

    await submit(http, world, codes, title="A区的事")
    await submit(
        http, world, codes, role="outsider", gridId=world.org_id("grid_b1"), title="B区的事"
    )

    event = await next_data(screen, "events")
    assert event["petition"]["title"] == "B区的事"
    await screen.close()


async def test_live_statistics_start_with_a_snapshot_and_follow_changes(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    screen = await SubscriptionClient.open(live_server, token=world.tokens["station_staff"])
    await screen.subscribe(LIVE_STATISTICS, {"under": world.org_id("community_a")})
    first = await next_data(screen, "petitionStatistics")

    for title in ("第一件", "第二件", "第三件"):
        await submit(http, world, codes, title=title)
    totals = [(await next_data(screen, "petitionStatistics"))["total"]]
    while totals[-1] < 3:
        totals.append((await next_data(screen, "petitionStatistics"))["total"])

    assert first["total"] == 0
    assert len(totals) <= 3  # coalesced: never more snapshots than changes
    await screen.close()


SUPERVISIONS = """
subscription ($under: ID) {
  events(under: $under, types: [PETITION_SUPERVISED]) {
    type changes ... on PetitionEvent { petition { title supervised } }
  }
}
"""


async def test_a_street_screen_hears_a_supervision_and_an_out_of_scope_one_does_not(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given the administrator's screen on street A and the other community's screen
    codes = await categories(database)
    street = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await street.subscribe(SUPERVISIONS, {"under": world.org_id("street_a")})
    other = await SubscriptionClient.open(live_server, token=world.tokens["outsider"])
    await other.subscribe(SUPERVISIONS)
    await watching(live_server, 2)
    # When a petition of grid A1 is supervised, then one of grid B1
    mine = await submit(http, world, codes, title="A区督办")
    theirs = await submit(
        http, world, codes, role="outsider", gridId=world.org_id("grid_b1"), title="B区督办"
    )
    for petition in (mine, theirs):
        body = await http.post(
            "/graphql",
            json={
                "query": "mutation ($input: SupervisePetitionInput!) "
                "{ supervisePetition(input: $input) { petition { id } } }",
                "variables": {"input": {"id": petition["id"], "note": "请加快办理"}},
            },
            headers={"authorization": f"Bearer {world.tokens['admin']}"},
        )
        assert "errors" not in body.json(), body.json()
    # Then the street's screen hears A's, and the other community's screen only B's
    heard = await next_data(street, "events")
    assert heard["type"] == "PETITION_SUPERVISED"
    assert heard["petition"] == {"title": "A区督办", "supervised": True}
    assert heard["changes"]["supervisions"] == 1
    assert (await next_data(other, "events"))["petition"]["title"] == "B区督办"
    await street.close()
    await other.close()
