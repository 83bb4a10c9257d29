"""The demo's dues: a year of history for every member who pays, a few far in arrears, the
demo member with this month to pay, and kept figures that match a recount."""

from __future__ import annotations

import httpx

from db.engine import Database
from db.organizations.models import get_organization_by_code
from generators.demo.seed import ROOT_CODE, seed_demo
from resolvers.dues.months import add_months, current_month, months_between
from schema.relay import to_global_id
from tests.databases import SeedDemo
from tests.graphql import execute
from tests.test_co_building_demo import token
from tests.test_dues_tallies import recount

MINE = "{ myDuesAccount { monthsOwed monthsPaid arrearsMonths payments { totalCount } } }"
ARREARS = "{ duesArrears(first: 100) { totalCount nodes { arrearsMonths flagged } } }"
PAY = """
mutation ($member: ID!) {
  payDues(input: {memberId: $member, idempotencyKey: "demo-try"}) {
    payment { id amountFen months } account { monthsOwed paidFen }
  }
}
"""


async def test_the_demo_has_a_year_of_dues_with_a_few_arrears(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    # given the demo seeded twice (the second start writes nothing more)
    await demo(database, members=300, petitions=50, history_days=2)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    member, admin = await token(client, "member"), await token(client, "admin")
    # when the demo member reads their account, and the administrator the arrears and figures
    mine = await execute(client, MINE, token=member)
    arrears = await execute(client, ARREARS, token=admin)
    async with database.session() as session:
        root = await get_organization_by_code(session, ROOT_CODE)
    assert root is not None
    months = months_between(add_months(current_month(), -11), current_month())
    city = await execute(
        client,
        "query ($u: ID!, $s: String) { duesCollection(under: $u, since: $s) "
        "{ months { dueMembers paidMembers dueFen paidFen } } }",
        {"u": to_global_id("Organization", root.id), "s": f"{months[0]:%Y-%m}"},
        token=admin,
    )
    # then the member owes this month only, after eleven months paid
    account = mine["data"]["myDuesAccount"]
    assert account["monthsOwed"] == [f"{current_month():%Y-%m}"]
    assert len(account["monthsPaid"]) == 11
    assert account["arrearsMonths"] == 0
    # and a few members are 6+ months in arrears, all flagged
    listed = arrears["data"]["duesArrears"]
    assert 0 < listed["totalCount"] <= 30
    assert all(n["flagged"] and n["arrearsMonths"] >= 6 for n in listed["nodes"])
    # and the city's kept figures are the recount's, most months mostly paid
    expected = (await recount(database, months))[root.id]
    figures = city["data"]["duesCollection"]["months"]
    assert [(f.due_members, f.paid_members, f.due_fen, f.paid_fen) for f in expected] == [
        (m["dueMembers"], m["paidMembers"], m["dueFen"], m["paidFen"]) for m in figures
    ]
    assert figures[0]["paidMembers"] > 0.8 * figures[0]["dueMembers"] > 0


async def test_the_demo_member_pays_this_month_twice_with_one_key_and_is_charged_once(
    client: httpx.AsyncClient, database: Database, demo: SeedDemo
) -> None:
    await demo(database, members=300, petitions=50, history_days=2)
    member = await token(client, "member")
    own = await execute(client, "{ viewer { member { id } } }", token=member)
    variables = {"member": own["data"]["viewer"]["member"]["id"]}
    first = await execute(client, PAY, variables, token=member)
    again = await execute(client, PAY, variables, token=member)
    assert again["data"] == first["data"]
    paid = first["data"]["payDues"]
    assert paid["payment"]["months"] == [f"{current_month():%Y-%m}"]
    assert paid["payment"]["amountFen"] > 0
    assert paid["account"]["monthsOwed"] == []
