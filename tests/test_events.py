"""The `events` subscription over websockets: delivery, scope, resumption, both protocols."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin

from db.events.log import append_events
from db.events.types import EventType
from db.statements import count_statements
from tests.graphql import execute
from tests.world import World
from tests.ws import LEGACY_WS, TRANSPORT_WS, SubscriptionClient, watching

EVENTS = """
subscription ($under: ID, $after: String) {
  events(under: $under, after: $after) {
    cursor type changes
    ... on MemberEvent { member { name phone } }
    ... on OrganizationEvent { organization { name } }
  }
}
"""

RENAME = "mutation ($id: ID!, $name: String!) { updateOrganization(input: {id: $id, name: $name}) { organization { id } } }"
PHONE = "mutation ($id: ID!, $phone: String!) { updateMember(input: {id: $id, phone: $phone}) { member { id } } }"


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def rename(http: httpx.AsyncClient, world: World, org: str, name: str) -> None:
    body = await execute(
        http, RENAME, {"id": world.org_id(org), "name": name}, token=world.tokens["admin"]
    )
    assert "errors" not in body, body


async def event_of(client: SubscriptionClient) -> dict[str, Any]:
    payload = await client.next_payload()
    assert "errors" not in payload, payload
    event: dict[str, Any] = payload["data"]["events"]
    return event


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_a_member_update_over_http_reaches_a_subscriber(
    live_server: str, http: httpx.AsyncClient, world: World, protocol: str
) -> None:
    client = await SubscriptionClient.open(
        live_server, token=world.tokens["secretary"], protocol=protocol
    )
    await client.subscribe(EVENTS, {"under": world.org_id("community_a")})
    await watching(live_server, 1)
    body = await execute(
        http,
        PHONE,
        {"id": world.member_id("m1"), "phone": "13600000000"},
        token=world.tokens["admin"],
    )
    assert "errors" not in body
    event = await event_of(client)
    assert event["type"] == "MEMBER_UPDATED"
    assert event["changes"] == {"fields": ["phone"]}
    assert event["member"]["phone"] == "13600000000"
    await client.close()


async def test_events_outside_the_scope_are_not_delivered(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["outsider"])
    await client.subscribe(EVENTS)
    await watching(live_server, 1)
    await rename(http, world, "grid_a1", "外面的变化")
    await rename(http, world, "grid_b1", "里面的变化")
    event = await event_of(client)
    assert event["organization"]["name"] == "里面的变化"
    await client.close()


async def test_member_events_need_the_right_to_read_members(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["resident"])
    await client.subscribe(EVENTS)
    await watching(live_server, 1)
    await execute(
        http,
        PHONE,
        {"id": world.member_id("m1"), "phone": "13600000001"},
        token=world.tokens["admin"],
    )
    await rename(http, world, "community_a", "新社区名")
    event = await event_of(client)
    assert event["type"] == "ORGANIZATION_UPDATED"
    await client.close()


async def test_a_resumed_subscriber_receives_every_event_once_in_order(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await client.subscribe(EVENTS)
    await watching(live_server, 1)
    await rename(http, world, "grid_a1", "名字1")
    await rename(http, world, "grid_a1", "名字2")
    seen = [await event_of(client), await event_of(client)]
    await client.close()

    for index in range(3, 6):
        await rename(http, world, "grid_a1", f"名字{index}")

    resumed = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await resumed.subscribe(EVENTS, {"after": seen[-1]["cursor"]})
    replayed = [await event_of(resumed) for _ in range(3)]
    await rename(http, world, "grid_a1", "名字6")
    live = await event_of(resumed)
    cursors = [event["cursor"] for event in seen + replayed + [live]]
    assert len(set(cursors)) == 6
    assert [event["changes"]["name"] for event in seen + replayed + [live]] == [
        f"名字{index}" for index in range(1, 7)
    ]
    with pytest.raises(TimeoutError):
        await resumed.receive(timeout=1.0)
    await resumed.close()


async def test_a_forged_token_is_refused_at_connection_init(live_server: str, world: World) -> None:
    with pytest.raises((AssertionError, ConnectionClosed)):
        await SubscriptionClient.open(live_server, token="forged")


async def test_subscribing_without_a_token_is_unauthenticated(
    live_server: str, world: World
) -> None:
    client = await SubscriptionClient.open(live_server)
    await client.subscribe(EVENTS)
    message = await client.receive()
    assert message["type"] in ("error", "next")
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    await client.close()


async def test_a_subscription_under_an_unknown_node_is_not_found(
    live_server: str, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await client.subscribe(EVENTS, {"under": world.org_id("community_b")})
    message = await client.receive()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    await client.close()


async def test_a_handshake_from_another_origin_is_refused(live_server: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await connect(
            f"ws://{live_server}/graphql",
            subprotocols=[TRANSPORT_WS],  # type: ignore[list-item]
            origin=Origin("http://elsewhere.example"),
        )
    assert refused.value.response.status_code == 403


# Which of three changes each role's unfiltered subscription receives.
SUBSCRIPTION_MATRIX = {
    "admin": ["grid_b1", "community_a", "m1"],
    "secretary": ["community_a", "m1"],
    "grid_worker": ["m1"],
    "station_staff": ["community_a"],
    "resident": ["community_a"],
    "partner": ["community_a"],
    "outsider": ["grid_b1"],
}


@pytest.mark.parametrize("role", list(SUBSCRIPTION_MATRIX))
async def test_the_subscription_delivers_only_the_roles_scope(
    live_server: str, http: httpx.AsyncClient, world: World, role: str
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens[role])
    await client.subscribe(EVENTS)
    await watching(live_server, 1)
    await rename(http, world, "grid_b1", "B网格新名")
    await rename(http, world, "community_a", "A社区新名")
    await execute(
        http,
        PHONE,
        {"id": world.member_id("m1"), "phone": "13600000002"},
        token=world.tokens["admin"],
    )
    expected = SUBSCRIPTION_MATRIX[role]
    received = [await event_of(client) for _ in expected]
    names = {"B网格新名": "grid_b1", "A社区新名": "community_a"}
    seen = [
        "m1" if event["type"] == "MEMBER_UPDATED" else names[event["changes"]["name"]]
        for event in received
    ]
    assert seen == expected
    with pytest.raises(TimeoutError):
        await client.receive(timeout=0.7)
    await client.close()


async def test_a_subscription_from_the_event_cursor_misses_nothing_across_a_drop(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    head = await execute(http, "{ eventCursor }", token=world.tokens["admin"])
    cursor = head["data"]["eventCursor"]
    await rename(http, world, "grid_a1", "断线期间")
    client = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await client.subscribe(EVENTS, {"after": cursor})
    event = await event_of(client)
    assert event["changes"]["name"] == "断线期间"
    await client.close()


RECENT = "query ($under: ID) { recentEvents(under: $under, last: 2) { cursor type changes } }"


async def test_recent_events_are_the_newest_visible_oldest_first(
    client: httpx.AsyncClient, world: World
) -> None:
    for index in range(3):
        await execute(
            client,
            RENAME,
            {"id": world.org_id("grid_a1"), "name": f"近况{index}"},
            token=world.tokens["admin"],
        )
    await execute(
        client, RENAME, {"id": world.org_id("grid_b1"), "name": "别处"}, token=world.tokens["admin"]
    )
    body = await execute(
        client, RECENT, {"under": world.org_id("community_a")}, token=world.tokens["secretary"]
    )
    assert [event["changes"]["name"] for event in body["data"]["recentEvents"]] == [
        "近况1",
        "近况2",
    ]
    outsider = await execute(client, RECENT, {}, token=world.tokens["outsider"])
    assert [event["changes"]["name"] for event in outsider["data"]["recentEvents"]] == ["别处"]


async def test_recent_events_skip_internal_wake_ups_in_sql(
    client: httpx.AsyncClient, world: World, app: Starlette
) -> None:
    # Given a rename, then more telemetry wake-ups than a page of the log holds
    database = app.state.services.database
    await execute(
        client,
        RENAME,
        {"id": world.org_id("grid_a1"), "name": "唤醒之前"},
        token=world.tokens["admin"],
    )
    async with database.transaction() as session:
        wake_up = {"type": EventType.STATION_READINGS, "org_path": world.orgs["grid_a1"].path,
                   "entity_type": EventType.STATION_READINGS.entity_type, "entity_id": 1,
                   "account_id": None}  # fmt: skip
        await append_events(session, [wake_up] * 250)

    # When a screen asks for the newest events
    with count_statements(database.engine, this_context_only=True) as statements:
        body = await execute(
            client, RECENT, {"under": world.org_id("community_a")}, token=world.tokens["secretary"]
        )

    # Then the rename is found with one read of the log, the wake-ups never shown
    assert [event["changes"]["name"] for event in body["data"]["recentEvents"]] == ["唤醒之前"]
    assert len([s for s in statements if "FROM events" in s]) == 1
