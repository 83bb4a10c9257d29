"""The credit-hours ledger's corrections: minutes credited by the branch with an idempotency
key (a retry writes nothing more), and exact reversals (once, never of a reversal)."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.engine import Database
from tests.graphql import error_codes, execute
from tests.learning_support import make_learners
from tests.world import World

CREDIT = """
mutation ($input: CreditStudyInput!) {
  creditStudy(input: $input) { entry { id kind minutes } study { creditedMinutes met } }
}
"""
REVERSE = """
mutation ($input: ReverseStudyCreditInput!) {
  reverseStudyCredit(input: $input) {
    entry { id kind minutes reversesEntryId } study { creditedMinutes }
  }
}
"""
LEDGER = "{ myStudy { creditedMinutes credits { totalCount nodes { kind minutes } } } }"


def credit(world: World, minutes: int, key: str, member: str = "m1") -> dict[str, object]:
    return {
        "input": {
            "memberId": world.member_id(member),
            "minutes": minutes,
            "note": "七一党课（集中学习）",
            "idempotencyKey": key,
        }
    }


async def test_a_credit_retried_with_its_key_is_written_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the secretary credits m1 two hours, and the client retries
    learners = await make_learners(database, world, app)
    token = world.tokens["secretary"]
    first = await execute(client, CREDIT, credit(world, 120, "k-1"), token=token)
    retry = await execute(client, CREDIT, credit(world, 120, "k-1"), token=token)
    other = await execute(client, CREDIT, credit(world, 90, "k-1"), token=token)
    # then the retry answers with the same entry, another amount under the key conflicts,
    # and m1 holds 120 minutes in one entry
    assert retry["data"]["creditStudy"]["entry"] == first["data"]["creditStudy"]["entry"]
    assert error_codes(other) == ["CONFLICT"]
    ledger = (await execute(client, LEDGER, token=learners.token("m1")))["data"]["myStudy"]
    assert ledger == {"creditedMinutes": 120, "credits": {"totalCount": 1,
                      "nodes": [{"kind": "MANUAL", "minutes": 120}]}}  # fmt: skip


async def test_a_reversal_cancels_an_entry_exactly_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given 32 class hours credited to m1, so the year is met
    learners = await make_learners(database, world, app)
    token = world.tokens["secretary"]
    body = await execute(client, CREDIT, credit(world, 1920, "k-1"), token=token)
    assert body["data"]["creditStudy"]["study"] == {"creditedMinutes": 1920, "met": True}
    entry = body["data"]["creditStudy"]["entry"]["id"]
    # when it is reversed, twice, and the reversal itself is reversed
    reversal = await execute(
        client, REVERSE, {"input": {"entryId": entry, "note": "重复登记"}}, token=token
    )
    again = await execute(
        client, REVERSE, {"input": {"entryId": entry, "note": "重复登记"}}, token=token
    )
    written = reversal["data"]["reverseStudyCredit"]["entry"]
    undo = await execute(
        client, REVERSE, {"input": {"entryId": written["id"], "note": "x"}}, token=token
    )
    # then one reversal of -1920 exists, and the year is back to nothing
    assert written["minutes"] == -1920
    assert written["reversesEntryId"] == entry
    assert again["data"]["reverseStudyCredit"]["entry"] == written
    assert error_codes(undo) == ["BAD_USER_INPUT"]
    ledger = (await execute(client, LEDGER, token=learners.token("m1")))["data"]["myStudy"]
    assert ledger["creditedMinutes"] == 0
    assert ledger["credits"]["totalCount"] == 2


async def test_only_the_branchs_staff_may_credit_and_never_out_of_range(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    learners = await make_learners(database, world, app)
    by_member = await execute(client, CREDIT, credit(world, 60, "k-1"), token=learners.token("m1"))
    by_outsider = await execute(
        client, CREDIT, credit(world, 60, "k-2"), token=world.tokens["outsider"]
    )
    too_much = await execute(
        client, CREDIT, credit(world, 2401, "k-3"), token=world.tokens["secretary"]
    )
    assert error_codes(by_member) == ["FORBIDDEN"]
    assert error_codes(by_outsider) == ["NOT_FOUND"]
    assert error_codes(too_much) == ["BAD_USER_INPUT"]


REQUIRE = """
mutation ($year: Int!, $hours: Int!) {
  setStudyRequirement(year: $year, classHours: $hours) { year requiredMinutes }
}
"""


async def test_a_years_requirement_is_set_before_its_first_credit_only(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 credited this year
    learners = await make_learners(database, world, app)
    await execute(client, CREDIT, credit(world, 60, "k-1"), token=world.tokens["secretary"])
    this_year = (await execute(client, "{ myStudy { year } }", token=learners.token("m1")))["data"][
        "myStudy"
    ]["year"]
    admin = world.tokens["admin"]
    # when the administrator sets 40 class hours for next year, then for this one; and the
    # secretary tries
    ahead = await execute(client, REQUIRE, {"year": this_year + 1, "hours": 40}, token=admin)
    late = await execute(client, REQUIRE, {"year": this_year, "hours": 40}, token=admin)
    secretary = await execute(
        client, REQUIRE, {"year": this_year + 1, "hours": 20}, token=world.tokens["secretary"]
    )
    # then next year requires 2400 minutes; this year's cannot change; the secretary may not
    assert ahead["data"]["setStudyRequirement"] == {
        "year": this_year + 1,
        "requiredMinutes": 2400,
    }
    assert error_codes(late) == ["BAD_USER_INPUT"]
    assert error_codes(secretary) == ["FORBIDDEN"]
