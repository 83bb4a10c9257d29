"""Member tallies stay equal to a recount after every kind of member and tree change."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import httpx
from sqlalchemy import select

from db.engine import Database
from db.members.models import PARTY_MEMBER_STATUSES, Education, MemberRow, MemberStatus
from db.members.tallies import MemberTallyRow, age_bands, rebuild_member_tallies
from schema.info import today
from schema.relay import to_global_id
from tests.factories import create_development, create_member
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


COUNTS = """
query ($id: ID!) {
  organization(id: $id) {
    statistics { memberCount pipelineCount membersByStatus { status count } }
    portrait {
      byGender { key count }
      byAgeBand { key count }
      byEducation { key count }
      byEthnicity { key count }
      byOccupation { key count }
    }
  }
}
"""
ADMIT = """
mutation ($id: ID!) {
  admitProbationary(input: {memberId: $id, voteOn: "2025-09-01", votesFor: 9, votesAgainst: 1,
                            votesAbstain: 0, approvedOn: "2025-10-08"}) { member { status } }
}
"""
EVERY_STAGE = list(MemberStatus)


async def people_at_every_stage(database: Database, world: World) -> None:
    """Two people at each stage in every branch, of varied gender, education and age."""
    async with database.transaction() as session:
        for index, branch in enumerate(("grid_a1", "grid_a2", "grid_b1")):
            for step, status in enumerate(EVERY_STAGE * 2):
                await create_member(
                    session,
                    world.orgs[branch],
                    status=status,
                    education=list(Education)[(index + step) % len(Education)],
                    birth_date=date(1950 + 7 * step + index, 3, 1),
                    join_date=None if not status.is_party_member else date(2020, 5, 4),
                )


async def brute_force(database: Database, path: str) -> dict[str, Counter[str]]:
    """Every figure counted from the members table itself, one person at a time."""
    async with database.session() as session:
        people = (
            await session.scalars(select(MemberRow).where(MemberRow.org_path.startswith(path)))
        ).all()
    members = [person for person in people if person.status in PARTY_MEMBER_STATUSES]
    this_year = today().year
    return {
        "status": Counter(person.status.name for person in people),
        "gender": Counter(person.gender.value for person in members),
        "education": Counter(person.education.value for person in members),
        "ethnicity": Counter(person.ethnicity for person in members),
        "occupation": Counter(person.occupation.value for person in members),
        "age_band": Counter(
            age_bands({str(person.birth_date.year): 1}, this_year).popitem()[0]
            for person in members
        ),
    }


def as_counter(buckets: list[dict[str, Any]]) -> Counter[str]:
    return Counter({bucket["key"]: bucket["count"] for bucket in buckets if bucket["count"]})


async def test_member_count_and_portrait_count_party_members_only(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given people at every stage of the pipeline in every branch
    await people_at_every_stage(database, world)
    for name in ("city", "district_a", "community_a", "grid_a1", "grid_b1"):
        # When the statistics and the portrait of the subtree are read
        body = await execute(
            client, COUNTS, {"id": world.org_id(name)}, token=world.tokens["admin"]
        )
        assert "errors" not in body, body
        organization = body["data"]["organization"]
        statistics, portrait = organization["statistics"], organization["portrait"]
        # Then they equal a count of the members table, person by person
        expected = await brute_force(database, world.orgs[name].path)
        by_status = expected["status"]
        assert statistics["memberCount"] == by_status["PROBATIONARY"] + by_status["FULL"]
        assert statistics["pipelineCount"] == (
            by_status["APPLICANT"] + by_status["ACTIVIST"] + by_status["DEVELOPMENT_TARGET"]
        )
        assert {
            row["status"]: row["count"] for row in statistics["membersByStatus"] if row["count"]
        } == dict(by_status)
        for dimension in ("gender", "education", "ethnicity", "occupation"):
            key = "by" + dimension.capitalize()
            assert as_counter(portrait[key]) == expected[dimension], dimension
        assert as_counter(portrait["byAgeBand"]) == expected["age_band"]


async def test_a_step_to_probationary_enters_the_portrait_and_leaves_the_pipeline(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a development target in grid a1, activist for more than a year
    async with database.transaction() as session:
        target = await create_member(
            session,
            world.orgs["grid_a1"],
            status=MemberStatus.DEVELOPMENT_TARGET,
            join_date=None,
            education=Education.DOCTORATE,
        )
        await create_development(
            session,
            target,
            applied_on=date(2023, 3, 1),
            activist_since=date(2024, 3, 1),
            target_since=date(2025, 3, 10),
        )
    city = {"id": world.org_id("city")}
    before = (await execute(client, COUNTS, city, token=world.tokens["admin"]))["data"]
    # When the branch admits them as a probationary member
    stepped = await execute(
        client, ADMIT, {"id": to_global_id("Member", target.id)}, token=world.tokens["admin"]
    )
    assert "errors" not in stepped, stepped
    after = (await execute(client, COUNTS, city, token=world.tokens["admin"]))["data"]
    # Then they count as a member, no longer on the way, and appear in the portrait
    was, now = before["organization"], after["organization"]
    assert now["statistics"]["memberCount"] == was["statistics"]["memberCount"] + 1
    assert now["statistics"]["pipelineCount"] == was["statistics"]["pipelineCount"] - 1
    assert as_counter(now["portrait"]["byEducation"])["doctorate"] == 1
    assert as_counter(was["portrait"]["byEducation"])["doctorate"] == 0
    # And the kept tallies equal a recount
    assert await tallies(database) == await recount(database)
