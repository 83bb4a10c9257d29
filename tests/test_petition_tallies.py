"""Petition tallies stay equal to a recount after every kind of petition and tree change."""

from __future__ import annotations

from datetime import timedelta

import httpx
from alembic import command
from sqlalchemy import Connection, select
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.migrate import alembic_config
from db.petitions.tallies import FIGURES, PetitionTallyRow, rebuild_petition_tallies
from resolvers.petitions.deadlines import escalate_overdue
from tests.graphql import execute
from tests.petition_support import advance, categories, insert_petition, submit
from tests.world import World

MOVE_ORGANIZATION = "mutation ($id: ID!, $to: ID!) { moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } } }"
STATISTICS = """
query ($id: ID!) {
  petitionStatistics(under: $id, days: 7) {
    total byStatus { status count } onTimeRate meanHandlingHours satisfactionRate meanSatisfaction
  }
}
"""

Tallies = dict[tuple[object, ...], tuple[int, ...]]


async def tallies(database: Database) -> Tallies:
    """Every tally row that holds something (rows a change emptied are kept at zero)."""
    async with database.session() as session:
        rows = await session.scalars(select(PetitionTallyRow))
        found = {
            (row.organization_id, row.day, row.status, row.category_id): tuple(
                getattr(row, name) for name in FIGURES
            )
            for row in rows
        }
    return {key: sums for key, sums in found.items() if any(sums)}


async def recount(database: Database) -> Tallies:
    async with database.transaction() as session:
        await rebuild_petition_tallies(session)
    return await tallies(database)


async def test_tallies_match_a_recount_after_submission_and_every_workflow_step(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    rated = await submit(client, world, codes)
    rejected = await submit(client, world, codes, gridId=world.org_id("grid_a2"))
    await advance(client, world, rated["id"], ["accept", "assign", "start", "resolve", "rate"])
    await advance(client, world, rated["id"], ["reopen", "resolve", "rate", "close"])
    await advance(client, world, rejected["id"], ["accept", "reject"])

    kept = await tallies(database)

    assert kept
    assert kept == await recount(database)


async def test_tallies_match_a_recount_after_overdue_escalation(
    app: Starlette, world: World, database: Database
) -> None:
    late = utcnow() - timedelta(hours=1)
    for status in ("submitted", "assigned", "in_progress"):
        await insert_petition(database, world, status, deadline_at=late)

    assert await escalate_overdue(app.state.services) == 3

    kept = await tallies(database)
    assert kept
    assert kept == await recount(database)


async def test_tallies_match_a_recount_after_climbing_every_level_to_the_district(
    app: Starlette, world: World, database: Database
) -> None:
    # Given petitions ignored at their grid in every open status
    moment = utcnow()
    for status in ("submitted", "accepted", "assigned", "in_progress"):
        await insert_petition(database, world, status, deadline_at=moment - timedelta(hours=1))
    # When the job runs past each level's deadline until they reach the district
    for _level in range(4):
        await escalate_overdue(app.state.services, now=moment)
        moment += timedelta(days=30)
    # Then the kept tallies equal a recount
    kept = await tallies(database)
    assert kept
    assert kept == await recount(database)


async def test_tallies_match_a_recount_after_a_subtree_moves(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await insert_petition(database, world, "resolved", satisfaction=4)
    await insert_petition(database, world, "submitted")
    moved = await execute(
        client,
        MOVE_ORGANIZATION,
        {"id": world.org_id("street_a"), "to": world.org_id("district_b")},
        token=world.tokens["admin"],
    )
    assert "errors" not in moved, moved

    kept = await tallies(database)

    assert kept
    assert kept == await recount(database)


async def test_statistics_read_from_tallies_equal_those_after_a_rebuild(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    petition = await submit(client, world, codes)
    await advance(client, world, petition["id"], ["accept", "assign", "start", "resolve", "rate"])
    await insert_petition(database, world, "resolved", handling_seconds=7200)
    variables = {"id": world.org_id("city")}
    token = world.tokens["admin"]
    kept = await execute(client, STATISTICS, variables, token=token)

    await recount(database)
    rebuilt = await execute(client, STATISTICS, variables, token=token)

    assert kept["data"]["petitionStatistics"]["total"] == 2
    assert kept["data"] == rebuilt["data"]


async def test_the_migration_that_introduces_them_counts_the_petitions_already_there(
    world: World, database: Database
) -> None:
    await insert_petition(database, world, "rated", satisfaction=5)
    await insert_petition(database, world, "in_progress")
    expected = await tallies(database)

    def reintroduce(connection: Connection) -> None:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
        command.upgrade(config, "head")

    async with database.writes.begin() as connection:
        await connection.run_sync(reintroduce)

    assert expected
    assert await tallies(database) == expected
