"""The city-scale generator's learning part (PostgreSQL only: it loads with COPY) at a tiny
shape: courses where they are published, a season of study, and kept figures equal to a
recount."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import text

from db.base import china_day
from db.engine import Database
from db.learning.tallies import YearFigures, subtree_year
from generators.scale.load import generate
from tests.conftest import POSTGRES_URL
from tests.graphql import execute
from tests.test_learning_tallies import recount
from tests.test_scale import CITY, TINY, _sign_in

pytestmark = pytest.mark.skipif(
    POSTGRES_URL is None, reason="the city-scale generator loads with COPY: PostgreSQL only"
)

PUBLISHED = """
SELECT o.level, count(*) FROM learning_courses c JOIN organizations o ON o.id = c.organization_id
WHERE o.path LIKE :prefix GROUP BY o.level
"""
STUDIED = """
SELECT (SELECT count(*) FROM learning_sessions WHERE org_path LIKE :prefix),
       (SELECT count(*) FROM learning_credits WHERE org_path LIKE :prefix),
       (SELECT count(*) FROM learning_checkins WHERE org_path LIKE :prefix),
       (SELECT count(*) FROM learning_quiz_attempts a JOIN learning_accounts s
          ON s.member_id = a.member_id WHERE s.org_path LIKE :prefix),
       (SELECT max(longest_streak) FROM learning_accounts WHERE org_path LIKE :prefix)
"""
COMPLETION = """
query ($id: ID!) {
  learningCompletion(under: $id) { members learners membersMet creditedMinutes checkIns }
}
"""


async def _root(database: Database) -> tuple[int, str]:
    async with database.session() as session:
        row = (
            await session.execute(text("SELECT id, path FROM organizations WHERE code = 'SC'"))
        ).one()
    return int(row[0]), str(row[1])


async def test_the_learning_part_publishes_courses_to_the_city_districts_and_streets(
    database: Database,
) -> None:
    # Given the tiny city (2 districts, 4 streets)
    await generate(database, TINY, progress=lambda _line: None)
    _key, path = await _root(database)
    # When the courses are counted by the level of their publisher
    async with database.session() as session:
        rows = await session.execute(text(PUBLISHED), {"prefix": f"{path}%"})
        published = {str(level): int(count) for level, count in rows}
    # Then the city has the demo's city-wide courses, every district and street one of its own
    assert published == {"city": 6, "district": 2, "street": 4}


async def test_the_learning_part_draws_a_season_of_study_with_kept_figures_equal_a_recount(
    database: Database,
) -> None:
    # Given the tiny city with its season of study
    lines: list[str] = []
    await generate(database, TINY, progress=lines.append)
    key, path = await _root(database)
    # When the rows are counted, and every organisation's kept year is read beside a recount
    async with database.session() as session:
        row = (await session.execute(text(STUDIED), {"prefix": f"{path}%"})).one()
        organizations = [
            int(o) for o in await session.scalars(text("SELECT id FROM organizations"))
        ]
    year = china_day(datetime.now(UTC)).year
    recounted = await recount(database)
    async with database.read() as connection:
        kept = {o: await subtree_year(connection, o, year) for o in organizations}
    # Then there are sessions, credits, check-ins with streaks and quizzes, progress was told,
    # and the kept figures equal the recount everywhere
    sessions, credits, check_ins, attempts, longest = (int(n or 0) for n in row)
    assert sessions > 300
    assert credits > sessions
    assert check_ins > 0
    assert attempts > 0
    assert longest > 1
    assert any(line.startswith("learning: ") and " members, " in line for line in lines)
    assert kept == {
        o: recounted.get((o, year), YearFigures(year, 0, 0, 0, 0, 0)) for o in organizations
    }
    assert kept[key].learners > 0
    assert kept[key].members_met > 0


async def test_the_city_roots_completion_reads_the_generated_study(
    database: Database, client: httpx.AsyncClient
) -> None:
    # Given the tiny city with its season of study, and its bench administrator
    await generate(database, TINY, progress=lambda _line: None)
    token = await _sign_in(client)
    city = (await execute(client, CITY, token=token))["data"]["organizations"]["nodes"][0]
    # When the root's completion is read
    body = await execute(client, COMPLETION, {"id": city["id"]}, token=token)
    # Then it counts the city's learners, their minutes and check-ins
    assert "errors" not in body, body["errors"]
    completion = body["data"]["learningCompletion"]
    assert completion["members"] >= completion["learners"] > 0
    assert completion["creditedMinutes"] > 0
    assert completion["checkIns"] > 0
