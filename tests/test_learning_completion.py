"""A subtree's completion and its children's, read from the kept figures: each child's row
is what asking for that child gives, and a page of children costs the same statements
however long."""

from __future__ import annotations

import random

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.statements import count_statements
from tests.factories import create_organization
from tests.graphql import execute
from tests.test_learning_tallies import random_history
from tests.world import World

FIGURES = "members learners membersMet completionRate creditedMinutes averageMinutes checkIns"
ONE = f"query ($o: ID!) {{ learningCompletion(under: $o, year: 2026) {{ {FIGURES} }} }}"
CHILDREN = f"""
query ($o: ID!, $first: Int) {{
  learningCompletion(under: $o, year: 2026) {{
    {FIGURES}
    children(first: $first) {{ totalCount nodes {{ organization {{ id }} {FIGURES} }} }}
  }}
}}
"""


async def test_each_childs_row_is_that_childs_own_completion(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history of study in 2026
    await random_history(app, client, world, database, random.Random(11))
    token = world.tokens["secretary"]
    # when the secretary reads community A's completion with its grids'
    body = await execute(client, CHILDREN, {"o": world.org_id("community_a")}, token=token)
    community = body["data"]["learningCompletion"]
    # then each grid's row is what asking for that grid answers, and they add up
    rows = community["children"]["nodes"]
    assert [row["organization"]["id"] for row in rows] == [
        world.org_id("grid_a1"),
        world.org_id("grid_a2"),
    ]
    for row in rows:
        alone = await execute(client, ONE, {"o": row["organization"]["id"]}, token=token)
        assert {k: v for k, v in row.items() if k != "organization"} == alone["data"][
            "learningCompletion"
        ]
    for figure in ("members", "learners", "membersMet", "creditedMinutes", "checkIns"):
        assert community[figure] == sum(row[figure] for row in rows)
    assert community["members"] == 3


async def test_a_page_of_children_costs_the_same_statements_for_one_and_two(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a city of three districts, so a page of one and a page of two both have more after
    await random_history(app, client, world, database, random.Random(12))
    async with database.transaction() as session:
        await create_organization(session, world.orgs["city"], name="第三区")
    token = world.tokens["admin"]
    counts = []
    for first in (1, 2):
        engine = app.state.services.database.engine
        with count_statements(engine, this_context_only=True) as found:
            body = await execute(
                client, CHILDREN, {"o": world.org_id("city"), "first": first}, token=token
            )
        assert "errors" not in body, body
        counts.append(len(found))
    assert counts[0] == counts[1]
