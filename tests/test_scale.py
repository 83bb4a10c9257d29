"""The city-scale generator (PostgreSQL only: it loads with COPY) at a tiny shape."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text

from db.dues.tallies import subtree_months
from db.engine import Database
from db.meetings.subtree_rebuild import kept_compliance_tallies, recount_compliance_tallies
from db.meetings.tallies import kept_meeting_tallies, recount_meeting_tallies
from generators.demo.seed import seed_demo
from generators.scale.city import CityShape
from generators.scale.load import BENCH_PASSWORD, BENCH_USERNAME, PARTS, generate
from resolvers.dues.months import add_months, current_month, months_between
from tests.conftest import POSTGRES_URL
from tests.graphql import execute
from tests.test_dues_tallies import recount

pytestmark = pytest.mark.skipif(
    POSTGRES_URL is None, reason="the city-scale generator loads with COPY: PostgreSQL only"
)

TINY = CityShape(
    districts=2, streets=4, communities=8, grids=24, members=300, petitions=400,
    petition_days=60, word_days=10, stations=12, days=3, volunteers_per_community=12,
    activities_per_community=4, cobuilding_days=30,
)  # fmt: skip
COUNTS = """
SELECT (SELECT count(*) FROM organizations WHERE path LIKE :prefix),
       (SELECT count(*) FROM members WHERE org_path LIKE :prefix),
       (SELECT count(*) FROM petitions WHERE org_path LIKE :prefix),
       (SELECT count(*) FROM petition_steps),
       (SELECT count(*) FROM petition_word_counts WHERE org_path = :root),
       (SELECT count(*) FROM stations WHERE org_path LIKE :prefix),
       (SELECT count(*) FROM station_devices),
       (SELECT count(*) FROM station_live),
       (SELECT count(*) FROM station_hours),
       (SELECT count(*) FROM station_hour_services)
"""
LOGIN = (
    "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
)
CITY = """
{
  organizations(filter: {levels: [CITY]}, first: 1) {
    nodes {
      id
      statistics { memberCount pipelineCount }
    }
  }
}
"""
FIGURES = """
query ($id: ID!) {
  members(filter: {under: $id}, first: 5) { nodes { name } }
  petitionStatistics(under: $id, days: 60) { total overdueNow }
  petitionHotTopics(under: $id, days: 10) { word }
  stationAwareness(under: $id) { totals { stations byStatus { status count } } }
  absentMembers(under: $id, first: 5) { totalCount nodes { member { name } } }
}
"""


async def _counts(database: Database) -> tuple[int, ...]:
    async with database.transaction() as session:
        root = await session.scalar(text("SELECT path FROM organizations WHERE code = 'SC'"))
        row = (await session.execute(text(COUNTS), {"prefix": f"{root}%", "root": root})).one()
    return tuple(int(n) for n in row)


async def _sign_in(client: httpx.AsyncClient) -> str:
    body = await execute(client, LOGIN, {"u": BENCH_USERNAME, "p": BENCH_PASSWORD})
    token: str = body["data"]["login"]["token"]
    return token


async def test_generator_loads_every_part_at_the_given_shape(database: Database) -> None:
    # Given an empty migrated database
    # When the tiny city is generated
    await generate(database, TINY, progress=lambda _line: None)
    # Then every table holds what the shape asks for
    (
        orgs,
        members,
        petitions,
        steps,
        words,
        stations,
        devices,
        live,
        hours,
        services,
    ) = await _counts(database)
    assert (orgs, members, petitions, stations) == (1 + 2 + 4 + 8 + 24, 300, 400, 12)
    assert steps >= 2 * petitions
    assert words > 0
    assert (devices, live) == (3 * stations, stations)
    assert hours > 0
    assert services > 0


async def test_second_run_reuses_every_part(database: Database) -> None:
    # Given a generated city
    await generate(database, TINY, progress=lambda _line: None)
    before = await _counts(database)
    # When the command runs again
    lines: list[str] = []
    await generate(database, TINY, progress=lines.append)
    # Then nothing is added and each part says it was reused
    assert await _counts(database) == before
    assert sum("present" in line for line in lines) == len(PARTS)


async def test_scale_city_shares_a_database_with_the_demo_city(database: Database) -> None:
    # Given the demo city
    await seed_demo(database, members=600, petitions=100, history_days=2)
    # When the scale city is generated beside it
    await generate(database, TINY, progress=lambda _line: None)
    # Then it is complete (no unique ID card, code or token collided)
    assert (await _counts(database))[1] == 300


async def test_api_answers_over_the_generated_city(
    database: Database, client: httpx.AsyncClient
) -> None:
    # Given a generated city and its bench administrator
    await generate(database, TINY, progress=lambda _line: None)
    token = await _sign_in(client)
    # When the front end's figures are asked for at the root
    city = (await execute(client, CITY, token=token))["data"]["organizations"]["nodes"][0]
    body: dict[str, Any] = await execute(client, FIGURES, {"id": city["id"]}, token=token)
    # Then they count the generated data, with stations online
    assert "errors" not in body, body["errors"]
    async with database.session() as session:
        party = await session.scalar(
            text("SELECT count(*) FROM members WHERE status IN ('probationary', 'full')")
        )
    assert city["statistics"]["memberCount"] == party
    assert city["statistics"]["pipelineCount"] == 300 - party
    assert len(body["data"]["members"]["nodes"]) == 5
    assert 0 < body["data"]["petitionStatistics"]["total"] <= 400
    assert body["data"]["petitionHotTopics"]
    # and a few Party members have no presence in six months (the kept figures, drawn)
    assert 0 < body["data"]["absentMembers"]["totalCount"] < party
    by_status = {
        row["status"]: row["count"]
        for row in body["data"]["stationAwareness"]["totals"]["byStatus"]
    }
    assert sum(by_status.values()) == 12
    assert by_status["OFFLINE"] < 12


async def test_parts_load_only_what_is_asked_and_a_later_run_adds_the_rest(
    database: Database,
) -> None:
    # Given only the city part loaded
    await generate(database, TINY, progress=lambda _line: None, parts=("city",))
    assert (await _counts(database))[2:] == (0,) * 8
    # When a later run asks for the stations, then for everything
    await generate(database, TINY, progress=lambda _line: None, parts=("stations",))
    assert (await _counts(database))[2] == 0
    await generate(database, TINY, progress=lambda _line: None)
    # Then the petitions and their words are added to the same city
    _orgs, members, petitions, _steps, words, stations, *_rest = await _counts(database)
    assert (members, petitions, stations) == (300, 400, 12)
    assert words > 0


CO_BUILDING = """
SELECT (SELECT count(*) FROM activities WHERE org_path LIKE :prefix),
       (SELECT coalesce(sum(minutes), 0) FROM activity_registrations),
       (SELECT coalesce(sum(minutes), 0) FROM volunteer_hours),
       (SELECT coalesce(sum(total_minutes), 0) FROM volunteers),
       (SELECT coalesce(sum(t.minutes), 0) FROM volunteer_hour_tallies t
          JOIN organizations o ON o.id = t.organization_id WHERE o.code = 'SC')
