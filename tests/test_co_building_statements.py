"""SQL statements per co-building page are bounded by the query's depth, not its page size."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from tests.co_building_support import CoBuilding, build_co_building, claim, post_need, publish
from tests.factories import create_activity
from tests.graphql import statements_for
from tests.world import World

NEEDS = """
query ($first: Int) {
  coBuildingNeeds(first: $first) {
    totalCount
    nodes { title organization { name } exchanges { status }
            suggestions(first: 3) { score resource { title unit { name } } } }
  }
}
"""
EXCHANGES = """
query ($first: Int) {
  coBuildingExchanges(first: $first) {
    nodes { status nextActions unit { name agreements { startsOn } } need { title }
            resource { title } organization { name } timeline { action actorName } }
  }
}
"""
ACTIVITIES = """
query ($first: Int) {
  activities(first: $first) {
    totalCount nodes { title running organization { name } myRegistration { status } }
  }
}
"""


@pytest.fixture
async def filled(
    client: httpx.AsyncClient, database: Database, world: World, app: Starlette
) -> CoBuilding:
    co = await build_co_building(database, world, app.state.services.tokens)
    for index in range(3):
        await publish(client, co, title=f"资源{index}")
    for index in range(30):
        need = await post_need(client, co, title=f"需求{index}")
        if index % 2 == 0:
            await claim(client, co, need["id"])
    async with database.transaction() as session:
        for _ in range(30):
            await create_activity(session, world.orgs["community_a"])
    return co


@pytest.mark.parametrize(
    ("document", "role"),
    [(NEEDS, "secretary"), (EXCHANGES, "unit"), (ACTIVITIES, "resident")],
    ids=["needs", "exchanges", "activities"],
)
async def test_a_page_costs_the_same_statements_for_5_and_20_items(
    client: httpx.AsyncClient, app: Starlette, filled: CoBuilding, document: str, role: str
) -> None:
    token = filled.token(role)
    five = await statements_for(client, app, document, token, 5)
    assert five == await statements_for(client, app, document, token, 20)
    assert five <= 12
