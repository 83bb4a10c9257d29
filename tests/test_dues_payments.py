"""The dues ledger: payments are entries with an idempotency key (a retry is the same
payment, charged once, however concurrent), corrections are reversing entries, and months
paid, owed and in arrears follow from the ledger."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.applications import Starlette

from db.dues.queries import ledger_sum
from db.engine import Database
from tests.dues_support import (
    REVERSE,
    account,
    declare,
    ensure_brackets,
    member_token,
    month_back,
    pay,
)
from tests.graphql import error_codes, execute
from tests.world import World


@pytest.fixture(autouse=True)
async def brackets(database: Database) -> None:
    await ensure_brackets(database)


async def test_a_declared_base_makes_every_month_from_its_own_due(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a member in service declared 4 000 yuan from two months back
    body = await declare(client, world, "m1", months_back=2)
    # then three months are due at 1 % (40 yuan), none paid
    assert body["data"]["declareDuesBase"]["account"] == {
        "firstMonth": month_back(2),
        "monthlyAmountFen": 4_000,
        "monthsOwed": [month_back(2), month_back(1), month_back(0)],
    }


async def test_paying_twice_with_one_key_is_one_payment_charged_once(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given three months owed
    await declare(client, world, "m1", months_back=2)
    # when the secretary pays them, and the client retries with the same key
    first = await pay(client, world, "m1", "pay-1")
    retry = await pay(client, world, "m1", "pay-1")
    # then the retry answers with the same payment, and the member was charged once
    payment = first["data"]["payDues"]["payment"]
    assert retry["data"]["payDues"]["payment"] == payment
    assert payment["amountFen"] == 12_000
    assert payment["months"] == [month_back(2), month_back(1), month_back(0)]
    found = await account(client, world, "m1")
    assert found is not None
    assert (found["paidFen"], found["monthsOwed"], found["payments"]["totalCount"]) == (
        12_000,
        [],
        1,
    )
    async with database.read() as connection:
        assert await ledger_sum(connection, world.members["m1"].id) == 12_000


async def test_concurrent_retries_with_one_key_write_one_entry(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given months owed
    await declare(client, world, "m1", months_back=5)
    # when eight retries of one payment arrive at once
    bodies = await asyncio.gather(*(pay(client, world, "m1", "same-key") for _ in range(8)))
    # then every one answers with the same payment, and the ledger holds it once
    payments = {body["data"]["payDues"]["payment"]["id"] for body in bodies}
    assert len(payments) == 1
    found = await account(client, world, "m1")
    assert found is not None
    assert found["payments"]["totalCount"] == 1
    assert found["paidFen"] == 6 * 4_000
    async with database.read() as connection:
        assert await ledger_sum(connection, world.members["m1"].id) == 6 * 4_000


async def test_concurrent_payments_with_different_keys_pay_a_month_once(
    client: httpx.AsyncClient, world: World
) -> None:
    # given one month owed
    await declare(client, world, "m1", months_back=0)
    month = [month_back(0)]
    # when two devices pay it at once, each with its own key
    bodies = await asyncio.gather(*(pay(client, world, "m1", f"k{n}", month) for n in range(4)))
    # then one payment is written; the others are told the month is paid
    paid = [body for body in bodies if "errors" not in body]
    refused = [error_codes(body) for body in bodies if "errors" in body]
    assert len(paid) == 1
    assert refused == [["BAD_USER_INPUT"]] * 3
    found = await account(client, world, "m1")
    assert found is not None
    assert (found["paidFen"], found["payments"]["totalCount"]) == (4_000, 1)


async def test_a_key_reused_for_other_months_is_a_conflict(
    client: httpx.AsyncClient, world: World
) -> None:
    await declare(client, world, "m1", months_back=3)
    await pay(client, world, "m1", "k", [month_back(3)])
    again = await pay(client, world, "m1", "k", [month_back(2)])
    assert error_codes(again) == ["CONFLICT"]
    assert again["errors"][0]["extensions"]["field"] == "idempotencyKey"


async def test_a_reversal_is_a_new_entry_that_frees_the_months_once(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given two months paid
    await declare(client, world, "m1", months_back=1)
    paid = await pay(client, world, "m1", "p")
    payment = paid["data"]["payDues"]["payment"]
    # when the secretary reverses the payment, twice
    secretary = world.tokens["secretary"]
    reversal = {"input": {"paymentId": payment["id"], "note": "重复缴纳"}}
    undone = await execute(client, REVERSE, reversal, token=secretary)
    again = await execute(client, REVERSE, reversal, token=secretary)
    # then one reversing entry of the opposite amount frees both months; the payment is kept
    entry = undone["data"]["reverseDuesPayment"]["payment"]
    assert again["data"] == undone["data"]
    assert (entry["kind"], entry["amountFen"], entry["reversesPaymentId"]) == (
        "REVERSAL",
        -8_000,
        payment["id"],
    )
    found = await account(client, world, "m1")
    assert found is not None
    assert found["monthsOwed"] == [month_back(1), month_back(0)]
    assert found["paidFen"] == 0
    assert [(p["kind"], p["amountFen"]) for p in found["payments"]["nodes"]] == [
        ("PAYMENT", 8_000),
        ("REVERSAL", -8_000),
    ]
    async with database.read() as connection:
        assert await ledger_sum(connection, world.members["m1"].id) == 0


async def test_a_reversal_cannot_be_reversed(client: httpx.AsyncClient, world: World) -> None:
    await declare(client, world, "m1", months_back=0)
    paid = await pay(client, world, "m1", "p")
    secretary = world.tokens["secretary"]
    first = {"input": {"paymentId": paid["data"]["payDues"]["payment"]["id"], "note": "错"}}
    undone = await execute(client, REVERSE, first, token=secretary)
    reversal = undone["data"]["reverseDuesPayment"]["payment"]["id"]
    body = await execute(
        client, REVERSE, {"input": {"paymentId": reversal, "note": "错"}}, token=secretary
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_six_months_in_arrears_flags_the_member(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a member due from seven months back who paid only the first of those months
    await declare(client, world, "m1", months_back=7)
    await pay(client, world, "m1", "first", [month_back(7)])
    flagged = await account(client, world, "m1")
    # when they pay one more past month
    await pay(client, world, "m1", "second", [month_back(6)])
    cleared = await account(client, world, "m1")
    # then six months before this one were owed (flagged), then five (not flagged)
    assert flagged is not None
    assert cleared is not None
    assert (flagged["arrearsMonths"], flagged["inArrears"]) == (6, True)
    assert (cleared["arrearsMonths"], cleared["inArrears"]) == (5, False)
    assert len(cleared["monthsOwed"]) == 6  # this month is owed but not late


async def test_a_declaration_takes_effect_after_the_last_month_paid(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a member who paid this month at 4 000 yuan
    await declare(client, world, "m1", months_back=2)
    await pay(client, world, "m1", "p", [month_back(0)])
    # when a retirement base is declared from last month, then from next month
    early = await declare(client, world, "m1", months_back=1, category="RETIRED")
    later = await declare(client, world, "m1", months_back=-1, category="RETIRED")
    # then the first is refused (a paid month keeps its amount), the second accepted
    assert error_codes(early) == ["BAD_USER_INPUT"]
    assert "errors" not in later
    found = await account(client, world, "m1")
    assert found is not None
    assert [m["amountFen"] for m in found["months"]] == [4_000, 4_000, 4_000]


async def test_only_who_manages_dues_there_pays_and_reads(
    client: httpx.AsyncClient, world: World
) -> None:
    await declare(client, world, "m1", months_back=0)
    grid_worker = await pay(client, world, "m1", "g", role="grid_worker")
    outsider = await pay(client, world, "m1", "o", role="outsider")
    assert error_codes(grid_worker) == ["FORBIDDEN"]
    assert error_codes(outsider) == ["NOT_FOUND"]
    assert await account(client, world, "m1", role="outsider") is None
    assert await account(client, world, "m1", role="grid_worker") is None
    found = await account(client, world, "m1")
    assert found is not None
    assert found["payments"]["totalCount"] == 0


async def test_bad_months_are_refused_and_change_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    await declare(client, world, "m1", months_back=1)
    malformed = await pay(client, world, "m1", "a", ["2026/03"])
    not_due = await pay(client, world, "m1", "b", [month_back(2)])
    future = await pay(client, world, "m1", "c", [month_back(-1)])
    for body in (malformed, not_due, future):
        assert error_codes(body) == ["BAD_USER_INPUT"]
        assert body["errors"][0]["extensions"]["field"] == "months"
    found = await account(client, world, "m1")
    assert found is not None
    assert (found["paidFen"], found["payments"]["totalCount"]) == (0, 0)


async def test_a_member_pays_their_own_dues_once_per_key_and_sees_no_one_elses(
    client: httpx.AsyncClient, world: World, database: Database, app: Starlette
) -> None:
    # given member m1 with their own account, owing two months; m2 of the same branch owing too
    await member_token(database, world, app.state.services.tokens, "m1")
    await declare(client, world, "m1", months_back=1)
    await declare(client, world, "m2", months_back=1)
    # when m1 pays twice with one key, and tries m2's and reads m2's
    first = await pay(client, world, "m1", "mine", role="member_m1")
    again = await pay(client, world, "m1", "mine", role="member_m1")
    other = await pay(client, world, "m2", "theirs", role="member_m1")
    others = await account(client, world, "m2", role="member_m1")
    own = await execute(
        client, "{ myDuesAccount { paidFen monthsOwed } }", token=world.tokens["member_m1"]
    )
    # then one payment, m1 sees their own account, and nothing of m2's
    assert again["data"]["payDues"]["payment"] == first["data"]["payDues"]["payment"]
    assert own["data"]["myDuesAccount"] == {"paidFen": 8_000, "monthsOwed": []}
    assert error_codes(other) == ["NOT_FOUND"]
    assert others is None
    secretary = await execute(
        client, "{ myDuesAccount { paidFen } }", token=world.tokens["secretary"]
    )
    assert secretary["data"]["myDuesAccount"] is None


async def test_a_member_cannot_reverse_their_payment(
    client: httpx.AsyncClient, world: World, database: Database, app: Starlette
) -> None:
    await member_token(database, world, app.state.services.tokens, "m1")
    await declare(client, world, "m1", months_back=0)
    paid = await pay(client, world, "m1", "mine", role="member_m1")
    reversal = {"input": {"paymentId": paid["data"]["payDues"]["payment"]["id"], "note": "x"}}
    body = await execute(client, REVERSE, reversal, token=world.tokens["member_m1"])
    assert error_codes(body) == ["FORBIDDEN"]
