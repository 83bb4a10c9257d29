"""Who a meeting not yet held expects follows membership (db/meetings/membership.py): a member
moved to another branch, transferred out of the platform or no longer a party member is no
longer expected at the meetings not yet held where they left, the branch joined expects them, and meetings held before keep
their record as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from db.members.models import MemberStatus
from schema.info import today
from schema.relay import to_global_id
from tests.factories import create_development, create_member
from tests.graphql import execute
from tests.meeting_support import (
    DECIDE,
    LEAVE,
    Branches,
    advance,
    build_branches,
    check_in,
    data,
    schedule,
)
from tests.test_development_steps import step
from tests.test_members import CREATE, new_member
from tests.test_transfer_leaving import gone_out
from tests.transfer_support import accepted
from tests.world import World

ATTENDEES = """
query ($id: ID!) { meeting(id: $id) {
  attendees excused present attendances { nodes { status member { id } } } } }
"""
MOVE = """
mutation ($input: UpdateMemberInput!) { updateMember(input: $input) { member { version } } }
"""


@pytest.fixture
async def branches(app: Starlette, database: Database, world: World) -> Branches:
    return await build_branches(database, world, app.state.services.tokens)


async def attendees(
    client: httpx.AsyncClient, meeting: dict[str, Any], token: str
) -> tuple[int, int, int, dict[str, str]]:
    """(attendees, excused, present, {member id: status}) as the meeting's secretary reads it."""
    found = data(await execute(client, ATTENDEES, {"id": meeting["id"]}, token=token), "meeting")
    listed = {node["member"]["id"]: node["status"] for node in found["attendances"]["nodes"]}
    return found["attendees"], found["excused"], found["present"], listed


def later(days: int) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


async def test_a_member_moved_to_another_branch_is_expected_there_and_no_longer_where_they_left(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # Given a meeting of grid a1 next week (m1 and m2) and one of grid b1 (m4)
    world = branches.world
    a1 = await schedule(client, branches, starts_at=later(7))
    b1 = await schedule(client, branches, branch="grid_b1", who="outsider", starts_at=later(7))

    # When m1 is moved to grid b1
    moved = await execute(
        client,
        MOVE,
        {"input": {"id": world.member_id("m1"), "branchId": world.org_id("grid_b1")}},
        token=world.tokens["admin"],
    )
    assert "errors" not in moved, moved

    # Then grid a1's meeting expects m2 alone, grid b1's expects m4 and m1
    m1, m2, m4 = (world.member_id(name) for name in ("m1", "m2", "m4"))
    assert await attendees(client, a1, world.tokens["secretary"]) == (
        1, 0, 0, {m2: "EXPECTED"},
    )  # fmt: skip
    assert await attendees(client, b1, world.tokens["outsider"]) == (
        2, 0, 0, {m1: "EXPECTED", m4: "EXPECTED"},
    )  # fmt: skip


async def test_a_full_member_added_to_the_branch_is_expected_at_its_meetings_to_come(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # Given a meeting of grid a1 next week (m1 and m2)
    world = branches.world
    meeting = await schedule(client, branches, starts_at=later(7))

    # When a full member is added to grid a1
    body = await execute(
        client,
        CREATE,
        {"input": new_member(world, status="FULL", joinDate="2015-07-01")},
        token=world.tokens["secretary"],
    )
    added = data(body, "createMember")["member"]["id"]

    # Then the meeting expects them too
    count, _excused, _present, listed = await attendees(client, meeting, world.tokens["secretary"])
    assert (count, listed.get(added)) == (3, "EXPECTED")


async def test_a_transfer_accepted_moves_the_expectation_with_the_member(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # Given a meeting of grid a1 and one of grid b1, both next week
    world = branches.world
    a1 = await schedule(client, branches, starts_at=later(7))
    b1 = await schedule(client, branches, branch="grid_b1", who="outsider", starts_at=later(7))

    # When m1's transfer to grid b1 is accepted
    await accepted(client, world)

    # Then the meeting of the branch left no longer expects m1, the one joined does
    assert (await attendees(client, a1, world.tokens["secretary"]))[0] == 1
    assert world.member_id("m1") in (await attendees(client, b1, world.tokens["outsider"]))[3]


async def test_a_member_gone_out_of_the_platform_is_no_longer_expected_nor_excused(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # Given a meeting next week from which m1 was excused
    world = branches.world
    meeting = await schedule(client, branches, starts_at=later(7))
    leave = await execute(client, LEAVE, {"input": {"meetingId": meeting["id"], "reason": "出差"}},
                          token=branches.token("m1"))  # fmt: skip
    attendance = data(leave, "requestMeetingLeave")["attendance"]
    decided = await execute(client, DECIDE, {"input": {"attendanceId": attendance["id"],
                            "approve": True}}, token=world.tokens["secretary"])  # fmt: skip
    assert "errors" not in decided, decided

    # When m1's transfer out of the platform is completed
    await gone_out(client, world)

    # Then the meeting expects m2 alone, and nobody is excused any more
    assert await attendees(client, meeting, world.tokens["secretary"]) == (
        1, 0, 0, {world.member_id("m2"): "EXPECTED"},
    )  # fmt: skip


async def test_a_meeting_held_before_the_member_left_keeps_them(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # Given a meeting held with m1 present, and one that started an hour ago, not yet recorded
    world = branches.world
    held = await schedule(client, branches)
    assert "errors" not in await check_in(client, branches, held, "m1")
    assert "errors" not in await advance(client, branches, held, "HOLD")
    started = await schedule(client, branches, starts_at=later(0) - timedelta(hours=1))

    # When m1 goes out of the platform
    await gone_out(client, world)

    # Then both keep their record: two attendees, m1 among them (present at the one held)
    m1, m2 = world.member_id("m1"), world.member_id("m2")
    secretary = world.tokens["secretary"]
    assert await attendees(client, held, secretary) == (2, 0, 1, {m1: "PRESENT", m2: "EXPECTED"})
    assert await attendees(client, started, secretary) == (
        2, 0, 0, {m1: "EXPECTED", m2: "EXPECTED"},
    )  # fmt: skip


async def test_a_probation_cancelled_ends_the_expectation(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # Given a probationary member of grid a1 whose year ends today, and a meeting next week
    world = branches.world
    t = today()
    async with database.transaction() as session:
        row = await create_member(
            session,
            world.orgs["grid_a1"],
            status=MemberStatus.PROBATIONARY,
            join_date=t - timedelta(days=365),
            birth_date=date(1995, 4, 2),
        )
        await create_development(
            session, row, probation_since=t - timedelta(days=365), probation_ends_on=t
        )
    member = to_global_id("Member", row.id)
    meeting = await schedule(client, branches, starts_at=later(7))
    assert (await attendees(client, meeting, world.tokens["secretary"]))[0] == 3

    # When the branch cancels the probation
    cancelled = await step(
        client,
        "concludeProbation",
        {"memberId": member, "decision": "CANCEL", "on": t.isoformat(), "reason": "不履行党员义务"},
        world.tokens["secretary"],
    )
    assert "errors" not in cancelled, cancelled

    # Then the meeting no longer expects them
    count, _excused, _present, listed = await attendees(client, meeting, world.tokens["secretary"])
    assert (count, member in listed) == (2, False)
