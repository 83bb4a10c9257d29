"""Co-building events over websockets: activities (created, sign-ups, start and end), needs and
exchanges reach the viewers in scope, live, and nobody else."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from db.engine import Database
from resolvers.accounts.tokens import TokenService
from resolvers.activities.announcements import announce_due
from server import Settings, create_app
from tests.co_building_support import CoBuilding, build_co_building, claim, post_need
from tests.factories import create_activity
from tests.graphql import execute
from tests.world import World
from tests.ws import SubscriptionClient, watching

EVENTS = """
subscription {
  events(types: [ACTIVITY_CREATED, ACTIVITY_SIGN_UPS_CHANGED, ACTIVITY_STARTED, NEED_POSTED,
                 NEED_CHANGED, EXCHANGE_OPENED, EXCHANGE_STEPPED]) {
    type changes
    ... on ActivityEvent { activity { title signedUp } }
    ... on NeedEvent { need { title status } }
    ... on ExchangeEvent { exchange { status } }
  }
}
"""
SIGN_UP = "mutation ($id: ID!) { signUpForActivity(id: $id) { registration { status } } }"
CREATE = """
mutation ($input: CreateActivityInput!) { createActivity(input: $input) { activity { id } } }
"""


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


@pytest.fixture
async def co(database: Database, world: World, settings: Settings) -> CoBuilding:
    tokens = TokenService(settings.secret(), timedelta(days=1))
    return await build_co_building(database, world, tokens)


async def events(client: SubscriptionClient, count: int) -> list[dict[str, Any]]:
    found = []
    for _ in range(count):
        payload = await client.next_payload()
        assert "errors" not in payload, payload
        found.append(payload["data"]["events"])
    return found


async def test_a_communitys_screen_sees_an_activity_published_and_filled_live(
    live_server: str, http: httpx.AsyncClient, co: CoBuilding
) -> None:
    world = co.world
    screen = await SubscriptionClient.open(live_server, token=world.tokens["station_staff"])
    outsider = await SubscriptionClient.open(live_server, token=world.tokens["outsider"])
    await screen.subscribe(EVENTS)
    await outsider.subscribe(EVENTS)
    await watching(live_server, 2)
    start = datetime.now(UTC) + timedelta(hours=1)
    activity = {
        "organizationId": world.org_id("community_a"), "title": "周末环境整治",
        "kind": "VOLUNTEER_SERVICE", "description": "清理楼道杂物",
        "startsAt": start.isoformat(), "endsAt": (start + timedelta(hours=2)).isoformat(),
        "capacity": 5, "address": "社区广场", "longitude": 120.15, "latitude": 30.28,
    }  # fmt: skip

    created = await execute(http, CREATE, {"input": activity}, token=world.tokens["secretary"])
    activity_id = created["data"]["createActivity"]["activity"]["id"]
    await execute(http, SIGN_UP, {"id": activity_id}, token=world.tokens["resident"])

    first, second = await events(screen, 2)
    assert first["type"] == "ACTIVITY_CREATED"
    assert first["activity"] == {"title": "周末环境整治", "signedUp": 0}
    assert second["type"] == "ACTIVITY_SIGN_UPS_CHANGED"
    assert second["changes"] == {"signedUp": 1, "waitlisted": 0, "capacity": 5}
    # the outsider hears of nothing of community A: its next event is its own community's
    await post_need(
        http, co, role="outsider", organizationId=world.org_id("community_b"), title="B的需求"
    )
    (theirs,) = await events(outsider, 1)
    assert theirs["type"] == "NEED_POSTED"
    assert theirs["need"]["title"] == "B的需求"
    await screen.close()
    await outsider.close()


async def test_needs_and_claims_reach_the_community_and_the_serving_unit_only(
    live_server: str, http: httpx.AsyncClient, co: CoBuilding
) -> None:
    unit = await SubscriptionClient.open(live_server, token=co.token("unit"))
    other_unit = await SubscriptionClient.open(live_server, token=co.token("unit_b"))
    await unit.subscribe(EVENTS)
    await other_unit.subscribe(EVENTS)
    await watching(live_server, 2)

    need = await post_need(http, co)
    await claim(http, co, need["id"])
    await post_need(
        http, co, role="outsider", organizationId=co.world.org_id("community_b"), title="B的需求"
    )

    seen = await events(unit, 3)
    assert [event["type"] for event in seen] == ["NEED_POSTED", "NEED_CHANGED", "EXCHANGE_OPENED"]
    assert seen[2]["exchange"] == {"status": "CLAIMED"}
    (theirs,) = await events(other_unit, 1)
    assert theirs["need"]["title"] == "B的需求"
    await unit.close()
    await other_unit.close()


async def test_the_start_of_an_activity_is_announced_once(
    co: CoBuilding, database: Database, settings: Settings
) -> None:
    world = co.world
    now = datetime.now(UTC)
    async with database.transaction() as session:
        await create_activity(
            session, world.orgs["community_a"], starts_at=now - timedelta(minutes=1),
            ends_at=now + timedelta(hours=1),
        )  # fmt: skip
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        services = app.state.services
        counts = await asyncio.gather(announce_due(services), announce_due(services))
        again = await announce_due(services)

    assert sorted(counts) == [0, 1]
    assert again == 0
