"""The command-centre feed: snapshot first, coalesced updates, shared work, scope."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.stations.models import DeviceKind, ServiceType, StationLiveRow
from db.stations.telemetry import ReadingKind, StationHourRow
from resolvers.context import Services
from resolvers.stations.config import StationConfig
from resolvers.stations.screens import Board, compute_board
from resolvers.stations.telemetry import ReadingDraft, ingest
from subscriptions.screen_feeds import CommandCentre, Screen
from tests.graphql import execute
from tests.station_fixtures import Stations, build_stations, reading
from tests.world import World
from tests.ws import SubscriptionClient

SCREEN = """
subscription ($under: ID) {
  commandCentre(under: $under) {
    totals { stations visitorsNow servedToday byStatus { status count } }
    stations { name status occupancy }
  }
}
"""
RECORD = "mutation ($input: ReadingInput!) { recordReading(input: $input) { accepted } }"
INTERVAL = 0.25


@pytest.fixture
async def stations(database: Database, world: World) -> Stations:
    return await build_stations(database, world)


@pytest.fixture
async def centre(app: Starlette) -> AsyncIterator[CommandCentre[Board]]:
    services: Services = app.state.services
    centre = CommandCentre(
        services.hub,
        lambda roots: compute_board(services.database, services.stations, roots),
        interval=INTERVAL,
    )
    yield centre
    await centre.close()


async def next_board(screen: Screen[Board], timeout: float = 5) -> Board:
    async with asyncio.timeout(timeout):
        return await screen.__anext__()


def burst(stations: Stations, count: int) -> list[ReadingDraft]:
    now = utcnow()
    door = stations.token("station_a")
    terminal = stations.token("station_a", DeviceKind.SERVICE_TERMINAL)
    readings = []
    for seq in range(1, count + 1):
        if seq % 4 == 0:
            readings.append(
                ReadingDraft(terminal, seq, now, ReadingKind.SERVICE, 1, ServiceType.LEGAL_AID)
            )
        else:
            kind = ReadingKind.ENTERED if seq % 3 else ReadingKind.LEFT
            readings.append(ReadingDraft(door, seq, now, kind, 1))
    return readings


async def test_a_screen_first_gets_a_complete_snapshot(
    centre: CommandCentre[Board], stations: Stations, world: World
) -> None:
    screen = centre.watch([world.orgs["city"].path])
    board = await next_board(screen)
    assert [line.name for line in board.lines] == ["station_a", "station_b"]
    assert board.totals.stations == 2
    await screen.aclose()


async def test_a_burst_of_1000_readings_yields_a_handful_of_updates_the_last_exact(
    centre: CommandCentre[Board],
    stations: Stations,
    world: World,
    database: Database,
    app: Starlette,
) -> None:
    services: Services = app.state.services
    screen = centre.watch([world.orgs["community_a"].path])
    await next_board(screen)
    readings = burst(stations, 1000)
    for start in range(0, 1000, 50):
        await ingest(database, services.hub.publish, readings[start : start + 50], StationConfig())
    async with database.session() as session:
        live = await session.get_one(StationLiveRow, stations.rows["station_a"].id)
        served = await session.scalar(select(func.sum(StationHourRow.served)))
    updates: list[Board] = []
    async with asyncio.timeout(10):
        while not updates or updates[-1].lines[0].occupancy != live.occupancy:
            updates.append(await next_board(screen))
    await asyncio.sleep(INTERVAL * 3)  # nothing more is coming: the last update was final
    assert len(updates) <= 8
    last = updates[-1].lines[0]
    assert (last.occupancy, last.served_today) == (max(live.occupancy, 0), served)
    assert updates[-1].totals.visitors_now == last.occupancy
    await screen.aclose()


async def test_identical_screens_share_one_computation_per_tick(
    centre: CommandCentre[Board], stations: Stations, world: World, client: httpx.AsyncClient
) -> None:
    path = world.orgs["district_a"].path
    first, second = centre.watch([path]), centre.watch([path])
    assert await next_board(first) is await next_board(second)
    await execute(client, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED")})
    one, other = await next_board(first), await next_board(second)
    assert one is other
    assert one.lines[0].occupancy == 1
    assert len(centre.feeds) == 1
    assert centre.computations == 2
    await first.aclose()
    await second.aclose()


async def test_the_last_screen_leaving_stops_the_feed(
    centre: CommandCentre[Board], stations: Stations, world: World
) -> None:
    screen = centre.watch([world.orgs["city"].path])
    await next_board(screen)
    await screen.aclose()
    assert centre.feeds == {}


async def test_changes_outside_the_subtree_do_not_recompute_a_screen(
    centre: CommandCentre[Board], stations: Stations, world: World, client: httpx.AsyncClient
) -> None:
    screen = centre.watch([world.orgs["community_b"].path])
    await next_board(screen)
    await execute(client, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED")})
    await asyncio.sleep(INTERVAL * 4)
    assert centre.computations == 1
    await screen.aclose()


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def test_a_screen_subscribed_to_a_district_gets_the_snapshot_then_live_changes(
    live_server: str, http: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["partner"])
    await client.subscribe(SCREEN, {"under": world.org_id("district_a")})
    snapshot = (await client.next_payload())["data"]["commandCentre"]
    assert snapshot["stations"] == [{"name": "station_a", "status": "OFFLINE", "occupancy": 0}]
    await execute(http, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED", 2)})
    update = (await client.next_payload())["data"]["commandCentre"]
    assert update["stations"] == [{"name": "station_a", "status": "OPEN", "occupancy": 2}]
    assert update["totals"]["visitorsNow"] == 2
    await client.close()


async def test_a_screen_outside_the_viewers_scope_is_refused(
    live_server: str, stations: Stations, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["outsider"])
    await client.subscribe(SCREEN, {"under": world.org_id("district_a")})
    payload = await client.next_payload()
    assert [e["extensions"]["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    await client.close()


async def test_a_screen_without_under_covers_only_the_viewers_scope(
    live_server: str, stations: Stations, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["outsider"])
    await client.subscribe(SCREEN)
    snapshot = (await client.next_payload())["data"]["commandCentre"]
    assert [s["name"] for s in snapshot["stations"]] == ["station_b"]
    await client.close()
