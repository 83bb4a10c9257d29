"""The demo's members elsewhere and presence: mobile members with whereabouts, 双报到
registrations, a few members without presence, and kept presence figures equal to a recount
from the first start."""

from __future__ import annotations

import httpx

from db.engine import Database
from db.presence.recount import recount_presence
from generators.demo.seed import seed_demo
from tests.graphql import execute
from tests.test_co_building_demo import token
from tests.test_presence_tallies import kept

CITY = """
{
  absentMembers(first: 100) { totalCount nodes { lastPresentMonth member { status } } }
  mobileMembers(first: 5) { totalCount nodes { whereabouts since timeline { totalCount } } }
  communityRegistrations(first: 5) { totalCount nodes { communityName member { id } } }
}
"""


async def test_the_demo_has_members_elsewhere_and_a_few_without_presence(
    client: httpx.AsyncClient, database: Database
) -> None:
    # given the demo seeded twice (the second start writes nothing more)
    await seed_demo(database, members=600, petitions=50, history_days=1)
    before = await kept(database)
    await seed_demo(database, members=600, petitions=50, history_days=1)
    # when the administrator looks at the city
    body = await execute(client, CITY, token=await token(client, "admin"))
    found = body["data"]
    # then a few Party members have no presence in six months, against hundreds who have
    absent = found["absentMembers"]
    assert 0 < absent["totalCount"] < 0.1 * 600
    assert {node["member"]["status"] for node in absent["nodes"]} <= {"FULL", "PROBATIONARY"}
    # and mobile members have whereabouts and a timeline, and members are registered 双报到
    mobile = found["mobileMembers"]
    assert mobile["totalCount"] > 0
    assert all(
        node["whereabouts"] and node["timeline"]["totalCount"] >= 1 for node in mobile["nodes"]
    )
    registered = found["communityRegistrations"]
    assert registered["totalCount"] > 0
    assert all("社区" in node["communityName"] for node in registered["nodes"])
    # and the kept presence figures are the recount's, unchanged by the second start
    async with database.session() as session:
        assert await kept(database) == await recount_presence(session) == before
