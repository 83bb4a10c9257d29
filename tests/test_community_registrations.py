"""双报到: a member of another branch registers with the community they live in; the community
lists them as registered, never as its own (its memberCount does not move), its secretary sees
them and nothing more of them; registration and its end are on the timeline, once at a time."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from tests.dues_support import member_token
from tests.factories import create_member
from tests.graphql import error_codes, execute, statements_for
from tests.world import World

REGISTER = """
mutation ($input: RegisterWithCommunityInput!) {
  registerWithCommunity(input: $input) {
    registration { id active version communityName member { id } }
  }
}
"""
END = """
mutation ($input: EndCommunityRegistrationInput!) {
  endCommunityRegistration(input: $input) {
    registration { active endReason version timeline { nodes { action note } } }
  }
}
"""
LISTED = """
query ($under: ID, $activeOnly: Boolean) {
  communityRegistrations(under: $under, activeOnly: $activeOnly) {
    totalCount
    nodes { active communityName member { id name personalDataMasked phone } }
  }
}
"""
COUNT = "query ($id: ID!) { node(id: $id) { ... on Organization { statistics { memberCount } } } }"
MEMBER = "query ($id: ID!) { member(id: $id) { id } }"


async def register(
    client: httpx.AsyncClient, world: World, member: str, token: str, **extra: Any
) -> dict[str, Any]:
    variables = {"input": {"memberId": world.member_id(member), **extra}}
    return await execute(client, REGISTER, variables, token=token)


async def member_count(client: httpx.AsyncClient, world: World, org: str) -> int:
    body = await execute(client, COUNT, {"id": world.org_id(org)}, token=world.tokens["admin"])
    count: int = body["data"]["node"]["statistics"]["memberCount"]
    return count


async def test_a_registered_member_is_listed_by_the_community_but_not_counted_as_its_own(
    client: httpx.AsyncClient, world: World
) -> None:
    # given community A's member count, and m4 of community B's grid
    before = await member_count(client, world, "community_a")
    # when m4's secretary registers them with community A, where they live
    body = await register(
        client, world, "m4", world.tokens["outsider"], communityId=world.org_id("community_a")
    )
    registration = body["data"]["registerWithCommunity"]["registration"]
    # then community A's secretary lists them as registered, masked, and its count is unchanged
    assert registration["active"] is True
    assert registration["communityName"] == world.orgs["community_a"].name
    listed = (await execute(client, LISTED, token=world.tokens["secretary"]))["data"]
    (node,) = listed["communityRegistrations"]["nodes"]
    assert node["member"]["id"] == world.member_id("m4")
    assert node["member"]["personalDataMasked"] is True
    assert "*" in node["member"]["phone"]
    assert await member_count(client, world, "community_a") == before
    # and m4 is still no member of community A for anything else
    found = await execute(
        client, MEMBER, {"id": world.member_id("m4")}, token=world.tokens["secretary"]
    )
    assert found["data"]["member"] is None


async def test_registrations_keep_to_both_sides_scopes(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m4 registered with community A by themself
    own = await member_token(database, world, app.state.services.tokens, "m4")
    body = await register(client, world, "m4", own, communityId=world.org_id("community_a"))
    registration_id = body["data"]["registerWithCommunity"]["registration"]["id"]
    node = "query ($id: ID!) { node(id: $id) { ... on CommunityRegistration { active } } }"
    mine = """query ($id: ID!) { memberCommunityRegistrations(memberId: $id) {
      totalCount nodes { communityName } } }"""
    # when each role lists registrations and looks the registration up
    listed = {
        who: await execute(client, LISTED, token=world.tokens[who])
        for who in ("secretary", "admin", "grid_worker", "outsider")
    }
    looked_up = {
        who: (await execute(client, node, {"id": registration_id}, token=world.tokens[who]))[
            "data"
        ]["node"]
        for who in ("secretary", "outsider", "grid_worker", "partner")
    }
    own_side = await execute(
        client, mine, {"id": world.member_id("m4")}, token=world.tokens["outsider"]
    )
    other_side = await execute(
        client, mine, {"id": world.member_id("m4")}, token=world.tokens["grid_worker"]
    )
    resident = await execute(client, LISTED, token=world.tokens["resident"])
    # then the community's secretary and the admin list it; the grid worker (below the community)
    # and the member's own secretary do not list it as theirs
    totals = {
        who: body["data"]["communityRegistrations"]["totalCount"] for who, body in listed.items()
    }
    assert totals == {"secretary": 1, "admin": 1, "grid_worker": 0, "outsider": 0}
    # and the registration is reachable by the community's side and the member's side only
    assert looked_up == {
        "secretary": {"active": True},
        "outsider": {"active": True},
        "grid_worker": None,
        "partner": None,
    }
    assert own_side["data"]["memberCommunityRegistrations"]["nodes"] == [
        {"communityName": world.orgs["community_a"].name}
    ]
    assert other_side["data"]["memberCommunityRegistrations"] is None
    assert error_codes(resident) == ["FORBIDDEN"]


async def test_ending_a_registration_is_on_its_timeline_and_happens_once(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m4 registered with community A
    body = await register(
        client, world, "m4", world.tokens["outsider"], communityId=world.org_id("community_a")
    )
    registration_id = body["data"]["registerWithCommunity"]["registration"]["id"]
    end = {"input": {"id": registration_id, "reason": "搬离本社区", "expectedVersion": 1}}
    # when community A's secretary ends it, and again
    ended = await execute(client, END, end, token=world.tokens["secretary"])
    again = await execute(client, END, end, token=world.tokens["secretary"])
    # then it ended once, on the timeline, and the active list no longer shows it
    registration = ended["data"]["endCommunityRegistration"]["registration"]
    assert (registration["active"], registration["endReason"], registration["version"]) == (
        False,
        "搬离本社区",
        2,
    )
    assert [step["action"] for step in registration["timeline"]["nodes"]] == ["REGISTERED", "ENDED"]
    assert error_codes(again) == ["BAD_USER_INPUT"]
    token = world.tokens["secretary"]
    active = await execute(client, LISTED, token=token)
    every = await execute(client, LISTED, {"activeOnly": False}, token=token)
    assert active["data"]["communityRegistrations"]["totalCount"] == 0
    assert every["data"]["communityRegistrations"]["nodes"][0]["active"] is False
    # and m4 may register anew
    anew = await register(
        client, world, "m4", world.tokens["outsider"], communityId=world.org_id("community_a")
    )
    assert "errors" not in anew


async def test_bad_registrations_are_refused(client: httpx.AsyncClient, world: World) -> None:
    token = world.tokens["outsider"]
    # when m4 is registered with a grid, with their own community, twice, or by a stranger
    grid = await register(client, world, "m4", token, communityId=world.org_id("grid_a1"))
    home = await register(client, world, "m4", token, communityId=world.org_id("community_b"))
    first = await register(client, world, "m4", token, communityId=world.org_id("community_a"))
    second = await register(client, world, "m4", token, communityId=world.org_id("community_a"))
    stranger = await register(client, world, "m1", token, communityId=world.org_id("community_b"))
    reader = await register(
        client, world, "m1", world.tokens["grid_worker"], communityId=world.org_id("community_b")
    )
    # then each is refused with its reason, and one registration exists
    assert error_codes(grid) == ["BAD_USER_INPUT"]
    assert error_codes(home) == ["BAD_USER_INPUT"]
    assert "errors" not in first
    assert error_codes(second) == ["CONFLICT"]
    assert error_codes(stranger) == ["NOT_FOUND"]
    assert error_codes(reader) == ["FORBIDDEN"]


async def test_two_registrations_racing_register_once(
    client: httpx.AsyncClient, world: World
) -> None:
    # when m4's secretary sends two registrations at once
    token = world.tokens["outsider"]
    bodies = await asyncio.gather(
        *(
            register(client, world, "m4", token, communityId=world.org_id("community_a"))
            for _ in "ab"
        )
    )
    # then one registered and the other is a conflict
    assert sorted(str(error_codes(body)) for body in bodies) == ["['CONFLICT']", "[]"]
    listed = await execute(client, LISTED, token=world.tokens["secretary"])
    assert listed["data"]["communityRegistrations"]["totalCount"] == 1


async def test_a_page_of_registrations_costs_the_same_statements_whatever_its_length(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given thirty members of grid B1 registered with community A
    for index in range(30):
        async with database.transaction() as session:
            world.members[f"r{index}"] = await create_member(session, world.orgs["grid_b1"])
        body = await register(
            client,
            world,
            f"r{index}",
            world.tokens["outsider"],
            communityId=world.org_id("community_a"),
        )
        assert "errors" not in body, body
    document = """
    query ($first: Int) {
      communityRegistrations(first: $first) {
        totalCount nodes { registeredOn communityName community { name }
                           member { name personalDataMasked branch { name } } }
      }
    }
    """
    # when a page of 2 and one of 25 are asked for
    token = world.tokens["secretary"]
    counts = [await statements_for(client, app, document, token, n) for n in (2, 25)]
    # then both cost the same statements
    assert counts[0] == counts[1]


async def test_the_communitys_secretary_sees_a_registered_members_presence_while_registered(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m4 registered with community A
    body = await register(
        client, world, "m4", world.tokens["outsider"], communityId=world.org_id("community_a")
    )
    registration_id = body["data"]["registerWithCommunity"]["registration"]["id"]
    presence = "query ($id: ID!) { memberPresence(memberId: $id) { months member { id } } }"
    variables = {"id": world.member_id("m4")}
    # when community A's secretary and its grid worker read m4's presence, then again after
    # the registration ended
    during = await execute(client, presence, variables, token=world.tokens["secretary"])
    grid = await execute(client, presence, variables, token=world.tokens["grid_worker"])
    end = {"input": {"id": registration_id, "reason": "搬离本社区"}}
    assert "errors" not in await execute(client, END, end, token=world.tokens["secretary"])
    after = await execute(client, presence, variables, token=world.tokens["secretary"])
    # then the community's secretary saw it while m4 was registered, and nobody else did
    assert during["data"]["memberPresence"]["member"] == {"id": world.member_id("m4")}
    assert grid["data"]["memberPresence"] is None
    assert after["data"]["memberPresence"] is None
