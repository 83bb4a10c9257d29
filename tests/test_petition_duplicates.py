"""Suggesting duplicate reports: at submission and for staff, in the grid, scoped."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.statements import count_statements
from tests.graphql import error_codes, execute
from tests.petition_support import categories, submit
from tests.world import World

SUGGEST = """
query ($grid: ID!, $title: String!, $content: String!) {
  petitionDuplicateSuggestions(gridId: $grid, title: $title, content: $content) {
    score reason status reporters petition { id title }
  }
}
"""
CANDIDATES = """
query ($id: ID!) {
  node(id: $id) { ... on Petition { duplicateCandidates { score reason petition { id } } } }
}
"""
LAMP = "3号楼楼道灯坏了一个星期，晚上回家看不见台阶，老人容易摔倒。"
LAMP_AGAIN = {"title": "楼道没有灯", "content": "3号楼楼道的灯坏了好几天了，楼梯一片漆黑。"}


async def _suggest(
    client: httpx.AsyncClient, world: World, role: str, grid: str, text: dict[str, str]
) -> dict[str, Any]:
    variables = {"grid": world.org_id(grid)} | text
    return await execute(client, SUGGEST, variables, token=world.tokens[role])


async def test_a_second_report_of_the_same_lamp_is_suggested_without_its_text_to_a_resident(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given an open report of the lamp of building 3
    codes = await categories(database)
    first = await submit(client, world, codes, title="楼道灯坏了", content=LAMP)

    # When a resident writes another report of it, and a grid worker asks the same
    resident = await _suggest(client, world, "resident", "grid_a1", LAMP_AGAIN)
    worker = await _suggest(client, world, "grid_worker", "grid_a1", LAMP_AGAIN)

    # Then both are told of it, with a score and a reason naming the place
    [found] = resident["data"]["petitionDuplicateSuggestions"]
    assert found["score"] >= 0.28
    assert "3号楼" in found["reason"]
    assert (found["status"], found["reporters"]) == ("SUBMITTED", 1)
    # but only the grid worker reads the petition itself
    assert found["petition"] is None
    [seen] = worker["data"]["petitionDuplicateSuggestions"]
    assert seen["petition"] == {"id": first["id"], "title": "楼道灯坏了"}


async def test_the_same_lamp_of_another_building_or_grid_is_not_suggested(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    await submit(client, world, codes, title="楼道灯坏了", content=LAMP.replace("3号楼", "5号楼"))
    await submit(
        client, world, codes, title="楼道灯坏了", content=LAMP, gridId=world.org_id("grid_a2")
    )

    body = await _suggest(client, world, "grid_worker", "grid_a1", LAMP_AGAIN)

    assert body["data"]["petitionDuplicateSuggestions"] == []


async def test_staff_see_the_candidates_of_a_petition_but_not_itself(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    first = await submit(client, world, codes, title="楼道灯坏了", content=LAMP)
    second = await submit(client, world, codes, **LAMP_AGAIN)

    body = await execute(client, CANDIDATES, {"id": second["id"]}, token=world.tokens["secretary"])

    candidates = body["data"]["node"]["duplicateCandidates"]
    assert [found["petition"]["id"] for found in candidates] == [first["id"]]


async def test_a_grid_outside_ones_reach_is_not_found(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    body = await _suggest(client, world, "outsider", "grid_a1", LAMP_AGAIN)

    assert error_codes(body) == ["NOT_FOUND"]


PAGE = """
query ($first: Int!) {
  petitions(first: $first) {
    nodes { duplicateCandidates { score petition { id } } suggestedAnswers { score source { id } } }
  }
}
"""


async def _statements(client: httpx.AsyncClient, app: Starlette, token: str, first: int) -> int:
    with count_statements(app.state.services.database.engine) as statements:
        body = await execute(client, PAGE, {"first": first}, token=token)
    assert len(body["data"]["petitions"]["nodes"]) == first, body
    return len([s for s in statements if "FROM events" not in s])


async def test_suggestions_for_a_page_cost_the_same_statements_for_2_and_8_petitions(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given eight reports of the lamp over two grids
    codes = await categories(database)
    for index in range(8):
        grid = world.org_id("grid_a1" if index % 2 else "grid_a2")
        await submit(client, world, codes, title="楼道灯坏了", content=LAMP, gridId=grid)
    token = world.tokens["secretary"]

    # When a page of two and one of eight ask for their candidates and answers
    two = await _statements(client, app, token, 2)
    eight = await _statements(client, app, token, 8)

    # Then both cost the same statements, every time: the suggestions answer `petition` and
    # `source` from the rows they scored, with no read by id batched by timing (9 or 10)
    assert (two, eight) == (8, 8)
