"""Answers that come back: handlers see the resolutions of closed, well-rated similar petitions;
residents get them at submission only where the category allows instant answers."""

from __future__ import annotations

import httpx

from db.engine import Database
from schema.relay import from_global_id
from tests.graphql import execute
from tests.petition_support import categories, insert_petition, submit
from tests.world import World

SUGGESTED = """
query ($id: ID!) {
  node(id: $id) { ... on Petition { suggestedAnswers { score resolution satisfaction source { id } } } }
}
"""
INSTANT = """
query ($category: ID!, $grid: ID!, $title: String!, $content: String!) {
  petitionInstantAnswers(categoryId: $category, gridId: $grid, title: $title, content: $content) {
    resolution source { id }
  }
}
"""
UNEMPLOYMENT = {"title": "失业金怎么领", "content": "请问失业金在哪里申领，需要带什么材料。"}
ANSWER = "失业保险金可在社区事务受理服务中心或随申办申领，带身份证和社保卡。"


async def _answered(database: Database, world: World, code: str, rating: int) -> str:
    """A closed petition about unemployment benefit of the category, rated `rating`."""
    codes = await categories(database)
    _type, category_id = from_global_id(codes[code])
    return await insert_petition(
        database, world, "closed", title=UNEMPLOYMENT["title"], category_id=category_id,
        content="刚失业，想问失业保险金怎么申领。", resolution=ANSWER, satisfaction=rating,
    )  # fmt: skip


async def test_a_handler_sees_the_answer_of_a_well_rated_similar_petition(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a closed petition rated 5 and one rated 2, both answering the question
    source = await _answered(database, world, "PS-JOBS", 5)
    await _answered(database, world, "PS-JOBS", 2)
    codes = await categories(database)
    asked = await submit(client, world, codes, categoryId=codes["PS-JOBS"], **UNEMPLOYMENT)

    # When its handler reads the new petition
    body = await execute(client, SUGGESTED, {"id": asked["id"]}, token=world.tokens["secretary"])

    # Then the well-rated answer is suggested, with its source
    [answer] = body["data"]["node"]["suggestedAnswers"]
    assert (answer["resolution"], answer["satisfaction"]) == (ANSWER, 5)
    assert answer["source"] == {"id": source}


async def test_a_resident_gets_an_instant_answer_only_where_the_category_allows(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await _answered(database, world, "PS-JOBS", 5)
    await _answered(database, world, "PS-FACILITY", 5)
    codes = await categories(database)

    def ask(code: str) -> dict[str, str]:
        return {"category": codes[code], "grid": world.org_id("grid_a1")} | UNEMPLOYMENT

    jobs = await execute(client, INSTANT, ask("PS-JOBS"), token=world.tokens["resident"])
    repairs = await execute(client, INSTANT, ask("PS-FACILITY"), token=world.tokens["resident"])

    assert jobs["data"]["petitionInstantAnswers"] == [{"resolution": ANSWER, "source": None}]
    assert repairs["data"]["petitionInstantAnswers"] == []
