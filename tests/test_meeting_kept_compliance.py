"""`meetingCompliance`'s subtree figures from kept figures: equal to the branch-by-branch
judgement on random data for months and quarters, and as cheap at the city as for a branch."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.statements import count_statements
from tests.graphql import execute
from tests.test_meeting_subtree_tallies import random_meetings
from tests.world import World

FIGURES = """
query ($under: ID, $period: String) {
  meetingCompliance(under: $under, period: $period) {
    branches compliant compliantShare expected present attendanceRate
  }
}
"""
JUDGED = """
query ($under: ID, $period: String) {
  meetingCompliance(under: $under, period: $period) {
    branches compliant expected present behind { totalCount nodes { held } }
  }
}
"""
PERIODS = ("2025-01", "2025-02", "2025-03", "2025-Q1", "2025-04", "2025-Q2")


async def ask(
    client: httpx.AsyncClient, world: World, document: str, under: str, period: str
) -> dict[str, Any]:
    variables = {"under": world.org_id(under), "period": period}
    body = await execute(client, document, variables, token=world.tokens["admin"])
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["meetingCompliance"]
    return found


async def test_kept_figures_say_what_judging_every_branch_says(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given random meetings across two quarters
    await random_meetings(database, world, seed=7)
    for under in ("city", "community_a", "grid_b1"):
        for period in PERIODS:
            # when the figures are asked alone (kept), and with the branches behind (judged)
            kept = await ask(client, world, FIGURES, under, period)
            judged = await ask(client, world, JUDGED, under, period)
            # then they agree
            assert kept["compliant"] == judged["branches"] - judged["behind"]["totalCount"]
            for name in ("branches", "compliant", "expected", "present"):
                assert kept[name] == judged[name], (under, period, name)


async def test_the_figures_cost_the_same_statements_for_a_branch_and_the_city(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given random meetings
    await random_meetings(database, world, seed=8)
    counted = {}
    for under in ("grid_a1", "city"):
        # when the quarter's figures are read for one branch, then for the city
        with count_statements(app.state.services.database.engine, this_context_only=True) as found:
            await ask(client, world, FIGURES, under, "2025-Q1")
        counted[under] = len(found)
    # then both cost the same statements
    assert counted["grid_a1"] == counted["city"]


BEHIND = """
query ($under: ID, $period: String) {
  meetingCompliance(under: $under, period: $period) {
    behind(first: 20) { totalCount nodes { organization { name } missing { name } held } }
  }
}
"""


async def test_the_branches_behind_cost_the_same_statements_for_a_branch_and_the_city(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given random meetings
    await random_meetings(database, world, seed=9)
    counted = {}
    for under in ("community_a", "city"):
        # when the quarter's branches behind are read for a community, then for the city
        with count_statements(app.state.services.database.engine, this_context_only=True) as found:
            behind = (await ask(client, world, BEHIND, under, "2025-Q1"))["behind"]
        assert behind["nodes"], under  # some branch behind in each
        counted[under] = len(found)
    # then both cost the same statements
    assert counted["community_a"] == counted["city"]
