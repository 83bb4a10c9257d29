"""Dues on the GraphQL surface: a subtree's collection figures and arrears list (kept
figures, in scope only, statements constant in page size) and dues events with scope."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from db.statements import count_statements
from tests.dues_support import account, declare, ensure_brackets, month_back, pay
from tests.factories import create_member
from tests.graphql import error_codes, execute
from tests.world import World

COLLECTION = """
query ($under: ID!, $since: String, $until: String) {
  duesCollection(under: $under, since: $since, until: $until) {
    organization { name }
    months { month dueMembers paidMembers dueFen paidFen collectionRate }
  }
}
"""
ARREARS = """
query ($under: ID, $atLeast: Int, $first: Int) {
  duesArrears(under: $under, atLeast: $atLeast, first: $first) {
    totalCount
    nodes { arrearsMonths flagged firstMonth lastPaidMonth member { name branch { name } } }
  }
}
"""
EVENTS = """
{ recentEvents(last: 20) { type changes ... on DuesEvent { account { paidFen } } } }
"""


@pytest.fixture(autouse=True)
async def brackets(database: Database) -> None:
    await ensure_brackets(database)


async def test_a_subtrees_collection_counts_members_and_fen_due_and_paid(
    client: httpx.AsyncClient, world: World
) -> None:
    # given three members of community A due from last month (40, 15 and 0.20 yuan a month)
    await declare(client, world, "m1", months_back=1, base_fen=400_000)
    await declare(client, world, "m2", months_back=1, base_fen=300_000)
    await declare(client, world, "m3", months_back=1, base_fen=0, category="STUDENT")
    # when m1 pays both months and m2 this month only
    await pay(client, world, "m1", "a")
    await pay(client, world, "m2", "b", [month_back(0)])
    body = await execute(
        client,
        COLLECTION,
        {"under": world.org_id("community_a"), "since": month_back(1)},
        token=world.tokens["secretary"],
    )
    # then last month 1 of 3 paid, this month 2 of 3
    figures = body["data"]["duesCollection"]
    assert figures["months"] == [
        {"month": month_back(1), "dueMembers": 3, "paidMembers": 1, "dueFen": 5_520,
         "paidFen": 4_000, "collectionRate": 1 / 3},
        {"month": month_back(0), "dueMembers": 3, "paidMembers": 2, "dueFen": 5_520,
         "paidFen": 5_500, "collectionRate": 2 / 3},
    ]  # fmt: skip


async def test_collection_is_for_who_may_read_dues_there(
    client: httpx.AsyncClient, world: World
) -> None:
    variables = {"under": world.org_id("community_a")}
    outsider = await execute(client, COLLECTION, variables, token=world.tokens["outsider"])
    resident = await execute(client, COLLECTION, variables, token=world.tokens["resident"])
    bad = await execute(
        client, COLLECTION, variables | {"since": "2026-13"}, token=world.tokens["secretary"]
    )
    assert error_codes(outsider) == ["NOT_FOUND"]
    assert error_codes(resident) == ["NOT_FOUND"]
    assert error_codes(bad) == ["BAD_USER_INPUT"]


async def test_the_arrears_list_holds_who_owes_six_months_or_more_in_scope(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m1 owing six months before this one, m2 five (and this one paid), m3 none, and
    # m4 of community B owing eight
    await declare(client, world, "m1", months_back=6)
    await declare(client, world, "m2", months_back=5)
    await pay(client, world, "m2", "now", [month_back(0)])
    await declare(client, world, "m3", months_back=3)
    await pay(client, world, "m3", "all")
    await declare(client, world, "m4", months_back=8, role="admin")
    # when the secretary of community A lists arrears, and everyone owing two or more
    flagged = await execute(client, ARREARS, {}, token=world.tokens["secretary"])
    two = await execute(client, ARREARS, {"atLeast": 2}, token=world.tokens["secretary"])
    city = await execute(client, ARREARS, {}, token=world.tokens["admin"])
    # then only m1 is flagged, m2 owes five, and community B's m4 is not in A's list
    nodes = flagged["data"]["duesArrears"]["nodes"]
    assert [(n["member"]["name"], n["arrearsMonths"], n["flagged"]) for n in nodes] == [
        (world.members["m1"].name, 6, True)
    ]
    assert [n["arrearsMonths"] for n in two["data"]["duesArrears"]["nodes"]] == [6, 5]
    assert two["data"]["duesArrears"]["nodes"][1]["lastPaidMonth"] == month_back(0)
    assert city["data"]["duesArrears"]["totalCount"] == 2
    m1 = await account(client, world, "m1")
    assert m1 is not None
    assert m1["arrearsMonths"] == 6


async def test_an_arrears_page_costs_the_same_statements_for_5_and_20_members(
    client: httpx.AsyncClient, world: World, database: Database, app: Starlette
) -> None:
    # given 25 members in arrears
    async with database.transaction() as session:
        for index in range(25):
            world.members[f"x{index}"] = await create_member(session, world.orgs["grid_a2"])
    for index in range(25):
        await declare(client, world, f"x{index}", months_back=7)

    async def statements(first: int) -> int:
        engine = app.state.services.database.engine
        with count_statements(engine, this_context_only=True) as found:
            body = await execute(client, ARREARS, {"first": first}, token=world.tokens["secretary"])
        assert "errors" not in body, body
        assert len(body["data"]["duesArrears"]["nodes"]) == first
        return len(found)

    five = await statements(5)
    assert five == await statements(20)
    assert five <= 8


async def test_dues_events_reach_who_may_read_dues_there_and_nobody_else(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a payment in community A
    await declare(client, world, "m1", months_back=0)
    await pay(client, world, "m1", "p")
    # when the secretaries of A and B read the recent events
    mine = await execute(client, EVENTS, token=world.tokens["secretary"])
    theirs = await execute(client, EVENTS, token=world.tokens["outsider"])
    # then A's secretary sees the declaration and the payment (months, never amounts)
    dues = [e for e in mine["data"]["recentEvents"] if e["type"].startswith("DUES")]
    assert [(e["type"], e["changes"]) for e in dues] == [
        ("DUES_BASE_DECLARED", {"effectiveMonth": month_back(0)}),
        ("DUES_PAID", {"months": [month_back(0)]}),
    ]
    assert dues[1]["account"] == {"paidFen": 4_000}
    assert not [e for e in theirs["data"]["recentEvents"] if e["type"].startswith("DUES")]
