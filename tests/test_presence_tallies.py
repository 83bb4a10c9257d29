"""The kept presence figures 在场 equal a brute-force recount of the facts (meetings attended,
dues months paid and freed, activity check-ins of linked volunteers) after random writes
through the API."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from db.engine import Database
from db.presence.models import PresenceMonthRow
from db.presence.recount import rebuild_presence, recount_presence
from schema.relay import to_global_id
from tests.dues_support import REVERSE, declare, ensure_brackets, month_back, pay
from tests.factories import create_activity, create_member
from tests.graphql import execute
from tests.meeting_support import Branches, build_branches, check_in, data, schedule
from tests.world import World

SIGN_UP = "mutation ($id: ID!) { signUpForActivity(id: $id) { registration { id } } }"
CHECK_IN = """
mutation ($input: PositionInput!) { checkInToActivity(input: $input) { registration { id } } }
"""
LINK = """
mutation ($input: LinkVolunteerMemberInput!) { linkVolunteerMember(input: $input) { volunteer { id } } }
"""
MY_VOLUNTEER = "{ myVolunteer { id } }"
HERE = {"longitude": 120.15, "latitude": 30.28}


async def kept(database: Database) -> dict[tuple[int, Any], tuple[int, int, int]]:
    async with database.session() as session:
        rows = await session.execute(
            select(
                PresenceMonthRow.member_id,
                PresenceMonthRow.month,
                PresenceMonthRow.meetings,
                PresenceMonthRow.dues_months,
                PresenceMonthRow.check_ins,
            )
        )
        return {(member, month): (m, d, c) for member, month, m, d, c in rows if m or d or c}


async def recounted(database: Database) -> dict[tuple[int, Any], tuple[int, int, int]]:
    async with database.session() as session:
        return await recount_presence(session)


async def random_meetings(
    client: httpx.AsyncClient, branches: Branches, rng: random.Random
) -> None:
    for branch, members in (("grid_a1", ["m1", "m2"]), ("grid_a2", ["m3"])):
        for _ in range(2):
            meeting = await schedule(client, branches, branch=branch)
            for member in members:
                if rng.random() < 0.6:
                    who = rng.choice(["secretary", member])
                    target = member if who == "secretary" else None
                    data(await check_in(client, branches, meeting, who, target), "checkInToMeeting")


async def random_dues(
    client: httpx.AsyncClient, database: Database, world: World, rng: random.Random
) -> None:
    await ensure_brackets(database)
    for member in ("m1", "m2", "m3"):
        assert "errors" not in await declare(client, world, member, months_back=11)
        months = sorted(rng.sample(range(12), rng.randint(1, 8)), reverse=True)
        paid = []
        for index in range(0, len(months), 3):
            chunk = [month_back(back) for back in months[index : index + 3]]
            body = await pay(client, world, member, f"{member}-{index}", months=chunk)
            paid.append(data(body, "payDues")["payment"]["id"])
        for payment in paid:
            if rng.random() < 0.4:
                body = await execute(
                    client,
                    REVERSE,
                    {"input": {"paymentId": payment, "note": "录入有误"}},
                    token=world.tokens["secretary"],
                )
                data(body, "reverseDuesPayment")


async def random_check_ins(
    client: httpx.AsyncClient, database: Database, world: World, branches: Branches
) -> None:
    """m1 is linked to their volunteer record before checking in, m2 after, m3 never."""
    now = datetime.now(UTC)
    async with database.transaction() as session:
        activities = [
            await create_activity(
                session,
                world.orgs["grid_a1"],
                starts_at=now - timedelta(minutes=10),
                ends_at=now + timedelta(hours=1),
            )
            for _ in range(2)
        ]
    ids = [to_global_id("Activity", row.id) for row in activities]

    async def link(member: str) -> None:
        volunteer = data(
            await execute(client, MY_VOLUNTEER, token=branches.token(member)), "myVolunteer"
        )
        variables = {"input": {"volunteerId": volunteer["id"], "memberId": world.member_id(member)}}
        data(
            await execute(client, LINK, variables, token=world.tokens["secretary"]),
            "linkVolunteerMember",
        )

    for member in ("m1", "m2"):
        for activity in ids:
            data(
                await execute(client, SIGN_UP, {"id": activity}, token=branches.token(member)),
                "signUpForActivity",
            )
        if member == "m1":
            await link(member)
        for activity in ids:
            body = await execute(
                client,
                CHECK_IN,
                {"input": {"activityId": activity, **HERE}},
                token=branches.token(member),
            )
            data(body, "checkInToActivity")
        if member == "m2":
            await link(member)


async def test_kept_presence_equals_a_recount_after_random_writes(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given random meetings attended, dues paid and reversed, and activity check-ins
    branches = await build_branches(database, world, app.state.services.tokens)
    rng = random.Random(20261206)
    await random_meetings(client, branches, rng)
    await random_dues(client, database, world, rng)
    await random_check_ins(client, database, world, branches)
    # when the kept figures are compared with a count of the facts themselves
    figures, recount = await kept(database), await recounted(database)
    # then they are equal, and hold all three kinds of presence
    assert figures == recount
    assert all(any(value[kind] for value in figures.values()) for kind in range(3))
    assert {member for member, _ in figures} == {world.members[m].id for m in ("m1", "m2", "m3")}


async def test_a_rebuild_writes_the_recount(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given random dues and a member added without any presence
    rng = random.Random(7)
    await random_dues(client, database, world, rng)
    async with database.transaction() as session:
        await create_member(session, world.orgs["grid_a1"])
    expected = await recounted(database)
    # when the kept figures are rebuilt (as the migration and the demo do)
    async with database.transaction() as session:
        written = await rebuild_presence(session)
    # then they equal the recount
    assert written == len(expected)
    assert await kept(database) == expected


async def test_check_ins_at_once_for_one_member_and_month_are_all_counted(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given three meetings of grid A1 this month
    branches = await build_branches(database, world, app.state.services.tokens)
    meetings = [await schedule(client, branches) for _ in range(3)]
    # when m1 checks in at all three at once
    bodies = await asyncio.gather(
        *(check_in(client, branches, meeting, "m1") for meeting in meetings)
    )
    # then each check-in counted once in m1's month, as the recount says
    assert all("errors" not in body for body in bodies), bodies
    figures = await kept(database)
    assert figures == await recounted(database)
    assert [value[0] for key, value in figures.items() if key[0] == world.members["m1"].id] == [3]
