"""A transfer out of the platform completed: the member stays on record as TRANSFERRED_OUT
with every history, and nothing counts them any more: statistics, tallies, dues, lists, the
absent list, their own account's reach (each equal to a recount where figures are kept)."""

from __future__ import annotations

import random
from typing import Any

import httpx
from starlette.applications import Starlette

from db.dues.tallies import MonthFigures, subtree_months
from db.engine import Database
from resolvers.dues.months import add_months, current_month, format_month, months_between
from tests.dues_support import account, declare, ensure_brackets, member_token, month_back, pay
from tests.graphql import error_codes, execute
from tests.test_dues_tallies import random_history
from tests.test_dues_tallies import recount as recount_dues
from tests.test_member_tallies import recount as recount_members
from tests.test_member_tallies import tallies
from tests.test_presence import absent
from tests.transfer_support import advance, approved, transfer_of
from tests.world import World

ELSEWHERE = "外省某县委组织部"
STATISTICS = """
query ($id: ID!) { organization(id: $id) { statistics {
  memberCount pipelineCount membersByStatus { status count } } } }
"""
MEMBERS = """
query ($statuses: [MemberStatus!]) {
  members(filter: {statuses: $statuses}) { totalCount nodes { id status statusChangedAt } }
}
"""
FORMER = """
{ transfers(filter: {direction: OUTGOING, statuses: [DONE], outOfPlatform: true}) {
  totalCount nodes { member { id status } finishedAt destinationText letterNumber } } }
"""
ARREARS = "{ duesArrears(atLeast: 1) { totalCount nodes { member { id } } } }"
EVENTS = "{ recentEvents(last: 5) { type changes } }"
OWN = "{ viewer { roles { role } member { id status } } }"
CHECK_IN = "mutation { checkInStudy { streak } }"


async def gone_out(client: httpx.AsyncClient, world: World, member: str = "m1") -> dict[str, Any]:
    """The member's transfer out of the platform, approved and completed by the source."""
    found = await approved(client, world, member=member, destination=None, text=ELSEWHERE)
    body = await advance(client, world.tokens["secretary"], found["id"], "COMPLETE")
    return transfer_of(body, "advanceTransfer")


async def statistics(client: httpx.AsyncClient, world: World, org: str) -> dict[str, Any]:
    body = await execute(client, STATISTICS, {"id": world.org_id(org)}, token=world.tokens["admin"])
    found: dict[str, Any] = body["data"]["organization"]["statistics"]
    return found


def by_status(figures: dict[str, Any]) -> dict[str, int]:
    return {row["status"]: row["count"] for row in figures["membersByStatus"] if row["count"]}


async def test_a_member_gone_out_is_no_longer_counted_but_stays_on_record(
    client: httpx.AsyncClient, world: World
) -> None:
    # given community A with three members and the city with four
    before = [await statistics(client, world, org) for org in ("community_a", "city")]
    # when m1's transfer out of the platform is completed
    await gone_out(client, world)
    # then both count one member fewer, and one person TRANSFERRED_OUT, apart from the stages
    after = [await statistics(client, world, org) for org in ("community_a", "city")]
    assert [f["memberCount"] for f in before] == [3, 4]
    assert [f["memberCount"] for f in after] == [2, 3]
    assert [f["pipelineCount"] for f in after] == [f["pipelineCount"] for f in before]
    assert by_status(after[0]).get("TRANSFERRED_OUT") == 1
    assert sum(by_status(after[1]).values()) == sum(by_status(before[1]).values())


