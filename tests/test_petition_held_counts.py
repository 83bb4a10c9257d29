"""Held counts equal what the petition list counts, after every kind of petition and tree
change, and the list's totalCount read from them equals its rows."""

from __future__ import annotations

import random
from datetime import timedelta

import httpx
from sqlalchemy import func, or_, select
from starlette.applications import Starlette

from db.base import china_day, utcnow
from db.engine import Database
from db.organizations.models import OrganizationRow
from db.paths import within_any
from db.petitions.held_counts import PetitionHeldCountRow
from db.petitions.models import PetitionCategoryRow, PetitionRow, PetitionStatus
from db.petitions.tallies import rebuild_petition_tallies
from db.statements import count_statements
from resolvers.petitions.deadlines import escalate_overdue
from tests.graphql import execute
from tests.petition_support import advance, categories, insert_petition, step, submit
from tests.world import World

GRIDS = ("grid_a1", "grid_a2", "grid_b1")
PETITIONS = """
query ($filter: PetitionFilter) {
  petitions(filter: $filter, first: 100) { totalCount nodes { id } }
}
"""
MOVE_ORGANIZATION = "mutation ($id: ID!, $to: ID!) { moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } } }"
SUPERVISE = """
mutation ($input: SupervisePetitionInput!) { supervisePetition(input: $input) { petition { id } } }
"""

Counts = dict[tuple[int, str, int], int]


async def kept(database: Database) -> Counts:
    async with database.session() as session:
        rows = await session.scalars(select(PetitionHeldCountRow))
        found = {(r.organization_id, r.status, r.category_id): r.petitions for r in rows}
    return {key: n for key, n in found.items() if n}


async def listed(database: Database) -> Counts:
    """What the petition list's `under` filter counts, per organisation, status, category."""
    found: Counts = {}
    async with database.session() as session:
        for organization, path in await session.execute(
            select(OrganizationRow.id, OrganizationRow.path)
        ):
            under = or_(
                within_any(PetitionRow.org_path, [path]),
                within_any(PetitionRow.handling_org_path, [path]),
            )
            grouped = (
                select(PetitionRow.status, PetitionRow.category_id, func.count())
                .where(under)
                .group_by(PetitionRow.status, PetitionRow.category_id)
            )
            for status, category, n in await session.execute(grouped):
                found[(organization, str(status), category)] = n
    return found


async def rebuilt(database: Database) -> Counts:
    async with database.transaction() as session:
        await rebuild_petition_tallies(session)
    return await kept(database)


async def category_ids(database: Database) -> list[int]:
    await categories(database)
    async with database.session() as session:
        found = await session.scalars(
            select(PetitionCategoryRow.id).where(PetitionCategoryRow.parent_id.is_not(None))
        )
        return list(found)[:4]


async def random_petitions(database: Database, world: World, count: int, seed: int) -> None:
    """Petitions of random grids, statuses and categories, a third held somewhere else in
    the tree (assigned sideways, escalated, or handled by another district), raised over
    the last twelve days."""
    chance = random.Random(seed)
    today = china_day(utcnow())
    kinds = await category_ids(database)
    places = list(world.orgs)
    for _ in range(count):
        grid = world.orgs[chance.choice(GRIDS)]
        holder = world.orgs[chance.choice(places)] if chance.random() < 0.33 else grid
        await insert_petition(
            database,
            world,
            chance.choice(list(PetitionStatus)).value,
            grid_id=grid.id,
            org_path=grid.path,
            handling_org_id=holder.id,
            handling_org_path=holder.path,
            category_id=chance.choice(kinds),
            day=today - timedelta(days=chance.randrange(12)),
        )


async def test_held_counts_equal_the_lists_count_on_random_petitions(
    world: World, database: Database
) -> None:
    await random_petitions(database, world, 40, seed=7)

    found = await kept(database)

    assert found
    assert found == await listed(database)
    assert found == await rebuilt(database)


