"""Organisation hours stay equal to a recount of the station hours after ingests and moves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from db.base import utcnow
from db.engine import Database
from db.stations.models import DeviceKind
from db.stations.organization_hours import (
    OrganizationHourRow,
    OrganizationHourServiceRow,
    rebuild_organization_hours,
)
from tests.graphql import execute
from tests.station_fixtures import Stations, build_stations, reading
from tests.world import World

RECORD_BATCH = """
mutation ($readings: [ReadingInput!]!) {
  recordReadings(input: {readings: $readings}) { accepted }
}
"""
MOVE_ORGANIZATION = "mutation ($id: ID!, $to: ID!) { moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } } }"

Hours = tuple[dict[tuple[Any, ...], tuple[int, ...]], dict[tuple[Any, ...], int]]


@pytest.fixture
async def stations(database: Database, world: World) -> Stations:
    return await build_stations(database, world)


async def hours(database: Database) -> Hours:
    """Every organisation hour that holds something (moves may leave rows at zero)."""
    async with database.session() as session:
        found: dict[tuple[Any, ...], tuple[int, ...]] = {
            (row.organization_id, row.hour): (row.local_hour, row.served, row.visitors_in)
            for row in await session.scalars(select(OrganizationHourRow))
            if row.served or row.visitors_in
        }
        services: dict[tuple[Any, ...], int] = {
            (row.organization_id, row.hour, row.service_type): row.served
            for row in await session.scalars(select(OrganizationHourServiceRow))
            if row.served
        }
    return found, services


async def recount(database: Database) -> Hours:
    async with database.transaction() as session:
        await rebuild_organization_hours(session)
    return await hours(database)


async def send_readings(client: httpx.AsyncClient, stations: Stations) -> None:
    now = utcnow()
    sent = []
    for offset, name in enumerate(("station_a", "station_b")):
        door, terminal = stations.token(name), stations.token(name, DeviceKind.SERVICE_TERMINAL)
        for seq in range(1, 6):
            at = now - timedelta(hours=seq * 2 + offset, minutes=1)
            sent.append(reading(door, seq, "ENTERED", seq, at=at))
            sent.append(reading(terminal, seq, "SERVICE", 1, at=at, service="LEGAL_AID"))
    body = await execute(client, RECORD_BATCH, {"readings": sent})
    assert body["data"]["recordReadings"]["accepted"] == len(sent), body


async def test_organisation_hours_match_a_recount_after_ingests(
    client: httpx.AsyncClient, stations: Stations, database: Database
) -> None:
    await send_readings(client, stations)

    kept = await hours(database)

    assert kept[0]
    assert kept[1]
    assert kept == await recount(database)


async def test_organisation_hours_match_a_recount_after_a_subtree_moves(
    client: httpx.AsyncClient, stations: Stations, world: World, database: Database
) -> None:
    await send_readings(client, stations)
    moved = await execute(
        client,
        MOVE_ORGANIZATION,
        {"id": world.org_id("street_a"), "to": world.org_id("district_b")},
        token=world.tokens["admin"],
    )
    assert "errors" not in moved, moved

    kept = await hours(database)

    assert kept[0]
    assert kept[1]
    assert kept == await recount(database)
