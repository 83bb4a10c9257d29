"""Presence 在场 on fixed data: a member's figures over a window, and the party members
without any (口袋党员 candidates) as their secretary sees them, within scope, at a constant
number of statements per page."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.members.models import MemberStatus
from tests.dues_support import declare, ensure_brackets, month_back, pay
from tests.factories import create_member
from tests.graphql import error_codes, execute, statements_for
from tests.meeting_support import Branches, build_branches, check_in, data, schedule
from tests.world import World

ABSENT = """
query ($under: ID, $months: Int, $first: Int) {
  absentMembers(under: $under, months: $months, first: $first) {
    totalCount
    nodes { since lastPresentMonth presentMonths member { id name branch { name } } }
  }
}
"""
PRESENCE = """
query ($id: ID!, $months: Int) {
  memberPresence(memberId: $id, months: $months) {
    months since meetingsAttended duesMonthsPaid checkIns presentMonths lastPresentMonth
    byMonth { month meetingsAttended duesMonthsPaid checkIns }
  }
}
"""


async def fixed_presence(
    client: httpx.AsyncClient, database: Database, world: World, branches: Branches
) -> None:
    """m1 checked in at a meeting this month; m2 paid the dues of three months ago only;
    m3 (community A) and m4 (community B) did nothing."""
    meeting = await schedule(client, branches)
    data(await check_in(client, branches, meeting, "secretary", member="m1"), "checkInToMeeting")
    await ensure_brackets(database)
    assert "errors" not in await declare(client, world, "m2", months_back=3)
    assert "errors" not in await pay(client, world, "m2", "p-1", months=[month_back(3)])


async def absent(
    client: httpx.AsyncClient, token: str, months: int, under: str | None = None
) -> list[tuple[str, str | None]]:
    body = await execute(client, ABSENT, {"months": months, "under": under}, token=token)
    found = data(body, "absentMembers")
    assert found["totalCount"] == len(found["nodes"])
    return [(node["member"]["id"], node["lastPresentMonth"]) for node in found["nodes"]]


async def test_members_without_presence_in_the_window_are_listed_for_their_secretary(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the fixed presence of community A's members
    branches = await build_branches(database, world, app.state.services.tokens)
    await fixed_presence(client, database, world, branches)
    token = world.tokens["secretary"]
    m = world.member_id
    # when community A's secretary asks for the last three months, then for six
    # then m2 (last seen three months ago) and m3 (never) are absent in three, m3 alone in six
    assert await absent(client, token, 3) == [(m("m2"), month_back(3)), (m("m3"), None)]
    assert await absent(client, token, 6) == [(m("m3"), None)]
    # and a window of one month is this month only
    assert await absent(client, token, 1) == [(m("m2"), month_back(3)), (m("m3"), None)]


async def test_the_absent_list_keeps_to_the_viewers_scope(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the fixed presence
    branches = await build_branches(database, world, app.state.services.tokens)
    await fixed_presence(client, database, world, branches)
    m = world.member_id
    # when community B's secretary, the administrator (for community B) and the grid worker
    # of grid A1 ask
    outsider = await absent(client, world.tokens["outsider"], 6)
    admin_b = await absent(client, world.tokens["admin"], 6, under=world.org_id("community_b"))
    grid = await absent(client, world.tokens["grid_worker"], 3)
    # then each sees the absent members of their own subtree only
    assert outsider == [(m("m4"), None)]
    assert admin_b == [(m("m4"), None)]
    assert grid == [(m("m2"), month_back(3))]
    # and community B's secretary cannot name community A, a resident may not ask at all
    body = await execute(
        client, ABSENT, {"under": world.org_id("community_a")}, token=world.tokens["outsider"]
    )
    assert error_codes(body) == ["NOT_FOUND"]
    body = await execute(client, ABSENT, {}, token=world.tokens["resident"])
    assert error_codes(body) == ["FORBIDDEN"]


async def test_people_on_the_way_are_not_listed_as_absent_members(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given an applicant and an activist in grid A2, never present
    async with database.transaction() as session:
        for status in (MemberStatus.APPLICANT, MemberStatus.ACTIVIST):
            await create_member(session, world.orgs["grid_a2"], status=status, join_date=None)
    # when the secretary asks
    found = await absent(client, world.tokens["secretary"], 6)
    # then only the party members are listed
    m = world.member_id
    assert found == [(m("m1"), None), (m("m2"), None), (m("m3"), None)]


async def test_a_members_presence_counts_meetings_dues_and_months(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the fixed presence
    branches = await build_branches(database, world, app.state.services.tokens)
    await fixed_presence(client, database, world, branches)
    # when the secretary reads m1's and m2's presence over six months
    one = data(
        await execute(
            client, PRESENCE, {"id": world.member_id("m1")}, token=branches.token("secretary")
        ),
        "memberPresence",
    )
    two = data(
        await execute(
            client, PRESENCE, {"id": world.member_id("m2")}, token=branches.token("secretary")
        ),
        "memberPresence",
    )
    # then each counts what they did in the window, month by month
    this_month = month_back(0)
    assert one["months"] == 6
    assert one["since"] == month_back(5)
    assert (one["meetingsAttended"], one["duesMonthsPaid"], one["checkIns"]) == (1, 0, 0)
    assert (one["presentMonths"], one["lastPresentMonth"]) == (1, this_month)
    assert one["byMonth"] == [
        {"month": this_month, "meetingsAttended": 1, "duesMonthsPaid": 0, "checkIns": 0}
    ]
    assert (two["meetingsAttended"], two["duesMonthsPaid"], two["presentMonths"]) == (0, 1, 1)
    assert two["byMonth"][0]["month"] == month_back(3)


async def test_a_member_reads_their_own_presence_and_nobody_elses(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the fixed presence and m1's own account
    branches = await build_branches(database, world, app.state.services.tokens)
    await fixed_presence(client, database, world, branches)
    mine = "{ myPresence { meetingsAttended member { id } } }"
    # when m1 reads their own presence, and m2's
    own = data(await execute(client, mine, token=branches.token("m1")), "myPresence")
    other = await execute(
        client, PRESENCE, {"id": world.member_id("m2")}, token=branches.token("m1")
    )
    # then they see their own, and nothing of m2's
    assert own == {"meetingsAttended": 1, "member": {"id": world.member_id("m1")}}
    assert data(other, "memberPresence") is None
    # and the outsider secretary sees nothing of community A's members
    body = await execute(
        client, PRESENCE, {"id": world.member_id("m1")}, token=world.tokens["outsider"]
    )
    assert data(body, "memberPresence") is None


async def test_a_window_outside_its_bounds_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    for months in (0, 37):
        body = await execute(client, ABSENT, {"months": months}, token=world.tokens["secretary"])
        assert error_codes(body) == ["BAD_USER_INPUT"], months


async def test_a_page_of_absent_members_costs_the_same_statements_whatever_its_length(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given thirty absent members in community A
    async with database.transaction() as session:
        for _ in range(30):
            await create_member(session, world.orgs["grid_a2"])
    document = """
    query ($first: Int) {
      absentMembers(first: $first) {
        totalCount
        nodes { lastPresentMonth meetingsAttended presentMonths byMonth { month }
                member { name branch { name } } }
      }
    }
    """
    token = world.tokens["secretary"]
    # when a page of 2 and a page of 25 are asked for
    counts: list[Any] = [await statements_for(client, app, document, token, n) for n in (2, 25)]
    # then both cost the same statements
    assert counts[0] == counts[1]
