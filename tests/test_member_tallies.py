"""Member tallies stay equal to a recount after every kind of member and tree change."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from db.engine import Database
from db.members.tallies import MemberTallyRow, age_bands, rebuild_member_tallies
from tests.graphql import execute
from tests.world import World

MOVE_MEMBER = "mutation ($id: ID!, $branch: ID!) { updateMember(input: {id: $id, branchId: $branch, education: MASTER}) { member { id } } }"
MOVE_ORGANIZATION = "mutation ($id: ID!, $to: ID!) { moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } } }"
STATISTICS = "query ($id: ID!) { organization(id: $id) { statistics { memberCount } } }"


async def tallies(database: Database) -> dict[tuple[int, str, str], int]:
    async with database.session() as session:
        rows = await session.scalars(select(MemberTallyRow).where(MemberTallyRow.n != 0))
        return {(row.organization_id, row.dimension, row.key): row.n for row in rows}


async def recount(database: Database) -> dict[tuple[int, str, str], int]:
    async with database.transaction() as session:
        await rebuild_member_tallies(session)
    return await tallies(database)


async def test_tallies_match_a_recount_after_member_and_tree_changes(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    admin = world.tokens["admin"]
    moved = await execute(
        client,
        MOVE_MEMBER,
        {"id": world.member_id("m4"), "branch": world.org_id("grid_a2")},
        token=admin,
    )
    assert "errors" not in moved, moved
    tree = await execute(
        client,
        MOVE_ORGANIZATION,
        {"id": world.org_id("street_a"), "to": world.org_id("district_b")},
        token=admin,
    )
    assert "errors" not in tree, tree
    kept = await tallies(database)
    assert kept == await recount(database)


async def test_statistics_follow_a_moved_subtree(client: httpx.AsyncClient, world: World) -> None:
    admin = world.tokens["admin"]
    await execute(
        client,
        MOVE_ORGANIZATION,
        {"id": world.org_id("street_a"), "to": world.org_id("district_b")},
        token=admin,
    )
    district_a = await execute(client, STATISTICS, {"id": world.org_id("district_a")}, token=admin)
    district_b = await execute(client, STATISTICS, {"id": world.org_id("district_b")}, token=admin)
    assert district_a["data"]["organization"]["statistics"]["memberCount"] == 0
    assert district_b["data"]["organization"]["statistics"]["memberCount"] == 4


def test_age_bands_count_age_by_birth_year() -> None:
    found = age_bands({"2000": 2, "1997": 1, "1996": 4, "1950": 5}, 2026)
    assert found == {"under_30": 3, "30_39": 4, "70_and_over": 5}
