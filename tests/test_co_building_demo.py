"""The demo's co-building: true-looking from the first start, an activity running whatever
the hour, the `unit` account bound to the communities its unit serves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from db.bulk import running_under
from db.engine import Database
from db.organizations.models import get_organization_by_code
from generators.demo.activities import SEASON_FUTURE_DAYS, ensure_running_activities
from generators.demo.names import CITY_CODE, DEMO_PASSWORD
from generators.demo.seed import DEFAULT_SEED
from tests.databases import SeedDemo
from tests.graphql import execute
from tests.test_activity_attendance import assert_ledger_matches_attendance

LOGIN = (
    "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
)
UNIT = """
{ myCoBuildingUnit { name agreements { community { name } } }
  coBuildingNeeds { totalCount } coBuildingResources { totalCount } coBuildingExchanges { totalCount } }
"""
CITY = (
    "{ activityFigures { runningNow } organizationMap(outlines: true, levels: [DISTRICT, STREET]) }"
)


async def token(client: httpx.AsyncClient, username: str) -> str:
    body = await execute(client, LOGIN, {"u": username, "p": DEMO_PASSWORD})
    value: str = body["data"]["login"]["token"]
    return value


async def test_the_demo_has_co_building_and_an_activity_running_now(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    await demo(database, members=300, petitions=50, history_days=2)

    unit = await execute(client, UNIT, token=await token(client, "unit"))
    city = await execute(client, CITY, token=await token(client, "admin"))

    data = unit["data"]
    assert data["myCoBuildingUnit"]["name"] == "江州市第一人民医院"
    served = {a["community"]["name"] for a in data["myCoBuildingUnit"]["agreements"]}
    assert "锦绣社区党委" in served
    assert data["coBuildingNeeds"]["totalCount"] > 0
    assert data["coBuildingResources"]["totalCount"] == 3  # its own only
    assert city["data"]["activityFigures"]["runningNow"] >= 4
    outlines = city["data"]["organizationMap"]["features"]
    assert {f["properties"]["level"] for f in outlines} == {"DISTRICT", "STREET"}
    assert all(f["geometry"]["type"] == "Polygon" for f in outlines)
    await assert_ledger_matches_attendance(database)


async def test_a_later_start_adds_activities_running_then_once(
    database: Database, demo: SeedDemo
) -> None:
    await demo(database, members=300, petitions=50, history_days=2)
    # after the seeded season, where no scheduled activity can be running whatever the hour
    later = datetime.now(UTC) + timedelta(days=SEASON_FUTURE_DAYS + 2, hours=5)
    async with database.transaction() as session:
        root = await get_organization_by_code(session, CITY_CODE)
        assert root is not None
        assert not await running_under(session, root.path, later)
        added = await ensure_running_activities(
            session, root_path=root.path, seed=DEFAULT_SEED, now=later
        )
        again = await ensure_running_activities(
            session, root_path=root.path, seed=DEFAULT_SEED, now=later
        )
        assert await running_under(session, root.path, later)
    assert added == 8
    assert again == 0
