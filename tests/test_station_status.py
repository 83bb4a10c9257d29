"""Live status: derived from readings and the clock; offline detection runs exactly once."""

from __future__ import annotations

import asyncio
from datetime import time, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from db.base import utcnow
from db.engine import Database
from db.events.log import EventRow
from db.events.types import EventType
from db.stations.models import DeviceKind, StationLiveRow, StationStatus
from resolvers.stations.config import StationConfig
from resolvers.stations.status import refresh_statuses
from tests.graphql import execute
from tests.station_fixtures import Stations, add_station, build_stations, reading
from tests.world import World

RECORD_BATCH = """
mutation ($readings: [ReadingInput!]!) {
  recordReadings(input: {readings: $readings}) { accepted statusChanges }
}
"""
STATUS = "query ($id: ID!) { station(id: $id) { live { status occupancy utilisation } } }"


@pytest.fixture
async def stations(database: Database, world: World) -> Stations:
    return await build_stations(database, world)


async def send(client: httpx.AsyncClient, *readings: dict[str, Any]) -> dict[str, Any]:
    body = await execute(client, RECORD_BATCH, {"readings": list(readings)})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["recordReadings"]
    return result


async def status_events(database: Database) -> list[dict[str, Any]]:
    async with database.session() as session:
        rows = await session.scalars(
            select(EventRow).where(EventRow.type == EventType.STATION_STATUS_CHANGED)
        )
        return [row.payload["changes"] for row in rows]


async def status_of(database: Database, stations: Stations, name: str) -> StationStatus:
    async with database.session() as session:
        return (await session.get_one(StationLiveRow, stations.rows[name].id)).status


async def nobody_publishes(_ids: Any) -> None:
    return None


async def test_a_new_station_is_offline_until_a_device_reports(
    client: httpx.AsyncClient, stations: Stations, world: World, database: Database
) -> None:
    body = await execute(
        client, STATUS, {"id": stations.station_id("station_a")}, token=world.tokens["admin"]
    )
    assert body["data"]["station"]["live"]["status"] == "OFFLINE"
    result = await send(client, reading(stations.token("station_a"), 1, "HEARTBEAT", 0))
    assert result["statusChanges"] == 1
    assert await status_events(database) == [{"from": "offline", "to": "open"}]


async def test_only_changes_of_status_append_events(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    door = stations.token("station_a")
    for seq in range(1, 6):
        await send(client, reading(door, seq, "ENTERED", 1))
    assert await status_events(database) == [{"from": "offline", "to": "open"}]


async def test_occupancy_at_the_busy_share_of_capacity_makes_the_station_busy(
    client: httpx.AsyncClient, stations: Stations, world: World, database: Database
) -> None:
    door = stations.token("station_a")
    await send(client, reading(door, 1, "ENTERED", 7))
    await send(client, reading(door, 2, "ENTERED", 1))
    body = await execute(
        client, STATUS, {"id": stations.station_id("station_a")}, token=world.tokens["admin"]
    )
    assert body["data"]["station"]["live"] == {"status": "BUSY", "occupancy": 8, "utilisation": 0.8}
    await send(client, reading(door, 3, "LEFT", 2))
    assert await status_of(database, stations, "station_a") == StationStatus.OPEN


async def test_a_closed_report_closes_the_station_for_the_day(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    await send(
        client,
        reading(stations.token("station_a", DeviceKind.SERVICE_TERMINAL), 1, "OPEN_STATE", 0),
    )
    assert await status_of(database, stations, "station_a") == StationStatus.CLOSED


async def test_outside_opening_hours_the_station_is_closed(
    client: httpx.AsyncClient, stations: Stations, world: World, database: Database
) -> None:
    local_hour = (utcnow() + timedelta(hours=8)).hour
    opens = time((local_hour + 2) % 24)
    closes = time((local_hour + 3) % 24)
    row = await add_station(
        database, world.orgs["community_a"], "夜间站", opens_at=opens, closes_at=closes
    )
    async with database.transaction() as session:
        from db.stations.models import DeviceRow
        from resolvers.stations.telemetry import hash_token

        session.add(
            DeviceRow(
                station_id=row.id,
                kind=DeviceKind.DOOR_COUNTER,
                name="d",
                token_hash=hash_token("night"),
            )
        )
    await send(client, reading("night", 1, "HEARTBEAT", 0))
    async with database.session() as session:
        assert (await session.get_one(StationLiveRow, row.id)).status == StationStatus.CLOSED


async def test_a_silent_station_goes_offline_exactly_once_across_instances(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    await send(client, reading(stations.token("station_a"), 1, "HEARTBEAT", 0))
    config = StationConfig(offline_seconds=60)
    later = utcnow() + timedelta(seconds=61)
    other = Database(database.url)
    try:
        changes = await asyncio.gather(
            refresh_statuses(database, nobody_publishes, config, later),
            refresh_statuses(other, nobody_publishes, config, later),
        )
    finally:
        await other.dispose()
    assert sorted(changes) == [0, 1]
    assert await status_of(database, stations, "station_a") == StationStatus.OFFLINE
    assert (await status_events(database))[-1] == {"from": "open", "to": "offline"}
    assert await refresh_statuses(database, nobody_publishes, config, later) == 0


async def test_a_station_heard_from_in_time_stays_online(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    await send(client, reading(stations.token("station_a"), 1, "HEARTBEAT", 0))
    soon = utcnow() + timedelta(seconds=30)
    assert (
        await refresh_statuses(database, nobody_publishes, StationConfig(offline_seconds=60), soon)
        == 0
    )


async def test_the_status_job_flags_a_silent_station_within_the_offline_time(
    stations: Stations, database: Database, settings: Any
) -> None:
    from server import create_app

    app = create_app(settings.model_copy(update={"station_offline_seconds": 1.0}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
            await send(client, reading(stations.token("station_a"), 1, "HEARTBEAT", 0))
            async with asyncio.timeout(5):
                while await status_of(database, stations, "station_a") != StationStatus.OFFLINE:
                    await asyncio.sleep(0.1)
