"""Mobile members 流动党员: their secretary marks them with where they are now, the member keeps
their own whereabouts up to date once marked, the secretary clears the mark; every step on the
timeline, the member's isMobile flag in step, the list of mobile members within scope."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.members.models import MemberStatus
from tests.dues_support import member_token
from tests.factories import create_member
from tests.graphql import error_codes, execute, statements_for
from tests.world import World

SET = """
mutation ($input: SetMemberWhereaboutsInput!) {
  setMemberWhereabouts(input: $input) {
    mobility { isMobile whereabouts since version organizationName member { id isMobile } }
  }
}
"""
CLEAR = """
mutation ($input: ClearMemberMobilityInput!) {
  clearMemberMobility(input: $input) { mobility { isMobile whereabouts member { isMobile } } }
}
"""
MOBILITY = """
query ($id: ID!) {
  memberMobility(memberId: $id) {
    isMobile whereabouts version
    timeline { nodes { action whereabouts actorName } }
  }
}
"""
MOBILE = """
query ($under: ID) {
  mobileMembers(under: $under) { totalCount nodes { whereabouts member { id } } }
}
"""


async def set_whereabouts(
    client: httpx.AsyncClient, world: World, member: str, token: str, **extra: Any
) -> dict[str, Any]:
    variables = {
        "input": {"memberId": world.member_id(member), "whereabouts": "深圳市南山区", **extra}
    }
    return await execute(client, SET, variables, token=token)


async def test_a_secretary_marks_a_member_mobile_and_the_list_shows_where_they_are(
    client: httpx.AsyncClient, world: World
) -> None:
    # given community A's secretary
    token = world.tokens["secretary"]
    # when they mark m1 mobile, working in Shenzhen, taking part in community B's organisation
    body = await set_whereabouts(
        client, world, "m1", token, organizationId=world.org_id("community_b"), note="务工"
    )
    # then m1 is mobile with those whereabouts, and the mobile members' list shows them
    mobility = body["data"]["setMemberWhereabouts"]["mobility"]
    assert mobility["isMobile"] is True
    assert mobility["member"] == {"id": world.member_id("m1"), "isMobile": True}
    assert (mobility["whereabouts"], mobility["version"]) == ("深圳市南山区", 1)
    assert mobility["organizationName"] == world.orgs["community_b"].name
    listed = (await execute(client, MOBILE, token=token))["data"]["mobileMembers"]
    assert listed == {
        "totalCount": 1,
        "nodes": [{"whereabouts": "深圳市南山区", "member": {"id": world.member_id("m1")}}],
    }
    members = await execute(
        client, "{ members(filter: {isMobile: true}) { totalCount } }", token=token
    )
    assert members["data"]["members"]["totalCount"] == 1


async def test_the_member_updates_their_own_whereabouts_once_marked_and_the_timeline_keeps_all(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's own account
    own = await member_token(database, world, app.state.services.tokens, "m1")
    secretary = world.tokens["secretary"]
    # when m1 tries to mark themself mobile, the secretary marks them, m1 moves on (once with a
    # stale version), and the secretary clears the mark when they are back
    themself = await set_whereabouts(client, world, "m1", own)
    assert "errors" not in await set_whereabouts(client, world, "m1", secretary)
    moved = await set_whereabouts(
        client, world, "m1", own, whereabouts="广州市天河区", expectedVersion=1
    )
    stale = await set_whereabouts(client, world, "m1", own, whereabouts="杭州市", expectedVersion=1)
    cleared = await execute(
        client,
        CLEAR,
        {"input": {"memberId": world.member_id("m1"), "note": "返回"}},
        token=secretary,
    )
    # then only the secretary could mark them; the stale change was a conflict
    assert error_codes(themself) == ["FORBIDDEN"]
    assert moved["data"]["setMemberWhereabouts"]["mobility"]["version"] == 2
    assert error_codes(stale) == ["CONFLICT"]
    assert cleared["data"]["clearMemberMobility"]["mobility"] == {
        "isMobile": False,
        "whereabouts": None,
        "member": {"isMobile": False},
    }
    # and the timeline holds every step, in order, with who took it
    found = await execute(client, MOBILITY, {"id": world.member_id("m1")}, token=own)
    mobility = found["data"]["memberMobility"]
    assert (mobility["isMobile"], mobility["whereabouts"]) == (False, None)
    steps = [(s["action"], s["whereabouts"]) for s in mobility["timeline"]["nodes"]]
    assert steps == [("MARKED", "深圳市南山区"), ("MOVED", "广州市天河区"), ("CLEARED", None)]
    assert mobility["timeline"]["nodes"][0]["actorName"] == world.accounts["secretary"].display_name


async def test_mobility_keeps_to_scope(client: httpx.AsyncClient, world: World) -> None:
    # given m1 marked mobile by community A's secretary
    assert "errors" not in await set_whereabouts(client, world, "m1", world.tokens["secretary"])
    # when community B's secretary, the grid worker of grid A1 and a resident act or read
    outsider_set = await set_whereabouts(client, world, "m1", world.tokens["outsider"])
    outsider_read = await execute(
        client, MOBILITY, {"id": world.member_id("m1")}, token=world.tokens["outsider"]
    )
    outsider_list = await execute(client, MOBILE, token=world.tokens["outsider"])
    grid_set = await set_whereabouts(client, world, "m1", world.tokens["grid_worker"])
    grid_list = await execute(client, MOBILE, token=world.tokens["grid_worker"])
    resident_list = await execute(client, MOBILE, token=world.tokens["resident"])
    # then the outsider finds nothing of m1, the grid worker reads but may not write, the
    # resident may not list members
    assert error_codes(outsider_set) == ["NOT_FOUND"]
    assert outsider_read["data"]["memberMobility"] is None
    assert outsider_list["data"]["mobileMembers"]["totalCount"] == 0
    assert error_codes(grid_set) == ["FORBIDDEN"]
    assert grid_list["data"]["mobileMembers"]["totalCount"] == 1
    assert error_codes(resident_list) == ["FORBIDDEN"]


async def test_bad_whereabouts_are_refused_and_change_nothing(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given an applicant in grid A1
    async with database.transaction() as session:
        world.members["applicant"] = await create_member(
            session, world.orgs["grid_a1"], status=MemberStatus.APPLICANT, join_date=None
        )
    token = world.tokens["secretary"]
    # when whereabouts are empty, too long, dated in the future, or for the applicant
    bad = [
        await set_whereabouts(client, world, "m1", token, whereabouts="  "),
        await set_whereabouts(client, world, "m1", token, whereabouts="远" * 201),
        await set_whereabouts(client, world, "m1", token, since="2999-01-01"),
        await set_whereabouts(client, world, "applicant", token),
        await execute(client, CLEAR, {"input": {"memberId": world.member_id("m2")}}, token=token),
    ]
    # then each is BAD_USER_INPUT and nobody is mobile
    assert [error_codes(body) for body in bad] == [["BAD_USER_INPUT"]] * 5
    listed = await execute(client, MOBILE, token=token)
    assert listed["data"]["mobileMembers"]["totalCount"] == 0


async def test_a_page_of_mobile_members_costs_the_same_statements_whatever_its_length(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given thirty mobile members in grid A2, their whereabouts recorded
    token = world.tokens["secretary"]
    for index in range(30):
        async with database.transaction() as session:
            world.members[f"x{index}"] = await create_member(session, world.orgs["grid_a2"])
        assert "errors" not in await set_whereabouts(client, world, f"x{index}", token)
    document = """
    query ($first: Int) {
      mobileMembers(first: $first) {
        totalCount nodes { whereabouts since organizationName member { name branch { name } } }
      }
    }
    """
    # when a page of 2 and one of 25 are asked for
    counts = [await statements_for(client, app, document, token, n) for n in (2, 25)]
    # then both cost the same statements
    assert counts[0] == counts[1]


async def test_a_flag_cleared_apart_hides_the_whereabouts_until_they_are_set_again(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m1 marked mobile, then their isMobile cleared through updateMember
    token = world.tokens["secretary"]
    assert "errors" not in await set_whereabouts(client, world, "m1", token)
    update = """mutation ($input: UpdateMemberInput!) { updateMember(input: $input) { member { isMobile } } }"""
    body = await execute(
        client, update, {"input": {"id": world.member_id("m1"), "isMobile": False}}, token=token
    )
    assert body["data"]["updateMember"]["member"] == {"isMobile": False}, body
    hidden = await execute(client, MOBILITY, {"id": world.member_id("m1")}, token=token)
    # when the secretary sets their whereabouts again
    again = await set_whereabouts(client, world, "m1", token, whereabouts="成都市高新区")
    # then the stale whereabouts were not shown, and now the member is mobile again, there
    assert (
        hidden["data"]["memberMobility"]["isMobile"],
        hidden["data"]["memberMobility"]["whereabouts"],
    ) == (False, None)
    mobility = again["data"]["setMemberWhereabouts"]["mobility"]
    assert (mobility["isMobile"], mobility["whereabouts"]) == (True, "成都市高新区")
    assert mobility["member"]["isMobile"] is True
