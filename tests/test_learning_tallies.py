"""Kept study figures per subtree and year equal a brute-force recount of the sessions, the
credit ledger and the check-ins, after random study, credits, reversals and check-ins, and
after a subtree moves."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from db.base import china_day
from db.engine import Database
from db.learning.models import CheckInRow, CreditRow, RequirementRow, StudySessionRow
from db.learning.tallies import YearFigures, subtree_year
from db.learning.writes import required_minutes
from db.members.models import MemberRow
from db.paths import path_ids
from resolvers.learning.credits import credit_study, reverse_credit
from resolvers.learning.study import check_in_today, finish_study_session, start_study_session
from schema.relay import from_global_id
from tests.graphql import execute
from tests.learning_support import Learners, at, context_of, make_learners, publish
from tests.world import World

YEARS = (2025, 2026)
NAMES = ("m1", "m2", "m3", "m4")


async def random_history(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database, rng: random.Random
) -> Learners:
    """Sessions, check-ins, manual credits and reversals for every member, over two years."""
    async with database.transaction() as session:  # 2025 asks for two hours, 2026 the default
        session.add(RequirementRow(year=2025, required_minutes=120))
    learners = await make_learners(database, world, app, NAMES)
    course = await publish(client, world, "city")
    course_key = from_global_id(course["id"])[1]
    admin = await context_of(app, database, world.accounts["admin"].id)
    entries: list[int] = []
    for name in NAMES:
        context = await context_of(app, database, learners.accounts[name])
        moment = at("2025-12-20T10:00")
        for _ in range(rng.randint(3, 9)):
            moment += timedelta(hours=rng.choice((5, 14, 20, 30, 47)))
            if rng.random() < 0.5:
                await check_in_today(context, now=moment)
            started = await start_study_session(context, course_key, "c", now=moment)
            elapsed = rng.randint(0, 90)
            moment += timedelta(minutes=elapsed)
            claim = rng.choice((None, 0, min(elapsed, rng.randint(0, 30))))
            await finish_study_session(context, started.id, "s", claim, now=moment)
        for index in range(rng.randint(0, 3)):
            credited = await credit_study(
                admin, world.members[name].id, "m", rng.choice((60, 480, 1500)), "集中学习",
                f"{name}-{index}", now=moment + timedelta(days=index * 200),
            )  # fmt: skip
            entries.append(credited.id)
    async with database.session() as session:
        entries += [row.id for row in (await session.scalars(select(CreditRow))).all()]
    for entry in sorted(set(entries)):
        if rng.random() < 0.25:
            await reverse_credit(admin, entry, "e", "冲销")
    return learners


async def recount(database: Database) -> dict[tuple[int, int], YearFigures]:
    """Every organisation's years, counted member by member from the rows themselves, each
    member where their branch is now."""
    minutes: dict[tuple[int, int], int] = defaultdict(int)  # (member, year)
    figures: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * 5)
    async with database.session() as session:
        result = await session.execute(select(MemberRow.id, MemberRow.org_path))
        paths = {int(key): str(path) for key, path in result}
        for row in (await session.scalars(select(CreditRow))).all():
            minutes[row.member_id, row.year] += row.minutes
        for (member, year), total in minutes.items():
            required = await required_minutes(session, year)
            for organization in path_ids(paths[member]):
                found = figures[organization, year]
                found[0] += total > 0
                found[1] += total >= required
                found[2] += total
        for check_in in (await session.scalars(select(CheckInRow))).all():
            for organization in path_ids(paths[check_in.member_id]):
                figures[organization, check_in.day.year][3] += 1
        finished = select(StudySessionRow).where(StudySessionRow.finished_at.is_not(None))
        for study in (await session.scalars(finished)).all():
            assert study.finished_at is not None
            for organization in path_ids(paths[study.member_id]):
                figures[organization, china_day(study.finished_at).year][4] += 1
    return {key: YearFigures(key[1], *values) for key, values in figures.items()}


async def kept(database: Database, world: World) -> dict[tuple[int, int], YearFigures]:
    async with database.read() as connection:
        return {
            (organization.id, year): await subtree_year(connection, organization.id, year)
            for organization in world.orgs.values()
            for year in YEARS
        }


def expected_of(
    counted: dict[tuple[int, int], YearFigures], world: World
) -> dict[tuple[int, int], YearFigures]:
    return {
        (organization.id, year): counted.get(
            (organization.id, year), YearFigures(year, 0, 0, 0, 0, 0)
        )
        for organization in world.orgs.values()
        for year in YEARS
    }


@pytest.mark.parametrize("seed", [1, 2])
async def test_kept_figures_equal_a_recount_after_random_study(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database, seed: int
) -> None:
    # given a random history of sessions, check-ins, credits and reversals
    await random_history(app, client, world, database, random.Random(seed))
    # when every organisation's years are read from the kept figures, and recounted
    found = await kept(database, world)
    # then they agree for every subtree and year
    assert found == expected_of(await recount(database), world)
    city = world.orgs["city"].id
    assert found[city, 2025].members_met
    assert found[city, 2026].minutes


MOVE = """
mutation ($id: ID!, $to: ID!) {
  moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } }
}
"""


async def test_kept_figures_follow_a_subtree_that_moves(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history, and community A then moved under street B
    await random_history(app, client, world, database, random.Random(3))
    body = await execute(
        client,
        MOVE,
        {"id": world.org_id("community_a"), "to": world.org_id("street_b")},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    # then every subtree's years still equal the recount (street B now holds community A's)
    found = await kept(database, world)
    assert found == expected_of(await recount(database), world)
    assert found[world.orgs["street_a"].id, 2026] == YearFigures(2026, 0, 0, 0, 0, 0)


UPDATE_MEMBER = """
mutation ($id: ID!, $branch: ID!) {
  updateMember(input: {id: $id, branchId: $branch}) { member { id } }
}
"""


async def test_a_member_who_moves_branch_takes_their_figures_with_them_at_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history, then m1 moved from grid A1 to grid B1
    await random_history(app, client, world, database, random.Random(5))
    body = await execute(
        client,
        UPDATE_MEMBER,
        {"id": world.member_id("m1"), "branch": world.org_id("grid_b1")},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    # then, before m1 studies again, every subtree's years equal the recount (m1's whole
    # study now under grid B1)
    found = await kept(database, world)
    assert found == expected_of(await recount(database), world)
    assert found[world.orgs["grid_b1"].id, 2026].minutes


async def test_a_member_who_studies_after_moving_is_counted_where_they_are(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history, m1 moved to grid B1 and checking in there
    learners = await random_history(app, client, world, database, random.Random(6))
    body = await execute(
        client,
        UPDATE_MEMBER,
        {"id": world.member_id("m1"), "branch": world.org_id("grid_b1")},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    context = await context_of(app, database, learners.accounts["m1"])
    await check_in_today(context, now=at("2026-06-01T04:00"))
    # then every subtree's years equal the recount
    found = await kept(database, world)
    assert found == expected_of(await recount(database), world)
    assert found[world.orgs["grid_b1"].id, 2026].checkins >= 1