async def test_held_counts_follow_the_workflow_and_an_assignment_to_another_grid(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition of grid A1 assigned to grid A2 (off its grid's ancestor chain)
    codes = await categories(database)
    petition = await submit(client, world, codes)
    await advance(client, world, petition["id"], ["accept"])
    assigned = await step(
        client,
        world.tokens["secretary"],
        "assign",
        petition["id"],
        organizationId=world.org_id("grid_a2"),
    )
    assert "errors" not in assigned, assigned
    # When it is handled to the end
    await advance(client, world, petition["id"], ["start", "resolve", "rate", "close"])
    # Then grid A2 holds it, and the counts equal the list's
    found = await kept(database)
    assert sum(n for (org, _s, _c), n in found.items() if org == world.orgs["grid_a2"].id) == 1
    assert found == await listed(database)
    assert found == await rebuilt(database)


async def test_held_counts_follow_overdue_escalation_up_the_chain(
    app: Starlette, world: World, database: Database
) -> None:
    moment = utcnow()
    for status in ("submitted", "assigned", "in_progress"):
        await insert_petition(database, world, status, deadline_at=moment - timedelta(hours=1))

    for _level in range(3):
        await escalate_overdue(app.state.services, now=moment)
        moment += timedelta(days=30)

    found = await kept(database)
    assert found
    assert found == await listed(database)
    assert found == await rebuilt(database)


async def test_held_counts_are_unchanged_by_supervision(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "in_progress")
    before = await kept(database)

    body = await execute(
        client,
        SUPERVISE,
        {"input": {"id": petition_id, "note": "请尽快"}},
        token=world.tokens["admin"],
    )

    assert "errors" not in body, body
    assert await kept(database) == before == await listed(database)


async def test_held_counts_follow_subtree_moves_with_petitions_held_across_them(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given random petitions, some raised in one subtree and held in another
    await random_petitions(database, world, 40, seed=11)
    # When a street moves to the other district, and the other community under that street
    for node, parent in (("street_a", "district_b"), ("community_b", "street_a")):
        moved = await execute(
            client,
            MOVE_ORGANIZATION,
            {"id": world.org_id(node), "to": world.org_id(parent)},
            token=world.tokens["admin"],
        )
        assert "errors" not in moved, moved
    # Then the held counts equal the list's count and a rebuild
    found = await kept(database)
    assert found == await listed(database)
    assert found == await rebuilt(database)


async def list_counts(client: httpx.AsyncClient, token: str, **narrow: object) -> tuple[int, int]:
    body = await execute(client, PETITIONS, {"filter": narrow}, token=token)
    assert "errors" not in body, body
    found = body["data"]["petitions"]
    return found["totalCount"], len(found["nodes"])


async def test_total_count_under_a_node_equals_the_rows_for_status_category_and_kind(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await random_petitions(database, world, 60, seed=3)
    codes = await categories(database)
    token = world.tokens["admin"]
    for under in ("city", "district_a", "community_b", "grid_a2"):
        for narrow in (
            {},
            {"statuses": ["SUBMITTED", "IN_PROGRESS"]},
            {"categoryIds": [codes["PS-FACILITY"]]},
            {"kinds": ["PUBLIC_SERVICE"]},
            {"statuses": ["RESOLVED"], "kinds": ["PUBLIC_SERVICE", "PUBLIC_SAFETY"]},
        ):
            total, rows = await list_counts(client, token, under=world.org_id(under), **narrow)
            assert total == rows, (under, narrow)


async def test_total_count_without_under_adds_the_viewers_own_petitions_raised_elsewhere(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given the resident's petitions in their community and one in another district
    await random_petitions(database, world, 20, seed=5)
    elsewhere = world.orgs["grid_b1"]
    await insert_petition(
        database,
        world,
        "submitted",
        grid_id=elsewhere.id,
        org_path=elsewhere.path,
        handling_org_id=elsewhere.id,
        handling_org_path=elsewhere.path,
    )
    # When the resident and the secretary list without `under`, then totalCount is the rows
    for role in ("resident", "secretary", "admin"):
        for narrow in ({}, {"statuses": ["SUBMITTED"]}):
            total, rows = await list_counts(client, world.tokens[role], **narrow)
            assert total == rows, (role, narrow)


async def test_filters_the_held_counts_cannot_answer_count_the_rows(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await random_petitions(database, world, 20, seed=9)
    under = world.org_id("city")
    token = world.tokens["admin"]
    for narrow in ({"search": "路灯"}, {"channels": ["HOTLINE"]}, {"overdue": False}):
        total, rows = await list_counts(client, token, under=under, **narrow)
        assert total == rows, narrow
    assert (await list_counts(client, token, under=under, search="路灯"))[0] == 20


async def test_the_roots_total_count_reads_the_held_counts_not_the_petitions(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    await random_petitions(database, world, 10, seed=1)
    document = "query ($f: PetitionFilter) { petitions(filter: $f, first: 1) { totalCount } }"
    variables = {"f": {"under": world.org_id("city"), "statuses": ["SUBMITTED"]}}

    with count_statements(app.state.services.database.engine) as statements:
        body = await execute(client, document, variables, token=world.tokens["admin"])

    assert "errors" not in body, body
    counting = [s for s in statements if "count(" in s.lower() or "sum(" in s.lower()]
    assert len(counting) == 1
    assert "petition_held_counts" in counting[0]
