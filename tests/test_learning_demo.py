"""The demo's learning: courses for the whole city and the demo community, a season of study
whose kept figures match a recount, and the demo `member` with hours and a running streak who
studies a course and checks in today."""

from __future__ import annotations

import httpx

from db.base import china_day, utcnow
from db.engine import Database
from db.learning.tallies import YearFigures
from db.organizations.models import get_organization_by_code
from generators.demo.seed import ROOT_CODE, seed_demo
from schema.relay import to_global_id
from tests.databases import SeedDemo
from tests.graphql import execute
from tests.learning_support import MY_STUDY
from tests.test_co_building_demo import token
from tests.test_learning_tallies import recount

COURSES = "{ courses(first: 50) { totalCount nodes { id title questionCount } } }"
COMPLETION = """
query ($u: ID!) {
  learningCompletion(under: $u) {
    members learners membersMet creditedMinutes checkIns sessions completionRate
  }
}
"""
STUDY = """
mutation ($c: ID!) { startStudySession(courseId: $c) { session { id } } }
"""
FINISH = """
mutation ($s: ID!) {
  finishStudySession(input: {sessionId: $s}) { session { minutes isOpen } }
}
"""
CHECK_IN = "mutation { checkInStudy { streak alreadyCheckedIn } }"


async def test_the_demo_city_has_courses_and_a_season_of_study_its_figures_recount(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    # given the demo seeded twice (the second start writes nothing more)
    await demo(database, members=300, petitions=50, history_days=2)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    admin = await token(client, "admin")
    async with database.session() as session:
        root = await get_organization_by_code(session, ROOT_CODE)
    assert root is not None
    # when the administrator reads the city's courses and this year's completion
    courses = (await execute(client, COURSES, token=admin))["data"]["courses"]
    figures = await execute(
        client, COMPLETION, {"u": to_global_id("Organization", root.id)}, token=admin
    )
    # then the city has its courses, and its figures are the recount's, with studying members
    assert courses["totalCount"] == 8
    year = china_day(utcnow()).year
    expected = (await recount(database)).get((root.id, year), YearFigures(year, 0, 0, 0, 0, 0))
    city = figures["data"]["learningCompletion"]
    assert (
        city["learners"],
        city["membersMet"],
        city["creditedMinutes"],
        city["checkIns"],
        city["sessions"],
    ) == (
        expected.learners,
        expected.members_met,
        expected.minutes,
        expected.checkins,
        expected.sessions,
    )
    assert 0 < city["learners"] <= city["members"]
    assert city["membersMet"] > 0


async def test_the_demo_member_has_hours_and_a_streak_studies_and_checks_in(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    # given the demo, and its party member signed in
    await demo(database, members=300, petitions=50, history_days=2)
    member = await token(client, "member")
    # when they read their study, study a course, and check in today
    before = (await execute(client, MY_STUDY, token=member))["data"]["myStudy"]
    listed = (await execute(client, COURSES, token=member))["data"]["courses"]
    started = await execute(client, STUDY, {"c": listed["nodes"][0]["id"]}, token=member)
    session = started["data"]["startStudySession"]["session"]["id"]
    finished = await execute(client, FINISH, {"s": session}, token=member)
    checked = (await execute(client, CHECK_IN, token=member))["data"]["checkInStudy"]
    # then they had hours and a week's run up to yesterday; today's check-in makes eight
    assert before["creditedMinutes"] > 0
    assert before["currentStreak"] == 7
    assert before["checkedInToday"] is False
    assert listed["totalCount"] == 8  # the city's six and the demo community's two
    assert finished["data"]["finishStudySession"]["session"]["isOpen"] is False
    assert checked == {"streak": 8, "alreadyCheckedIn": False}
