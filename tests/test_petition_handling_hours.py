"""Handling-hour histograms: the percentile read from them is the exact nearest-rank figure
rounded down to its whole hour, and they equal a rebuild after petition and tree changes."""

from __future__ import annotations

import math
import random
from datetime import timedelta

import httpx
from sqlalchemy import select

from db.base import china_day, utcnow
from db.engine import Database
from db.petitions.handling_hours import PetitionHandlingHourRow, nearest_rank
from db.petitions.tallies import rebuild_petition_tallies
from tests.graphql import execute
from tests.petition_support import advance, categories, insert_petition, submit
from tests.world import World

P90 = """
query ($under: ID!) { petitionStatistics(under: $under, days: 7) { p90HandlingHours } }
"""
MOVE_ORGANIZATION = "mutation ($id: ID!, $to: ID!) { moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } } }"
GRIDS = ("grid_a1", "grid_a2", "grid_b1")

Histograms = dict[tuple[object, ...], int]


async def kept(database: Database) -> Histograms:
    async with database.session() as session:
        rows = await session.scalars(select(PetitionHandlingHourRow))
        found = {(r.organization_id, r.day, r.hours): r.petitions for r in rows}
    return {key: n for key, n in found.items() if n}


async def rebuilt(database: Database) -> Histograms:
    async with database.transaction() as session:
        await rebuild_petition_tallies(session)
    return await kept(database)


def exact_p90(seconds: list[int]) -> float:
    ordered = sorted(seconds)
    return ordered[math.ceil(len(ordered) * 0.9) - 1] / 3600


async def random_handled(database: Database, world: World, seed: int) -> dict[str, list[int]]:
    """Resolved petitions of random grids, handling times (a minute to 300 hours) and days
    (the last ten); the handling times of the last seven days per grid."""
    chance = random.Random(seed)
    today = china_day(utcnow())
    window: dict[str, list[int]] = {grid: [] for grid in GRIDS}
    for _ in range(80):
        grid_name = chance.choice(GRIDS)
        grid = world.orgs[grid_name]
        seconds, age = chance.randint(60, 300 * 3600), chance.randint(0, 9)
        await insert_petition(
            database,
            world,
            chance.choice(["resolved", "rated", "closed"]),
            grid_id=grid.id,
            org_path=grid.path,
            handling_org_id=grid.id,
            handling_org_path=grid.path,
            handling_seconds=seconds,
            day=today - timedelta(days=age),
        )
        if age < 7:
            window[grid_name].append(seconds)
    return window


def test_nearest_rank_finds_the_hour_holding_the_rank() -> None:
    histogram = [(0, 5), (3, 4), (7, 1)]

    assert nearest_rank(histogram, 0.5) == 0
    assert nearest_rank(histogram, 0.9) == 3
    assert nearest_rank(histogram, 1.0) == 7
    assert nearest_rank([], 0.9) is None


async def test_p90_is_the_exact_figure_rounded_down_to_its_hour_on_random_data(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    window = await random_handled(database, world, seed=17)
    subtrees = {
        "city": [s for grid in GRIDS for s in window[grid]],
        "community_a": window["grid_a1"] + window["grid_a2"],
        "grid_b1": window["grid_b1"],
    }
    for node, seconds in subtrees.items():
        body = await execute(
            client, P90, {"under": world.org_id(node)}, token=world.tokens["admin"]
        )
        assert "errors" not in body, body
        found = body["data"]["petitionStatistics"]["p90HandlingHours"]
        exact = exact_p90(seconds)
        assert found == math.floor(exact), node
        assert 0 <= exact - found < 1


async def test_histograms_equal_a_rebuild_after_the_workflow_and_a_move(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given handled petitions, one resolved, reopened and resolved again through the API
    await random_handled(database, world, seed=23)
    codes = await categories(database)
    petition = await submit(client, world, codes)
    await advance(client, world, petition["id"], ["accept", "assign", "start", "resolve", "rate"])
    await advance(client, world, petition["id"], ["reopen", "resolve", "rate", "close"])
    # When a street moves to the other district
    moved = await execute(
        client,
        MOVE_ORGANIZATION,
        {"id": world.org_id("street_a"), "to": world.org_id("district_b")},
        token=world.tokens["admin"],
    )
    assert "errors" not in moved, moved
    # Then the kept histograms equal a rebuild
    found = await kept(database)
    assert found
    assert found == await rebuilt(database)
