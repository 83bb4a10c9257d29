"""stationStatusChanged: every status change in scope, resumable by cursor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from db.engine import Database
from tests.graphql import execute
from tests.station_fixtures import Stations, build_stations, reading
from tests.world import World
from tests.ws import SubscriptionClient, watching

CHANGES = """
subscription ($under: ID, $after: String) {
  stationStatusChanged(under: $under, after: $after) {
    cursor type changes
    ... on StationEvent { station { name } }
  }
}
"""
EVENTS = "subscription { events { type changes } }"
RECORD = "mutation ($input: ReadingInput!) { recordReading(input: $input) { accepted } }"


@pytest.fixture
async def stations(database: Database, world: World) -> Stations:
    return await build_stations(database, world)


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def record(http: httpx.AsyncClient, token: str, seq: int, kind: str, value: int = 1) -> None:
    body = await execute(http, RECORD, {"input": reading(token, seq, kind, value)})
    assert "errors" not in body, body


async def change_of(
    client: SubscriptionClient, field: str = "stationStatusChanged"
) -> dict[str, Any]:
    payload = await client.next_payload()
    assert "errors" not in payload, payload
    event: dict[str, Any] = payload["data"][field]
    return event


async def test_status_changes_in_scope_are_delivered_and_others_are_not(
    live_server: str, http: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await client.subscribe(CHANGES)
    await watching(live_server, 1)
    await record(http, stations.token("station_b"), 1, "HEARTBEAT", 0)
    await record(http, stations.token("station_a"), 1, "HEARTBEAT", 0)
    event = await change_of(client)
    assert event["type"] == "STATION_STATUS_CHANGED"
    assert event["changes"] == {"from": "offline", "to": "open"}
    assert event["station"] == {"name": "station_a"}
    await client.close()


async def test_a_screen_resumes_from_its_cursor_without_gaps(
    live_server: str, http: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await client.subscribe(CHANGES, {"under": world.org_id("community_a")})
    await watching(live_server, 1)
    door = stations.token("station_a")
    await record(http, door, 1, "ENTERED", 1)
    first = await change_of(client)
    await client.close()
    await record(http, door, 2, "ENTERED", 8)  # busy while the screen was away
    await record(http, door, 3, "LEFT", 8)
    again = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await again.subscribe(CHANGES, {"under": world.org_id("community_a"), "after": first["cursor"]})
    missed = [await change_of(again), await change_of(again)]
    assert [event["changes"] for event in missed] == [
        {"from": "open", "to": "busy"},
        {"from": "busy", "to": "open"},
    ]
    await again.close()


async def test_the_general_event_stream_carries_status_changes_but_no_telemetry(
    live_server: str, http: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await client.subscribe(EVENTS)
    await watching(live_server, 1)
    door = stations.token("station_a")
    await record(http, door, 1, "ENTERED", 1)
    await record(http, door, 2, "ENTERED", 1)
    await record(http, door, 3, "ENTERED", 7)
    assert (await change_of(client, "events"))["changes"] == {"from": "offline", "to": "open"}
    assert (await change_of(client, "events"))["changes"] == {"from": "open", "to": "busy"}
    await client.close()
