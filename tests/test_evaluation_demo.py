"""The demo's evaluation: this year's communities scored once (a second start writes nothing
more), and the street's administrator ranks its communities, asks why the last scored low,
and publishes their stars."""

from __future__ import annotations

import httpx

from db.engine import Database
from generators.demo.seed import seed_demo
from tests.graphql import execute
from tests.test_co_building_demo import token

RANKING = """
{ evaluationResults(first: 50) { totalCount
    nodes { total rank stars organization { id name parent { id } } } } }
"""
WHY = """
query ($o: ID!) { evaluationResult(organizationId: $o) {
  total categories { category points } indicators { indicator { code } points explanation } } }
"""
PUBLISH = """
mutation ($o: ID!) { publishEvaluationStars(input: {organizationId: $o}) {
  published { stars publishedAt } } }
"""


async def test_the_street_ranks_its_communities_asks_why_and_publishes(
    client: httpx.AsyncClient, database: Database
) -> None:
    # given the demo seeded twice (the second start writes nothing more)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    admin = await token(client, "admin")
    city = (await execute(client, RANKING, token=admin))["data"]["evaluationResults"]
    assert city["totalCount"] == 49
    # when the street's administrator reads its communities' ranking
    street = await token(client, "street")
    ranking = (await execute(client, RANKING, token=street))["data"]["evaluationResults"]
    nodes = ranking["nodes"]
    # then it holds only its own communities, best first, ranked among each other
    assert 1 < ranking["totalCount"] < 49
    assert len({node["organization"]["parent"]["id"] for node in nodes}) == 1
    assert [node["total"] for node in nodes] == sorted((n["total"] for n in nodes), reverse=True)
    assert nodes[0]["rank"] == 1
    # and the last one's result explains every indicator
    last = nodes[-1]["organization"]["id"]
    why = (await execute(client, WHY, {"o": last}, token=street))["data"]["evaluationResult"]
    assert why["total"] == nodes[-1]["total"]
    assert len(why["indicators"]) == 20
    assert all(item["explanation"] for item in why["indicators"])
    # and it publishes its communities' stars
    parent = nodes[0]["organization"]["parent"]["id"]
    published = await execute(client, PUBLISH, {"o": parent}, token=street)
    stars = published["data"]["publishEvaluationStars"]["published"]
    assert [s["stars"] for s in stars] == [n["stars"] for n in nodes]
