"""The co-building unit list narrowed by sector and name, page by page, with the
organisations each unit names."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.units.models import UnitSector
from tests.co_building_support import build_co_building
from tests.factories import create_agreement, create_unit
from tests.graphql import execute
from tests.world import World

LIST = """
query ($filter: UnitFilter, $after: String) {
  coBuildingUnits(filter: $filter, first: 1, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { name homeOrganization { name } partyOrganization { name } }
  }
}
"""


async def _pages(
    client: httpx.AsyncClient, token: str, narrow: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every page's unit, one per page, following the cursors."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        body = await execute(client, LIST, {"filter": narrow, "after": after}, token=token)
        assert "errors" not in body, body
        page = body["data"]["coBuildingUnits"]
        found += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


async def test_the_unit_list_narrows_by_sector_and_name_page_by_page(
    client: httpx.AsyncClient, database: Database, world: World, app: Starlette
) -> None:
    # given, beside units A and B, schools registered in community A or serving it
    co = await build_co_building(database, world, app.state.services.tokens)
    o = world.orgs
    async with database.transaction() as session:
        await create_unit(session, o["community_a"], name="实验_学校", sector=UnitSector.SCHOOL,
                          party_org_id=o["grid_a1"].id)  # fmt: skip
        serving = await create_unit(session, o["street_b"], name="实验%学校",
                                    sector=UnitSector.SCHOOL)  # fmt: skip
        await create_agreement(session, serving, o["community_a"])
        await create_unit(session, o["street_b"], name="实验_学校二", sector=UnitSector.SCHOOL)
        await create_unit(session, o["community_a"], name="实验_医院", sector=UnitSector.HOSPITAL)
    narrow = {"sectors": ["SCHOOL"], "nameContains": "实验_"}
    # when community A's secretary and unit B list them narrowed, one per page
    secretary = await _pages(client, co.token("secretary"), narrow)
    schools = await _pages(client, co.token("secretary"), {"sectors": ["SCHOOL"]})
    unit_b = await _pages(client, co.token("unit_b"), {"nameContains": "B医"})
    # then the name is matched as written (no wildcard), with the organisations named
    assert secretary == [
        {"name": "实验_学校", "homeOrganization": {"name": o["community_a"].name},
         "partyOrganization": {"name": o["grid_a1"].name}},
    ]  # fmt: skip
    assert [unit["name"] for unit in schools] == ["实验_学校", "实验%学校"]
    assert schools[1]["homeOrganization"] is None  # street B is outside the secretary's scope
    assert [unit["name"] for unit in unit_b] == ["B医院"]
