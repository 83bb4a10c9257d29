"""Who sees co-building: a unit sees its own unit, resources and exchanges and the needs of the
communities it serves, nothing else; community staff see their communities'; accounts out of
scope see none of it, in lists, node(id:) lookups and map layers alike."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from tests.co_building_support import CoBuilding, build_co_building, claim, post_need, publish
from tests.graphql import error_codes, execute
from tests.world import World

LISTS = """
{ coBuildingNeeds { totalCount } coBuildingResources { totalCount } coBuildingExchanges { totalCount }
  coBuildingUnits { totalCount } }
"""
NODE = "query ($id: ID!) { node(id: $id) { id } }"
MAP = "{ coBuildingMap }"
MEMBERS = "{ members { totalCount } }"
PETITIONS = "{ petitions { totalCount } }"
STATIONS = "{ stations { totalCount } }"


@pytest.fixture
async def wall(
    client: httpx.AsyncClient, database: Database, world: World, app: Starlette
) -> tuple[CoBuilding, dict[str, str]]:
    co = await build_co_building(database, world, app.state.services.tokens)
    resource = await publish(client, co)
    other = await publish(client, co, role="unit_b", unitId=co.unit_id("b"), title="B的资源")
    need = await post_need(client, co)
    other_need = await post_need(
        client, co, role="outsider", organizationId=world.org_id("community_b")
    )
    exchange = (await claim(client, co, need["id"]))["data"]["claimCoBuildingNeed"]["exchange"]
    ids = {
        "resource": resource["id"], "other_resource": other["id"], "need": need["id"],
        "other_need": other_need["id"], "exchange": exchange["id"], "unit": co.unit_id("a"),
    }  # fmt: skip
    return co, ids


COUNTS: dict[str, dict[str, int]] = {
    # role: needs, resources, exchanges, units
    "unit": {"needs": 1, "resources": 1, "exchanges": 1, "units": 1},
    "unit_b": {"needs": 1, "resources": 1, "exchanges": 0, "units": 1},
    "secretary": {"needs": 1, "resources": 1, "exchanges": 1, "units": 1},
    "admin": {"needs": 2, "resources": 2, "exchanges": 1, "units": 2},
    "outsider": {"needs": 1, "resources": 1, "exchanges": 0, "units": 1},
}


@pytest.mark.parametrize("role", sorted(COUNTS))
async def test_lists_hold_only_what_the_role_may_see(
    client: httpx.AsyncClient, wall: tuple[CoBuilding, dict[str, str]], role: str
) -> None:
    co, _ids = wall
    body = await execute(client, LISTS, token=co.token(role))
    data = body["data"]
    found = {
        "needs": data["coBuildingNeeds"]["totalCount"],
        "resources": data["coBuildingResources"]["totalCount"],
        "exchanges": data["coBuildingExchanges"]["totalCount"],
        "units": data["coBuildingUnits"]["totalCount"],
    }
    assert found == COUNTS[role]


@pytest.mark.parametrize("role", ["resident", "partner"])
async def test_residents_and_partners_see_no_needs_resources_or_exchanges(
    client: httpx.AsyncClient, wall: tuple[CoBuilding, dict[str, str]], role: str
) -> None:
    co, _ids = wall
    body = await execute(client, LISTS, token=co.token(role))
    assert {key: value["totalCount"] for key, value in body["data"].items()} == dict.fromkeys(
        ("coBuildingNeeds", "coBuildingResources", "coBuildingExchanges", "coBuildingUnits"), 0
    )


VISIBLE_BY_ID = {
    "unit": {"resource", "need", "exchange", "unit"},
    "unit_b": {"other_resource", "other_need"},
    "secretary": {"resource", "need", "exchange", "unit"},
    "outsider": {"other_resource", "other_need"},
    "resident": set(),
}


@pytest.mark.parametrize("role", sorted(VISIBLE_BY_ID))
async def test_node_lookups_follow_the_same_rules(
    client: httpx.AsyncClient, wall: tuple[CoBuilding, dict[str, str]], role: str
) -> None:
    co, ids = wall
    seen = set()
    for name, global_id in ids.items():
        body = await execute(client, NODE, {"id": global_id}, token=co.token(role))
        if body["data"]["node"] is not None:
            seen.add(name)
    assert seen == VISIBLE_BY_ID[role]


async def test_a_unit_account_sees_nothing_of_members_petitions_or_stations(
    client: httpx.AsyncClient, wall: tuple[CoBuilding, dict[str, str]]
) -> None:
    co, _ids = wall
    token = co.token("unit")
    members = await execute(client, MEMBERS, token=token)
    petitions = await execute(client, PETITIONS, token=token)
    stations = await execute(client, STATIONS, token=token)

    assert error_codes(members) == ["FORBIDDEN"]
    assert error_codes(petitions) == ["FORBIDDEN"]
    assert stations["data"]["stations"]["totalCount"] == 0


def _names(body: dict[str, Any]) -> set[str]:
    return {feature["properties"]["name"] for feature in body["data"]["coBuildingMap"]["features"]}


async def test_the_wall_on_the_map_respects_scope(
    client: httpx.AsyncClient, wall: tuple[CoBuilding, dict[str, str]]
) -> None:
    co, _ids = wall
    assert _names(await execute(client, MAP, token=co.token("secretary"))) == {
        "老年人健康义诊",
        "老人测血压",
    }
    # the unit's need is claimed (still on the map: it is being handled)
    assert _names(await execute(client, MAP, token=co.token("unit"))) == {
        "老年人健康义诊",
        "老人测血压",
    }
    assert _names(await execute(client, MAP, token=co.token("outsider"))) == {
        "B的资源",
        "老人测血压",
    }
    assert _names(await execute(client, MAP, token=co.token("resident"))) == set()


CREATE_ACTIVITY = """
mutation ($input: CreateActivityInput!) { createActivity(input: $input) { activity { id unit { name } } } }
"""
OWN_ACTIVITIES = "{ activities { totalCount nodes { title } } }"


def activity_input(world: World, community: str, **overrides: Any) -> dict[str, Any]:
    return {
        "organizationId": world.org_id(community), "title": "义诊进社区", "kind": "VOLUNTEER_SERVICE",
        "description": "医生为老人测血压", "startsAt": "2030-05-01T09:00:00+08:00",
        "endsAt": "2030-05-01T11:00:00+08:00", "capacity": 8, "address": "社区广场",
        "longitude": 120.15, "latitude": 30.28, "byUnit": True,
    } | overrides  # fmt: skip


async def test_a_unit_organises_activities_only_in_the_communities_it_serves(
    client: httpx.AsyncClient, wall: tuple[CoBuilding, dict[str, str]]
) -> None:
    co, _ids = wall
    world = co.world
    served = await execute(
        client,
        CREATE_ACTIVITY,
        {"input": activity_input(world, "community_a")},
        token=co.token("unit"),
    )
    elsewhere = await execute(
        client,
        CREATE_ACTIVITY,
        {"input": activity_input(world, "community_b")},
        token=co.token("unit"),
    )
    not_a_unit = await execute(
        client,
        CREATE_ACTIVITY,
        {"input": activity_input(world, "community_a")},
        token=co.token("secretary"),
    )
    own = await execute(client, OWN_ACTIVITIES, token=co.token("unit"))

    assert served["data"]["createActivity"]["activity"]["unit"] == {"name": "A医院"}
    assert error_codes(elsewhere) == ["NOT_FOUND"]  # community B is not in its reach at all
    assert error_codes(not_a_unit) == ["FORBIDDEN"]
    assert own["data"]["activities"]["totalCount"] == 1
