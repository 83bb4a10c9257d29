"""Volunteers' hours: 双报到 members count where they live; corrections and reversals are new
entries; subtree totals and rankings read the kept figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.volunteers.models import VolunteerRow
from schema.relay import to_global_id
from tests.factories import create_account, create_activity, create_member
from tests.graphql import error_codes, execute, statements_for
from tests.test_activity_attendance import assert_ledger_matches_attendance
from tests.world import World

REGISTER = """
mutation { registerVolunteer(input: {skills: ["理发", "维修"], availability: "周末上午"}) { volunteer { id skills } } }
"""
LINK = """
mutation ($v: ID!, $m: ID!) { linkVolunteerMember(input: {volunteerId: $v, memberId: $m}) { volunteer { isPartyMember organization { name } } } }
"""
SIGN_UP = "mutation ($id: ID!) { signUpForActivity(id: $id) { registration { id } } }"
CHECK = """
mutation ($input: PositionInput!) { %s(input: $input) { registration { minutes } } }
"""
HOURS = "query ($under: ID!) { volunteerHours(under: $under) { minutes entries } }"
RANKING = (
    "query ($under: ID!) { volunteerRanking(under: $under) { rank minutes volunteer { name } } }"
)
CORRECT = """
mutation ($input: CorrectHoursInput!) { correctVolunteerHours(input: $input) { entry { id minutes kind } } }
"""
REVERSE = """
mutation ($input: ReverseHoursEntryInput!) { reverseVolunteerHoursEntry(input: $input) { entry { minutes kind reversesEntryId } } }
"""
HERE = {"longitude": 120.15, "latitude": 30.28}


async def attend(client: httpx.AsyncClient, world: World, database: Database, host: str) -> int:
    now = datetime.now(UTC)
    async with database.transaction() as session:
        row = await create_activity(
            session,
            world.orgs[host],
            starts_at=now - timedelta(minutes=45),
            ends_at=now + timedelta(hours=1),
        )
    activity = to_global_id("Activity", row.id)
    token = world.tokens["resident"]
    await execute(client, SIGN_UP, {"id": activity}, token=token)
    position = {"input": {"activityId": activity, **HERE}}
    await execute(client, CHECK % "checkInToActivity", position, token=token)
    body = await execute(client, CHECK % "checkOutOfActivity", position, token=token)
    minutes: int = body["data"]["checkOutOfActivity"]["registration"]["minutes"]
    return minutes


async def test_a_members_hours_count_for_their_residence_community(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a member whose branch is in community B but who lives in community A (双报到)
    async with database.transaction() as session:
        member = await create_member(
            session, world.orgs["grid_b1"], residence_community_id=world.orgs["community_a"].id
        )
    body = await execute(client, REGISTER, token=world.tokens["resident"])
    volunteer = body["data"]["registerVolunteer"]["volunteer"]["id"]
    linked = await execute(
        client,
        LINK,
        {"v": volunteer, "m": to_global_id("Member", member.id)},
        token=world.tokens["admin"],
    )
    assert linked["data"]["linkVolunteerMember"]["volunteer"]["isPartyMember"] is True

    # when they volunteer at an activity of street A
    minutes = await attend(client, world, database, "street_a")

    # then the minutes count for community A, not for the branch's community B
    admin = world.tokens["admin"]
    here = await execute(client, HOURS, {"under": world.org_id("community_a")}, token=admin)
    branch = await execute(client, HOURS, {"under": world.org_id("community_b")}, token=admin)
    city = await execute(client, HOURS, {"under": world.org_id("city")}, token=admin)
    assert here["data"]["volunteerHours"] == {"minutes": minutes, "entries": 1}
    assert branch["data"]["volunteerHours"] == {"minutes": 0, "entries": 0}
    assert city["data"]["volunteerHours"]["minutes"] == minutes
    await assert_ledger_matches_attendance(database)


async def test_corrections_and_reversals_are_entries_and_a_reversal_happens_once(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await attend(client, world, database, "community_a")
    body = await execute(
        client, "{ myVolunteer { id totalMinutes } }", token=world.tokens["resident"]
    )
    volunteer = body["data"]["myVolunteer"]
    correction = {
        "volunteerId": volunteer["id"], "minutes": 90, "day": date.today().isoformat(),
        "note": "补录纸质签到", "idempotencyKey": "fix-1",
    }  # fmt: skip
    secretary = world.tokens["secretary"]

    first = await execute(client, CORRECT, {"input": correction}, token=secretary)
    retry = await execute(client, CORRECT, {"input": correction}, token=secretary)
    resident = await execute(
        client,
        CORRECT,
        {"input": correction | {"idempotencyKey": "x"}},
        token=world.tokens["resident"],
    )
    entry = first["data"]["correctVolunteerHours"]["entry"]
    reversal = {"entryId": entry["id"], "note": "重复补录"}
    undone = await execute(client, REVERSE, {"input": reversal}, token=secretary)
    undone_again = await execute(client, REVERSE, {"input": reversal}, token=secretary)

    assert retry["data"]["correctVolunteerHours"]["entry"]["id"] == entry["id"]
    assert error_codes(resident) == ["FORBIDDEN"]
    assert undone["data"]["reverseVolunteerHoursEntry"]["entry"]["minutes"] == -90
    assert undone_again["data"] == undone["data"]
    after = await execute(
        client,
        "{ myVolunteer { totalMinutes entries { totalCount } } }",
        token=world.tokens["resident"],
    )
    assert after["data"]["myVolunteer"]["totalMinutes"] == volunteer["totalMinutes"]
    assert after["data"]["myVolunteer"]["entries"]["totalCount"] == 3


async def test_the_ranking_of_a_community_is_for_those_who_may_read_its_volunteers(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    minutes = await attend(client, world, database, "community_a")

    ranking = await execute(
        client, RANKING, {"under": world.org_id("community_a")}, token=world.tokens["secretary"]
    )
    outsider = await execute(
        client, RANKING, {"under": world.org_id("community_a")}, token=world.tokens["outsider"]
    )

    assert ranking["data"]["volunteerRanking"] == [
        {
            "rank": 1,
            "minutes": minutes,
            "volunteer": {"name": world.accounts["resident"].display_name},
        }
    ]
    assert error_codes(outsider) == ["NOT_FOUND"]


LIST = """
query ($first: Int) { volunteers(first: $first) { totalCount nodes { name organization { name } } } }
"""


async def test_a_page_of_volunteers_names_their_communities_in_constant_statements(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given thirty volunteers whose hours count in community A
    async with database.transaction() as session:
        community = world.orgs["community_a"]
        for index in range(30):
            account = await create_account(session)
            session.add(
                VolunteerRow(
                    account_id=account.id,
                    name=f"志愿者{index}",
                    organization_id=community.id,
                    org_path=community.path,
                )
            )
    token = world.tokens["secretary"]
    # when a page of 2 and a page of 25 are asked for
    counts = [await statements_for(client, app, LIST, token, n) for n in (2, 25)]
    body = await execute(client, LIST, {"first": 25}, token=token)
    # then both cost the same statements, and every row names its community
    assert counts[0] == counts[1]
    nodes = body["data"]["volunteers"]["nodes"]
    assert len(nodes) == 25
    assert all(node["organization"] == {"name": community.name} for node in nodes)