"""


async def test_the_co_building_part_keeps_the_ledger_equal_to_the_attendances(
    database: Database,
) -> None:
    await generate(database, TINY, progress=lambda _line: None)
    async with database.transaction() as session:
        root = await session.scalar(text("SELECT path FROM organizations WHERE code = 'SC'"))
        row = (await session.execute(text(CO_BUILDING), {"prefix": f"{root}%"})).one()
    activities, attended, ledger, people, at_root = (int(n) for n in row)
    assert activities == 8 * 4
    assert attended == ledger == people == at_root > 0


ORGLIFE = """
query ($id: ID!) {
  organizationalLife(under: $id) {
    branches compliantThisMonth compliantThisQuarter meetingsHeldThisQuarter
    attendanceRateThisQuarter duesDueMembers duesPaidMembers duesCollectionRate
  }
  meetingCompliance(under: $id) { branches compliant }
}
"""


async def test_the_orglife_part_loads_a_year_of_meetings_and_dues_with_kept_figures_right(
    database: Database, client: httpx.AsyncClient
) -> None:
    # Given the tiny city with its organisational life
    await generate(database, TINY, progress=lambda _line: None)
    token = await _sign_in(client)
    city = (await execute(client, CITY, token=token))["data"]["organizations"]["nodes"][0]
    # When the root's panel and compliance are read
    body = await execute(client, ORGLIFE, {"id": city["id"]}, token=token)
    # Then every branch has a year of meetings, the kept figures equal their recounts, and
    # the panel agrees with the compliance query that judges branch by branch
    assert "errors" not in body, body["errors"]
    panel, judged = body["data"]["organizationalLife"], body["data"]["meetingCompliance"]
    assert panel["branches"] == judged["branches"] == 24
    assert panel["compliantThisQuarter"] == judged["compliant"]
    assert panel["meetingsHeldThisQuarter"] > 0
    assert 0.5 < panel["attendanceRateThisQuarter"] < 1
    assert 0 < panel["duesPaidMembers"] <= panel["duesDueMembers"]
    months = months_between(add_months(current_month(), -11), current_month())
    recounted = await recount(database, months)
    async with database.session() as session:
        assert await kept_meeting_tallies(session) == await recount_meeting_tallies(session)
        assert await kept_compliance_tallies(session) == await recount_compliance_tallies(session)
        root = await session.scalar(text("SELECT id FROM organizations WHERE code = 'SC'"))
        kept = await subtree_months(session, int(root), months[0], months[-1])
    assert kept == recounted[int(root)]
    assert panel["duesDueMembers"] == kept[-1].due_members
