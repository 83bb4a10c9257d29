"""Reading results over GraphQL: a street's administrator reads its communities' results and
nobody else's, every indicator explained with its figures and rule, category subtotals, and
a page of results costs the same statements however long."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.engine import Database
from tests.evaluation_support import evaluated_world, street_admin_token
from tests.graphql import error_codes, execute, statements_for
from tests.world import World

RESULTS = """
query ($first: Int) {
  evaluationResults(year: 2026, first: $first) {
    totalCount
    nodes { organization { name } total rank siblings stars computedStars }
  }
}
"""
RESULT = """
query ($o: ID!) {
  evaluationResult(organizationId: $o, year: 2026) {
    total stars framework { year version frozen }
    categories { category points most }
    indicators { indicator { code } raw points figures { name value } explanation }
    trend { year total }
    ratingSteps { action stars }
  }
}
"""
PAGE = """
query ($first: Int) {
  evaluationResults(year: 2026, first: $first) {
    nodes { total organization { name } framework { name }
            indicators { points explanation } categories { points } trend { total } }
  }
}
"""


async def test_a_street_administrator_reads_its_communities_and_not_others(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given 2026 computed for communities A (street A) and B (street B)
    await evaluated_world(database, world)
    token = await street_admin_token(app, database, world)
    # when street A's administrator lists the results
    body = await execute(client, RESULTS, {"first": 10}, token=token)
    # then only community A is there
    found = body["data"]["evaluationResults"]
    assert found["totalCount"] == 1
    assert found["nodes"] == [
        {"organization": {"name": "A社区党委"}, "total": 28.8, "rank": 1, "siblings": 1,
         "stars": 1, "computedStars": 1},
    ]  # fmt: skip
    # and community B's result is not found for them
    other = await execute(client, RESULT, {"o": world.org_id("community_b")}, token=token)
    assert error_codes(other) == ["NOT_FOUND"]


async def test_why_a_community_scored_low_is_answered_with_its_figures_and_rule(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    token = await street_admin_token(app, database, world)
    # when the administrator opens community A's result
    body = await execute(client, RESULT, {"o": world.org_id("community_a")}, token=token)
    result = body["data"]["evaluationResult"]
    by_code = {item["indicator"]["code"]: item for item in result["indicators"]}
    # then the meetings indicator says where its 1.11 of 8 came from
    meetings = by_code["ORG_MEETINGS"]
    assert meetings["points"] == 1.11
    assert meetings["figures"] == [
        {"name": "compliant branch-months", "value": 3.0},
        {"name": "branch-months", "value": 24.0},
    ]
    assert meetings["explanation"] == (
        "3 compliant branch-months / 24 branch-months = 0.125. 三会一课达标率: target 0.9 "
        "(higher is better), weight 8: 8 × 0.125 / 0.9 = 1.11, at most 8."
    )
    # and a hand-entered value names its note and evidence
    assert "街道考察报告2026-07" in by_code["ORG_COMMITTEE"]["explanation"]
    assert by_code["NEG_MEETINGS_MISSED"]["points"] == -5
    # and the subtotals add up to the total
    assert round(sum(c["points"] for c in result["categories"]), 2) == result["total"] == 28.8
    assert result["categories"][0] == {"category": "组织建设", "points": 9.46, "most": 20.0}
    assert result["framework"] == {"year": 2026, "version": 1, "frozen": True}
    assert result["trend"] == [{"year": 2026, "total": 28.8}]
    assert result["ratingSteps"] == [{"action": "COMPUTED", "stars": 1}]


async def test_who_reads_no_evaluation_is_refused_naming_the_permission(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    body = await execute(client, RESULTS, {"first": 10}, token=world.tokens["grid_worker"])
    assert error_codes(body) == ["FORBIDDEN"]
    assert "read_evaluation" in body["errors"][0]["message"]


async def test_a_page_of_results_costs_the_same_statements_for_one_and_two(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    token = world.tokens["admin"]
    one = await statements_for(client, app, PAGE, token, 1)
    two = await statements_for(client, app, PAGE, token, 2)
    assert one == two


UNDER = """
query ($u: ID) { evaluationResults(under: $u, year: 2026, first: 100) {
  totalCount nodes { organization { name } } } }
"""


async def test_the_kept_total_of_any_subtree_equals_its_listed_results(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    token = world.tokens["admin"]
    for under, expected in (("city", 2), ("district_a", 1), ("community_b", 1), ("grid_a1", 0)):
        body = await execute(client, UNDER, {"u": world.org_id(under)}, token=token)
        found = body["data"]["evaluationResults"]
        assert found["totalCount"] == len(found["nodes"]) == expected, under
