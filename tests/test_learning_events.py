"""Learning's events: a published course reaches who reads courses where it was published; a
member's study reaches who reads learning at their branch, with their study record, and never
another member or another subtree's staff."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.engine import Database
from tests.graphql import execute
from tests.learning_support import make_learners, publish
from tests.world import World

RECENT = """
{
  recentEvents(last: 50) {
    type
    ... on StudyEvent { study { member { id } creditedMinutes currentStreak } }
    ... on CourseEvent { course { title } }
  }
}
"""


async def test_study_events_reach_the_branch_staff_with_the_record_and_no_one_else(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a course of community A, then m1 checks in
    learners = await make_learners(database, world, app)
    await publish(client, world, "community_a")
    body = await execute(client, "mutation { checkInStudy { streak } }", token=learners.token("m1"))
    assert "errors" not in body, body
    # when the secretaries of A and B and members m1 and m2 read the recent events
    seen = {
        who: (await execute(client, RECENT, token=learners.token(who)))["data"]["recentEvents"]
        for who in ("secretary", "outsider", "m1", "m2")
    }
    # then A's secretary has the course and m1's check-in with m1's record
    types = {who: [event["type"] for event in events] for who, events in seen.items()}
    assert types["secretary"] == ["COURSE_PUBLISHED", "STUDY_CHECKED_IN"]
    study = seen["secretary"][1]["study"]
    assert study["member"]["id"] == world.member_id("m1")
    assert study["currentStreak"] == 1
    # and B's secretary none; the members neither the course above their branch nor m1's study
    assert types["outsider"] == []
    assert "STUDY_CHECKED_IN" not in types["m1"] + types["m2"]
