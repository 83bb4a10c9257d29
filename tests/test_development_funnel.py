"""The development funnel of a subtree equals a brute-force count of its people, and keeps to
the viewer's scope."""

from __future__ import annotations

import statistics
from calendar import monthrange
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from db.development.models import DevelopmentRow
from db.engine import Database
from db.members.models import MemberRow, MemberStatus
from db.statements import count_statements
from schema.info import today
from tests.factories import create_development, create_member
from tests.graphql import error_codes, execute
from tests.world import World

FUNNEL = """
query ($under: ID) {
  developmentFunnel(under: $under) {
    asOf
    stages { status count medianDaysInStage dueThisMonth }
    due { status possibleFrom member { id } }
  }
}
"""
STAGES = ["APPLICANT", "ACTIVIST", "DEVELOPMENT_TARGET", "PROBATIONARY"]


async def people_in_the_pipeline(database: Database, world: World) -> None:
    """People at every stage in three branches, with dates that put some due this month,
    some overdue and some not yet; a few entered before the pipeline kept dates."""
    t = today()
    async with database.transaction() as session:
        for index, branch in enumerate(("grid_a1", "grid_a2", "grid_b1")):
            for n in range(4):
                days = 40 + 97 * n + 13 * index
                applicant = await create_member(
                    session, world.orgs[branch], status=MemberStatus.APPLICANT, join_date=None
                )
                await create_development(session, applicant, applied_on=t - timedelta(days=days))
                activist = await create_member(
                    session, world.orgs[branch], status=MemberStatus.ACTIVIST, join_date=None
                )
                since = t - timedelta(days=300 + 30 * n + index)  # some due, some not
                await create_development(
                    session, activist, applied_on=since - timedelta(days=90), activist_since=since
                )
                target = await create_member(
                    session,
                    world.orgs[branch],
                    status=MemberStatus.DEVELOPMENT_TARGET,
                    join_date=None,
                )
                await create_development(
                    session,
                    target,
                    activist_since=t - timedelta(days=500 + days),
                    target_since=t - timedelta(days=days),
                )
                vote = t - timedelta(days=330 + 20 * n + index)
                probationary = await create_member(
                    session, world.orgs[branch], status=MemberStatus.PROBATIONARY, join_date=vote
                )
                await create_development(
                    session,
                    probationary,
                    probation_since=vote,
                    probation_ends_on=date(vote.year + 1, vote.month, min(vote.day, 28)),
                )
            # one probationary member from before the pipeline: probation from the join date
            await create_member(
                session,
                world.orgs[branch],
                status=MemberStatus.PROBATIONARY,
                join_date=t - timedelta(days=360),
            )


def year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


async def brute_force(database: Database, path: str) -> dict[str, dict[str, Any]]:
    """Each stage's figures, person by person, from the members and development tables."""
    t = today()
    end = date(t.year, t.month, monthrange(t.year, t.month)[1])
    async with database.session() as session:
        people = (
            await session.execute(
                select(MemberRow, DevelopmentRow)
                .outerjoin(DevelopmentRow, DevelopmentRow.member_id == MemberRow.id)
                .where(MemberRow.org_path.startswith(path))
            )
        ).all()
    figures: dict[str, dict[str, Any]] = {}
    for stage in STAGES:
        days: list[int] = []
        due = 0
        for member, development in people:
            if member.status.name != stage:
                continue
            record = development or DevelopmentRow()
            since: date | None
            next_step: date | None = None
            if stage == "APPLICANT":
                since = record.applied_on
            elif stage == "ACTIVIST":
                since = record.activist_since
                next_step = year_after(since) if since else None
            elif stage == "DEVELOPMENT_TARGET":
                since = record.target_since
            else:
                since = record.probation_since or member.join_date
                assert since is not None
                next_step = record.probation_ends_on or year_after(since)
            assert since is not None
            days.append((t - since).days)
            due += next_step is not None and next_step <= end
        figures[stage] = {
            "status": stage,
            "count": len(days),
            "medianDaysInStage": statistics.median(days) if days else None,
            "dueThisMonth": due,
        }
    return figures


async def test_the_funnel_equals_a_brute_force_count(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given people at every stage in three branches of two districts
    await people_in_the_pipeline(database, world)
    for name in ("city", "district_a", "grid_a2", "district_b"):
        # When the funnel of a subtree is read
        body = await execute(
            client, FUNNEL, {"under": world.org_id(name)}, token=world.tokens["admin"]
        )
        assert "errors" not in body, body
        funnel = body["data"]["developmentFunnel"]
        # Then every stage's figures equal the count person by person
        expected = await brute_force(database, world.orgs[name].path)
        assert funnel["stages"] == [expected[stage] for stage in STAGES], name
        # And the due list holds those counted as due, earliest first
        assert len(funnel["due"]) == sum(stage["dueThisMonth"] for stage in funnel["stages"])
        days = [item["possibleFrom"] for item in funnel["due"]]
        assert days == sorted(days)


async def test_the_funnel_keeps_to_the_viewers_scope(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given people in both districts
    await people_in_the_pipeline(database, world)
    # When the secretary of community A reads the funnel of their whole scope
    body = await execute(client, FUNNEL, {}, token=world.tokens["secretary"])
    # Then it counts community A only, and a subtree outside it is not found
    expected = await brute_force(database, world.orgs["community_a"].path)
    assert body["data"]["developmentFunnel"]["stages"] == [expected[stage] for stage in STAGES]
    outside = await execute(
        client, FUNNEL, {"under": world.org_id("community_b")}, token=world.tokens["secretary"]
    )
    assert error_codes(outside) == ["NOT_FOUND"]
    refused = await execute(client, FUNNEL, {}, token=world.tokens["resident"])
    assert error_codes(refused) == ["FORBIDDEN"]


FUNNEL_WITH_PEOPLE = """
query ($first: Int) {
  developmentFunnel {
    stages { status count }
    due { possibleFrom member { name branch { name } } }
  }
  members(first: $first) { nodes { name } }
}
"""


async def test_the_funnels_due_list_costs_the_same_however_many_are_due(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given the funnel read once with the pipeline seeded once, then with it seeded thrice
    token = world.tokens["admin"]

    async def statements() -> tuple[int, int]:
        with count_statements(app.state.services.database.engine) as seen:
            body = await execute(client, FUNNEL_WITH_PEOPLE, {"first": 1}, token=token)
        assert "errors" not in body, body
        due = len(body["data"]["developmentFunnel"]["due"])
        return due, len([text for text in seen if "FROM events" not in text])

    await people_in_the_pipeline(database, world)
    few, fewer_statements = await statements()
    await people_in_the_pipeline(database, world)
    await people_in_the_pipeline(database, world)
    many, more_statements = await statements()
    # Then three times the people due cost no more statements
    assert many == 3 * few > 0
    assert more_statements == fewer_statements
