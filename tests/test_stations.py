"""The station registry, its scoped reads, the map layer and situational awareness."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.statements import count_statements
from db.stations.models import DeviceKind
from db.stations.organization_hours import rebuild_organization_hours
from db.stations.telemetry import StationHourRow, StationHourServiceRow, hour_of, local_hour_of
from tests.graphql import error_codes, execute
from tests.station_fixtures import Stations, add_station, build_stations, reading
from tests.world import World

CREATE = """
mutation ($org: ID!) {
  createStation(input: {organizationId: $org, name: "锦绣站", address: "锦绣路1号",
    longitude: 120.1, latitude: 30.2, capacity: 40, opensAt: "08:30:00", closesAt: "18:00:00",
    weekdays: [1, 2, 3, 4, 5], services: [PARTY_AFFAIRS, LEGAL_AID]}) {
    station { id name openingHours { opensAt closesAt weekdays } services live { status } }
  }
}
"""
ADD_DEVICE = """
mutation ($station: ID!) {
  addStationDevice(input: {stationId: $station, kind: DOOR_COUNTER, name: "正门"}) {
    token device { id kind lastSeq }
  }
}
"""
RECORD = "mutation ($input: ReadingInput!) { recordReading(input: $input) { accepted } }"
STATIONS = """
query ($filter: StationFilter, $first: Int) {
  stations(filter: $filter, first: $first) { totalCount nodes { name } }
}
"""
MAP = "query ($filter: StationFilter) { stationMap(filter: $filter) }"
AWARENESS = """
query ($under: ID) {
  stationAwareness(under: $under) {
    organization { name }
    totals { stations visitorsNow capacity utilisation servedToday servedThisWeek
             byStatus { status count } }
    peakHours(days: 7) { hour served visitors }
    servicesByType(days: 7) { service served }
    children { organization { name } totals { stations } }
  }
}
"""
PAGE = """
query ($first: Int) {
  stations(first: $first) {
    nodes { name organization { name } live { status occupancy } devices { kind }
            awareness { totals { servedToday } } }
  }
}
"""
NODE = "query ($id: ID!) { node(id: $id) { id ... on Station { name } } }"


@pytest.fixture
async def stations(database: Database, world: World) -> Stations:
    return await build_stations(database, world)


def names(body: dict[str, Any]) -> list[str]:
    assert "errors" not in body, body
    return [node["name"] for node in body["data"]["stations"]["nodes"]]


async def test_station_staff_register_a_station_and_its_device_token_works_once_shown(
    client: httpx.AsyncClient, world: World
) -> None:
    token = world.tokens["station_staff"]
    created = await execute(client, CREATE, {"org": world.org_id("community_a")}, token=token)
    station = created["data"]["createStation"]["station"]
    assert station["openingHours"] == {
        "opensAt": "08:30:00",
        "closesAt": "18:00:00",
        "weekdays": [1, 2, 3, 4, 5],
    }
    assert station["live"] == {"status": "OFFLINE"}
    added = await execute(client, ADD_DEVICE, {"station": station["id"]}, token=token)
    device_token = added["data"]["addStationDevice"]["token"]
    body = await execute(client, RECORD, {"input": reading(device_token, 1, "ENTERED")})
    assert body["data"]["recordReading"] == {"accepted": 1}


async def test_a_resident_may_not_register_stations(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, CREATE, {"org": world.org_id("community_a")}, token=world.tokens["resident"]
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_station_staff_may_not_register_stations_outside_their_subtree(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, CREATE, {"org": world.org_id("community_b")}, token=world.tokens["station_staff"]
    )
    assert error_codes(body) == ["NOT_FOUND"]


async def test_each_viewer_lists_only_the_stations_of_their_scope(
    client: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    assert names(await execute(client, STATIONS, token=world.tokens["admin"])) == [
        "station_a",
        "station_b",
    ]
    assert names(await execute(client, STATIONS, token=world.tokens["outsider"])) == ["station_b"]
    body = await execute(
        client,
        STATIONS,
        {"filter": {"under": world.org_id("district_a")}},
        token=world.tokens["outsider"],
    )
    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_station_outside_the_scope_is_null_by_id_and_by_node(
    client: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    body = await execute(
        client, NODE, {"id": stations.station_id("station_a")}, token=world.tokens["outsider"]
    )
    assert body["data"]["node"] is None
    body = await execute(
        client, NODE, {"id": stations.station_id("station_a")}, token=world.tokens["resident"]
    )
    assert body["data"]["node"]["name"] == "station_a"


async def test_a_bounding_box_selects_the_stations_inside_it(
    client: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    box = {"west": 120.0, "south": 30.0, "east": 120.5, "north": 30.5}
    body = await execute(client, STATIONS, {"filter": {"within": box}}, token=world.tokens["admin"])
    assert names(body) == ["station_a"]
    upside_down = {"west": 121.0, "south": 30.0, "east": 120.0, "north": 30.5}
    body = await execute(
        client, STATIONS, {"filter": {"within": upside_down}}, token=world.tokens["admin"]
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_the_map_layer_is_a_geojson_feature_collection(
    client: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    body = await execute(client, MAP, token=world.tokens["partner"])
    collection = body["data"]["stationMap"]
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [120.10, 30.20]}
    assert feature["properties"] == {
        "id": stations.station_id("station_a"),
        "name": "station_a",
        "status": "OFFLINE",
        "occupancy": 0,
        "capacity": 10,
    }


async def add_history(database: Database, stations: Stations) -> None:
    now = utcnow()
    earlier = hour_of(now - timedelta(days=3))
    async with database.transaction() as session:
        for hour, served in ((earlier, 5), (hour_of(now), 2)):
            await session.execute(
                insert(StationHourRow),
                [
                    {
                        "station_id": stations.rows["station_a"].id,
                        "hour": hour,
                        "local_hour": local_hour_of(hour),
                        "readings": served,
                        "visitors_in": served + 1,
                        "visitors_out": 0,
                        "served": served,
                        "peak_occupancy": 0,
                        "peak_queue": 0,
                    }
                ],
            )
            await session.execute(
                insert(StationHourServiceRow),
                [
                    {
                        "station_id": stations.rows["station_a"].id,
                        "hour": hour,
                        "service_type": "legal_aid",
                        "served": served,
                    }
                ],
            )
        await rebuild_organization_hours(session)  # as after any bulk load of station hours


async def test_awareness_rolls_up_a_subtree_from_live_rows_and_rollups(
    client: httpx.AsyncClient, stations: Stations, world: World, database: Database
) -> None:
    await add_history(database, stations)
    await execute(client, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED", 4)})
    body = await execute(
        client, AWARENESS, {"under": world.org_id("district_a")}, token=world.tokens["admin"]
    )
    awareness = body["data"]["stationAwareness"]
    totals = awareness["totals"]
    assert totals["stations"] == 1
    assert totals["visitorsNow"] == 4
    assert totals["utilisation"] == 0.4
    assert totals["servedToday"] == 2
    assert {"status": "OPEN", "count": 1} in totals["byStatus"]
    assert len(awareness["peakHours"]) == 24
    assert sum(hour["served"] for hour in awareness["peakHours"]) == 7
    assert awareness["servicesByType"] == [{"service": "LEGAL_AID", "served": 7}]
    assert awareness["children"] == [
        {"organization": {"name": "A街道党工委"}, "totals": {"stations": 1}}
    ]


async def test_awareness_of_an_organisation_outside_the_scope_is_not_found(
    client: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    body = await execute(
        client, AWARENESS, {"under": world.org_id("district_a")}, token=world.tokens["outsider"]
    )
    assert error_codes(body) == ["NOT_FOUND"]


async def test_statements_per_stations_page_do_not_grow_with_the_page(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    for index in range(30):
        await add_station(database, world.orgs["grid_a1"], f"站{index:02d}")

    async def statements(first: int) -> int:
        with count_statements(app.state.services.database.engine) as seen:
            body = await execute(client, PAGE, {"first": first}, token=world.tokens["admin"])
        assert "errors" not in body, body
        return len([s for s in seen if "FROM events" not in s])

    few = await statements(5)
    assert few == await statements(30)
    assert few <= 10


async def test_device_kinds_are_listed_on_the_station(
    client: httpx.AsyncClient, stations: Stations, world: World
) -> None:
    query = "query ($id: ID!) { station(id: $id) { devices { kind } } }"
    body = await execute(
        client, query, {"id": stations.station_id("station_b")}, token=world.tokens["admin"]
    )
    assert [d["kind"] for d in body["data"]["station"]["devices"]] == [
        kind.name for kind in DeviceKind
    ]


UPDATE = """
mutation ($input: UpdateStationInput!) {
  updateStation(input: $input) {
    station { name capacity openingHours { opensAt closesAt weekdays } services }
  }
}
"""


async def test_station_staff_change_a_stations_hours_and_capacity(
    client: httpx.AsyncClient, world: World
) -> None:
    token = world.tokens["station_staff"]
    created = await execute(client, CREATE, {"org": world.org_id("community_a")}, token=token)
    station_id = created["data"]["createStation"]["station"]["id"]
    body = await execute(
        client,
        UPDATE,
        {"input": {"id": station_id, "capacity": 60, "closesAt": "20:00:00", "weekdays": [6, 7]}},
        token=token,
    )
    station = body["data"]["updateStation"]["station"]
    assert station["name"] == "锦绣站"
    assert station["capacity"] == 60
    assert station["openingHours"] == {
        "opensAt": "08:30:00",
        "closesAt": "20:00:00",
        "weekdays": [6, 7],
    }


async def test_a_bad_station_change_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    token = world.tokens["station_staff"]
    created = await execute(client, CREATE, {"org": world.org_id("community_a")}, token=token)
    station_id = created["data"]["createStation"]["station"]["id"]
    body = await execute(client, UPDATE, {"input": {"id": station_id, "capacity": 0}}, token=token)
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "capacity"}
    grid_worker = await execute(
        client,
        UPDATE,
        {"input": {"id": station_id, "name": "改名"}},
        token=world.tokens["grid_worker"],
    )
    assert error_codes(grid_worker) in (["FORBIDDEN"], ["NOT_FOUND"])
    unchanged = await execute(client, NODE, {"id": station_id}, token=token)
    assert unchanged["data"]["node"]["name"] == "锦绣站"
