"""Telemetry in: device tokens, validation, duplicates, out-of-order readings, roll-ups."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from db.base import utcnow
from db.engine import Database
from db.statements import count_statements
from db.stations.models import DeviceKind, StationLiveRow
from db.stations.telemetry import ReadingRow, StationHourRow, StationHourServiceRow, hour_of
from jobs.stations import purge_readings
from resolvers.stations.config import StationConfig
from tests.graphql import error_codes, execute
from tests.station_fixtures import Stations, build_stations, reading
from tests.world import World

RECORD = """
mutation ($input: ReadingInput!) {
  recordReading(input: $input) { accepted duplicates statusChanges }
}
"""
RECORD_BATCH = """
mutation ($readings: [ReadingInput!]!) {
  recordReadings(input: {readings: $readings}) { accepted duplicates statusChanges }
}
"""
DOOR = DeviceKind.DOOR_COUNTER
CAMERA = DeviceKind.CAMERA
TERMINAL = DeviceKind.SERVICE_TERMINAL


@pytest.fixture
async def stations(database: Database, world: World) -> Stations:
    return await build_stations(database, world)


async def send(client: httpx.AsyncClient, *readings: dict[str, Any]) -> dict[str, Any]:
    return await execute(client, RECORD_BATCH, {"readings": list(readings)})


async def reading_count(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(ReadingRow)) or 0)


async def live_of(database: Database, stations: Stations, name: str) -> StationLiveRow:
    async with database.session() as session:
        return await session.get_one(StationLiveRow, stations.rows[name].id)


async def test_one_reading_is_recorded_with_its_device_token(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    body = await execute(
        client, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED", 3)}
    )
    assert body["data"]["recordReading"] == {"accepted": 1, "duplicates": 0, "statusChanges": 1}
    assert (await live_of(database, stations, "station_a")).occupancy == 3


async def test_an_unknown_device_token_is_refused_and_nothing_is_written(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    body = await send(
        client,
        reading(stations.token("station_a"), 1, "ENTERED"),
        reading("forged-token", 1, "ENTERED"),
    )
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "Unknown device token (reading 1)" in body["errors"][0]["message"]
    assert await reading_count(database) == 0


async def test_a_negative_count_is_refused_naming_the_reading(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    body = await send(
        client,
        reading(stations.token("station_a"), 1, "ENTERED"),
        reading(stations.token("station_a"), 2, "LEFT", -2),
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "readings[1]"
    assert await reading_count(database) == 0


async def test_a_timestamp_far_in_the_future_is_refused(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    late = utcnow() + timedelta(hours=1)
    body = await execute(
        client, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED", at=late)}
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "in the future" in body["errors"][0]["message"]
    assert await reading_count(database) == 0


async def test_a_device_cannot_report_what_its_kind_does_not_measure(
    client: httpx.AsyncClient, stations: Stations
) -> None:
    body = await execute(
        client,
        RECORD,
        {"input": reading(stations.token("station_a"), 1, "SERVICE", service="LEGAL_AID")},
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "DOOR_COUNTER sends" in body["errors"][0]["message"]


async def test_duplicate_readings_are_ignored(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    token = stations.token("station_a")
    first = await send(client, reading(token, 1, "ENTERED", 2), reading(token, 1, "ENTERED", 2))
    again = await send(client, reading(token, 1, "ENTERED", 2), reading(token, 2, "ENTERED", 1))
    assert first["data"]["recordReadings"]["accepted"] == 1
    assert first["data"]["recordReadings"]["duplicates"] == 1
    assert again["data"]["recordReadings"]["accepted"] == 1
    assert (await live_of(database, stations, "station_a")).occupancy == 3
    assert await reading_count(database) == 2


async def test_a_late_reading_does_not_overwrite_a_newer_value(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    now = utcnow()
    camera = stations.token("station_a", CAMERA)
    await send(client, reading(camera, 2, "QUEUE", 7, at=now - timedelta(seconds=10)))
    await send(client, reading(camera, 1, "QUEUE", 3, at=now - timedelta(seconds=60)))
    live = await live_of(database, stations, "station_a")
    assert live.queue_length == 7
    assert await reading_count(database) == 2


async def test_a_late_absolute_count_keeps_the_entries_measured_after_it(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    now = utcnow()
    door = stations.token("station_a")
    await send(client, reading(door, 2, "ENTERED", 2, at=now - timedelta(seconds=5)))
    await send(client, reading(door, 1, "OCCUPANCY", 6, at=now - timedelta(seconds=30)))
    await send(client, reading(door, 3, "ENTERED", 1, at=now - timedelta(seconds=40)))
    assert (await live_of(database, stations, "station_a")).occupancy == 8


async def test_the_hourly_rollups_equal_the_raw_readings(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    rng = random.Random(4)
    now = utcnow()
    door, camera, terminal = (
        stations.token("station_a", kind) for kind in (DOOR, CAMERA, TERMINAL)
    )
    sent: list[dict[str, Any]] = []
    for seq in range(1, 151):
        at = now - timedelta(minutes=rng.uniform(0, 180))
        choice = rng.random()
        if choice < 0.4:
            sent.append(
                reading(door, seq, rng.choice(["ENTERED", "LEFT"]), rng.randint(1, 3), at=at)
            )
        elif choice < 0.5:
            sent.append(reading(door, seq, "OCCUPANCY", rng.randint(0, 9), at=at))
        elif choice < 0.75:
            service = rng.choice(["LEGAL_AID", "PARTY_AFFAIRS"])
            sent.append(
                reading(terminal, seq, "SERVICE", rng.randint(1, 2), at=at, service=service)
            )
        else:
            sent.append(reading(camera, seq, "QUEUE", rng.randint(0, 6), at=at))
    rng.shuffle(sent)
    for start in range(0, len(sent), 25):  # out of order, with re-sent duplicates
        await send(client, *sent[start : start + 25], *sent[max(0, start - 5) : start])
    expected: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    services: dict[Any, int] = defaultdict(int)
    async with database.session() as session:
        for row in await session.scalars(select(ReadingRow)):
            hour = expected[hour_of(row.occurred_at)]
            hour["readings"] += 1
            hour["visitors_in"] += row.value if row.kind.value == "entered" else 0
            hour["visitors_out"] += row.value if row.kind.value == "left" else 0
            hour["served"] += row.value if row.kind.value == "service" else 0
            hour["peak_queue"] = max(
                hour["peak_queue"], row.value if row.kind.value == "queue" else 0
            )
            if row.occupancy_after is not None:
                hour["peak_occupancy"] = max(hour["peak_occupancy"], row.occupancy_after)
            if row.service_type is not None:
                services[(hour_of(row.occurred_at), row.service_type.value)] += row.value
        hours = {
            row.hour: {
                "readings": row.readings,
                "visitors_in": row.visitors_in,
                "visitors_out": row.visitors_out,
                "served": row.served,
                "peak_queue": row.peak_queue,
                "peak_occupancy": row.peak_occupancy,
            }
            for row in await session.scalars(select(StationHourRow))
        }
        rolled = {
            (row.hour, row.service_type.value): row.served
            for row in await session.scalars(select(StationHourServiceRow))
        }
    assert sum(hour["readings"] for hour in hours.values()) == 150
    assert hours == {
        key: {name: value[name] for name in hours[key]} for key, value in expected.items()
    }
    assert rolled == dict(services)


async def test_retention_drops_old_raw_readings_and_keeps_the_rollups(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    door = stations.token("station_a")
    await send(client, reading(door, 1, "ENTERED", 4, at=utcnow() - timedelta(days=2)))
    await send(client, reading(door, 2, "ENTERED", 1))
    deleted = await purge_readings(database, StationConfig(readings_retention_days=1))
    assert deleted == 1
    assert await reading_count(database) == 1
    async with database.session() as session:
        kept = await session.scalar(select(func.sum(StationHourRow.visitors_in)))
    assert kept == 5


async def test_a_reading_older_than_the_retention_window_is_refused(
    client: httpx.AsyncClient, stations: Stations
) -> None:
    old = utcnow() - timedelta(days=45)
    body = await execute(
        client, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED", at=old)}
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "retention" in body["errors"][0]["message"]


async def test_a_batch_takes_as_many_statements_at_100_readings_as_at_10(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    # Given a door counter that has reported once, and batches mixing kinds (NULLs differ)
    token = stations.token("station_a")
    kinds = ("ENTERED", "LEFT", "OCCUPANCY", "HEARTBEAT")

    def batch(first: int, size: int) -> list[dict[str, Any]]:
        return [reading(token, seq, kinds[seq % 4]) for seq in range(first, first + size)]

    await send(client, *batch(0, 4))
    # When it sends 10 readings, then 100
    counts = []
    for first, size in ((100, 10), (200, 100)):
        with count_statements(database.engine) as statements:
            body = await send(client, *batch(first, size))
        assert body["data"]["recordReadings"]["accepted"] == size
        counts.append(len(statements))
    # Then both took the same number of statements
    assert counts[0] == counts[1]
