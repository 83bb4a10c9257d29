"""The transfer workflow: every step by the side that may take it, refused for anyone else,
out of order, or on a stale version."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette

from db.engine import Database
from tests.dues_support import member_token
from tests.graphql import execute
from tests.test_member_tallies import recount as recount_members
from tests.test_member_tallies import tallies
from tests.transfer_support import (
    TRANSFER,
    accepted,
    advance,
    approved,
    codes,
    request,
    requested,
    secretary_of,
    transfer_of,
)
from tests.world import World

MEMBER = "query ($id: ID!) { node(id: $id) { ... on Member { branch { name } } } }"


async def test_a_member_asks_for_their_own_transfer(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's own account
    token = await member_token(database, world, app.state.services.tokens, "m1")
    # when they ask to move to grid b1 without naming themself
    body = await request(client, world, token, member=None)
    # then the transfer is asked, and the member may only cancel it
    found = transfer_of(body, "requestTransfer")
    assert found["status"] == "REQUESTED"
    assert found["memberName"] == world.members["m1"].name
    assert found["destinationName"] == "grid_b1网格党支部"
    assert found["allowedSteps"] == ["CANCEL"]


async def test_the_source_approves_with_a_letter_and_the_destination_accepts(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a transfer of m1 from grid a1 (community A) to grid b1 (community B)
    found = await requested(client, world)
    # when the source's secretary approves it with a letter
    body = await advance(
        client, world.tokens["secretary"], found["id"], "APPROVE", letterNumber="江组转字7号"
    )
    approved_one = transfer_of(body, "advanceTransfer")
    # then it waits for the destination, with the letter and an answer date
    assert approved_one["status"] == "APPROVED"
    assert approved_one["letterNumber"] == "江组转字7号"
    assert approved_one["answerDueAt"] is not None
    assert approved_one["overdue"] is False
    # when the destination's secretary, outside the source's subtree, accepts it
    body = await advance(client, world.tokens["outsider"], found["id"], "ACCEPT")
    # then it is done and the member belongs to grid b1
    done = transfer_of(body, "advanceTransfer")
    assert done["status"] == "DONE"
    assert done["finishedAt"] is not None
    member = await execute(
        client, MEMBER, {"id": world.member_id("m1")}, token=world.tokens["outsider"]
    )
    assert member["data"]["node"]["branch"]["name"] == "grid_b1网格党支部"


async def test_the_timeline_keeps_every_step_with_its_actor(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a transfer asked, approved and accepted
    done = await accepted(client, world)
    # when either side reads it
    body = await execute(client, TRANSFER, {"id": done["id"]}, token=world.tokens["outsider"])
    # then its timeline holds the three steps in order, each with its actor
    steps = body["data"]["transfer"]["timeline"]["nodes"]
    assert [(s["action"], s["fromStatus"], s["toStatus"]) for s in steps] == [
        ("REQUEST", None, "REQUESTED"),
        ("APPROVE", "REQUESTED", "APPROVED"),
        ("ACCEPT", "APPROVED", "DONE"),
    ]
    actors = [world.accounts[name].id for name in ("secretary", "secretary", "outsider")]
    assert [int(s["actorAccountId"]) for s in steps] == actors


async def test_the_destination_returns_a_transfer_with_its_reason(
    client: httpx.AsyncClient, world: World
) -> None:
    # given an approved transfer
    found = await approved(client, world)
    # when the destination returns it without a reason, then with one
    silent = await advance(client, world.tokens["outsider"], found["id"], "RETURN")
    body = await advance(
        client, world.tokens["outsider"], found["id"], "RETURN", note="介绍信抬头有误"
    )
    # then the first is refused and the second returns it with the reason kept
    assert codes(silent) == ["BAD_USER_INPUT"]
    returned = transfer_of(body, "advanceTransfer")
    assert returned["status"] == "RETURNED"
    assert returned["returnReason"] == "介绍信抬头有误"


async def test_a_secretary_of_neither_side_is_forbidden_every_step(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a secretary of grid a2 (inside community A, but neither branch) and transfers
    # waiting for each side
    third = await secretary_of(database, world, app.state.services.tokens, "grid_a2")
    waiting = await requested(client, world)
    # when they try each step
    refused = [
        codes(await advance(client, third, waiting["id"], step, letterNumber="x", note="x"))
        for step in ("APPROVE", "ACCEPT", "RETURN", "CANCEL", "COMPLETE")
    ]
    # then every one is FORBIDDEN
    assert refused == [["FORBIDDEN"]] * 5


async def test_each_side_takes_only_its_own_steps(client: httpx.AsyncClient, world: World) -> None:
    # given a transfer waiting for its source, and one waiting for its destination
    found = await requested(client, world)
    # when the destination approves, or the source accepts
    by_destination = await advance(
        client, world.tokens["outsider"], found["id"], "APPROVE", letterNumber="x"
    )
    await advance(client, world.tokens["secretary"], found["id"], "APPROVE", letterNumber="1")
    by_source = await advance(client, world.tokens["secretary"], found["id"], "ACCEPT")
    # then both are FORBIDDEN
    assert codes(by_destination) == ["FORBIDDEN"]
    assert codes(by_source) == ["FORBIDDEN"]


async def test_a_step_out_of_order_names_the_steps_possible(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a transfer not yet approved
    found = await requested(client, world)
    # when the destination tries to accept it
    body = await advance(client, world.tokens["outsider"], found["id"], "ACCEPT")
    # then it is refused, and the message says it is not a step it can take now
    assert codes(body) == ["BAD_USER_INPUT"]
    assert "ACCEPT is not a step a REQUESTED transfer" in body["errors"][0]["message"]


async def test_a_stale_version_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a transfer at version 1 that the member's branch approved meanwhile
    found = await requested(client, world)
    await advance(client, world.tokens["secretary"], found["id"], "APPROVE", letterNumber="1")
    # when the secretary cancels it on the version they saw
    body = await advance(
        client, world.tokens["secretary"], found["id"], "CANCEL", expectedVersion=1
    )
    # then it is a CONFLICT and the transfer stays approved
    assert codes(body) == ["CONFLICT"]
    now = await execute(client, TRANSFER, {"id": found["id"]}, token=world.tokens["secretary"])
    assert now["data"]["transfer"]["status"] == "APPROVED"
    assert now["data"]["transfer"]["version"] == 2


async def test_the_member_cancels_their_open_transfer(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's approved transfer and their own account
    token = await member_token(database, world, app.state.services.tokens, "m1")
    found = await approved(client, world)
    # when they cancel it
    body = await advance(client, token, found["id"], "CANCEL", note="不调动了")
    # then it is cancelled and no step is left
    cancelled = transfer_of(body, "advanceTransfer")
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["allowedSteps"] == []


async def test_a_transfer_out_of_the_platform_is_completed_by_the_source(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a transfer out of the platform, approved with its letter
    found = await approved(client, world, destination=None, text="外省某县委组织部")
    assert found["outOfPlatform"] is True
    assert found["answerDueAt"] is None
    # when the source records the receipt
    body = await advance(client, world.tokens["secretary"], found["id"], "COMPLETE")
    # then it is done
    assert transfer_of(body, "advanceTransfer")["status"] == "DONE"


async def test_a_second_open_transfer_of_a_member_is_a_conflict(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m1's open transfer
    await requested(client, world)
    # when their secretary asks for another
    body = await request(client, world, world.tokens["secretary"], destination="grid_a2")
    # then it is a CONFLICT
    assert codes(body) == ["CONFLICT"]


async def test_a_member_may_not_ask_for_another_member(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m2's own account
    token = await member_token(database, world, app.state.services.tokens, "m2")
    # when they ask to transfer m1
    body = await request(client, world, token, member="m1")
    # then it is FORBIDDEN
    assert codes(body) == ["FORBIDDEN"]


async def test_a_request_needs_exactly_one_destination_that_is_a_branch(
    client: httpx.AsyncClient, world: World
) -> None:
    # when the secretary names both destinations, neither, or a community as the destination
    token = world.tokens["secretary"]
    both = await request(client, world, token, text="外省")
    neither = await request(client, world, token, destination=None)
    community = await request(client, world, token, destination="community_b")
    same = await request(client, world, token, destination="grid_a1")
    # then each is refused as bad input
    assert [codes(b) for b in (both, neither, community, same)] == [["BAD_USER_INPUT"]] * 4


async def test_two_answers_on_the_same_version_take_effect_once(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given an approved transfer at version 2, seen by two accounts of the destination
    found = await approved(client, world)
    version = found["version"]
    # when one accepts and the other returns it at once, each on the version they saw
    answers = await asyncio.gather(
        advance(client, world.tokens["outsider"], found["id"], "ACCEPT", expectedVersion=version),
        advance(
            client,
            world.tokens["admin"],
            found["id"],
            "RETURN",
            note="名额已满",
            expectedVersion=version,
        ),
    )
    # then exactly one takes effect and the other is a CONFLICT
    assert sorted(codes(body) for body in answers) == [[], ["CONFLICT"]]
    # and the member tallies still equal a recount (the member moved at most once)
    assert await tallies(database) == await recount_members(database)
