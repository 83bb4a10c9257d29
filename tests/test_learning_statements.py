"""SQL statements per learning page are bounded by the query's depth, not its page size."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from tests.graphql import execute, statements_for
from tests.learning_support import Learners, make_learners, publish
from tests.world import World

COURSES = """
query ($first: Int) {
  courses(first: $first) {
    totalCount
    nodes { title organization { name } materials { kind title } questions { text choices }
            myBestScore { bestScore } }
  }
}
"""
SESSIONS = """
query ($first: Int) {
  myStudy { creditedMinutes currentStreak
            sessions(first: $first) { totalCount nodes { minutes course { title } } }
            credits(first: $first) { nodes { kind minutes } } }
}
"""


@pytest.fixture
async def filled(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> Learners:
    learners = await make_learners(database, world, app)
    token = learners.token("m1")
    for index in range(14):
        course = await publish(client, world, ("city", "street_a", "grid_a1")[index % 3])
        started = await execute(
            client,
            "mutation ($c: ID!) { startStudySession(courseId: $c) { session { id } } }",
            {"c": course["id"]},
            token=token,
        )
        session = started["data"]["startStudySession"]["session"]["id"]
        await execute(
            client,
            "mutation ($s: ID!) { finishStudySession(input: {sessionId: $s}) { session { id } } }",
            {"s": session},
            token=token,
        )
    return learners


@pytest.mark.parametrize(
    ("document", "who"),
    [(COURSES, "secretary"), (COURSES, "m1"), (SESSIONS, "m1")],
    ids=["courses-secretary", "courses-member", "sessions"],
)
async def test_a_page_costs_the_same_statements_for_3_and_12_items(
    client: httpx.AsyncClient, app: Starlette, filled: Learners, document: str, who: str
) -> None:
    # given 14 courses, each studied once; when a page of 3 and one of 12 are read
    token = filled.token(who)
    three = await statements_for(client, app, document, token, 3)
    # then both cost the same few statements
    assert three == await statements_for(client, app, document, token, 12)
    assert three <= 12