async def test_member_tallies_equal_a_recount_after_members_go_out(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 gone out of the platform, then m3
    await gone_out(client, world, "m1")
    await gone_out(client, world, "m3")
    # when the tallies are recounted member by member
    kept = await tallies(database)
    # then the kept tallies are the recount
    assert kept == await recount_members(database)


async def test_kept_dues_figures_equal_a_recount_after_members_go_out(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history of declarations, payments and reversals
    await ensure_brackets(database)
    await random_history(client, world, random.Random(5))
    # when m1 and m3 go out of the platform
    await gone_out(client, world, "m1")
    await gone_out(client, world, "m3")
    # then every organisation's kept months, the next ones included, equal the recount
    months = months_between(add_months(current_month(), -16), add_months(current_month(), 3))
    expected = await recount_dues(database, months)
    empty = [MonthFigures(month, 0, 0, 0, 0) for month in months]
    async with database.read() as connection:
        for name, organization in world.orgs.items():
            kept = await subtree_months(connection, organization.id, months[0], months[-1])
            assert kept == expected.get(organization.id, empty), name


async def test_nothing_is_due_after_the_month_of_leaving_and_no_arrears_list_names_them(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 owing four months (three in arrears) and gone out this month
    await ensure_brackets(database)
    assert "errors" not in await declare(client, world, "m1", months_back=3)
    await gone_out(client, world)
    # when the secretary reads m1's account and the arrears list
    found = await account(client, world, "m1")
    arrears = await execute(client, ARREARS, token=world.tokens["secretary"])
    # then m1 owes the months up to this one and no later, and is in no arrears list
    assert found is not None
    assert [m["month"] for m in found["months"]] == [month_back(n) for n in (3, 2, 1, 0)]
    assert arrears["data"]["duesArrears"]["totalCount"] == 0


async def test_a_month_after_leaving_cannot_be_paid_and_no_base_declared(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 owing dues and gone out this month
    await ensure_brackets(database)
    assert "errors" not in await declare(client, world, "m1", months_back=1)
    await gone_out(client, world)
    # when the secretary pays next month, and declares a new base
    next_month = format_month(add_months(current_month(), 1))
    paid = await pay(client, world, "m1", "k-next", months=[next_month])
    declared = await declare(client, world, "m1", months_back=0)
    # then both are refused, and the months before can still be settled
    assert error_codes(paid) == ["BAD_USER_INPUT"]
    assert "left the platform" in paid["errors"][0]["message"]
    assert error_codes(declared) == ["BAD_USER_INPUT"]
    assert "errors" not in await pay(client, world, "m1", "k-settle")


async def test_lists_leave_former_members_out_unless_asked_for(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m1 gone out of the platform
    done = await gone_out(client, world)
    token = world.tokens["secretary"]
    # when the secretary lists members, then former members, then transfers out of the platform
    listed = await execute(client, MEMBERS, token=token)
    former = await execute(client, MEMBERS, {"statuses": ["TRANSFERRED_OUT"]}, token=token)
    transfers = await execute(client, FORMER, token=token)
    # then the default list leaves m1 out; the former members list holds m1 alone, and their
    # transfer says when and where they went
    ids = [node["id"] for node in listed["data"]["members"]["nodes"]]
    assert world.member_id("m1") not in ids
    assert listed["data"]["members"]["totalCount"] == len(ids) == 2
    assert [n["id"] for n in former["data"]["members"]["nodes"]] == [world.member_id("m1")]
    assert former["data"]["members"]["nodes"][0]["status"] == "TRANSFERRED_OUT"
    (out,) = transfers["data"]["transfers"]["nodes"]
    assert out["member"] == {"id": world.member_id("m1"), "status": "TRANSFERRED_OUT"}
    assert (out["destinationText"], out["finishedAt"]) == (ELSEWHERE, done["finishedAt"])
    assert out["letterNumber"] == "江组转字001号"


async def test_a_former_member_is_not_on_the_absent_list(
    client: httpx.AsyncClient, world: World
) -> None:
    # given community A's members, none present in the last three months, and m1 gone out
    token = world.tokens["secretary"]
    before = {member for member, _ in await absent(client, token, 3)}
    await gone_out(client, world)
    # when the secretary lists the absent
    after = {member for member, _ in await absent(client, token, 3)}
    # then m1 is absent no more, and the others still are
    assert before - after == {world.member_id("m1")}


async def test_leaving_is_heard_as_a_change_of_stage_worded_so(
    client: httpx.AsyncClient, world: World
) -> None:
    # given m1 (a full member) gone out of the platform
    await gone_out(client, world)
    # when the secretary reads the latest events
    body = await execute(client, EVENTS, token=world.tokens["secretary"])
    # then the member's stage moved from FULL to transferred out
    changed = [e for e in body["data"]["recentEvents"] if e["type"] == "MEMBER_STATUS_CHANGED"]
    assert changed[-1]["changes"]["from"] == "full"
    assert changed[-1]["changes"]["to"] == "transferred_out"
    assert changed[-1]["changes"]["action"] == "transfer_out"


async def test_a_former_members_own_account_keeps_their_record_and_loses_the_branch(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's own account, holding the member role on its branch
    token = await member_token(database, world, app.state.services.tokens, "m1")
    before = await execute(client, OWN, token=token)
    # when m1 goes out of the platform, and then checks in to study
    await gone_out(client, world)
    after = await execute(client, OWN, token=token)
    studied = await execute(client, CHECK_IN, token=token)
    # then the account still reads its own record, now TRANSFERRED_OUT, with no role left,
    # and may study here no more
    assert before["data"]["viewer"]["roles"] == [{"role": "MEMBER"}]
    assert after["data"]["viewer"] == {
        "roles": [],
        "member": {"id": world.member_id("m1"), "status": "TRANSFERRED_OUT"},
    }
    assert error_codes(studied) == ["FORBIDDEN"]
