"""Kept dues figures per subtree and month equal a brute-force recount of the declarations
and the ledger, after random declarations, payments and reversals."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from db.dues.amounts import monthly_dues
from db.dues.models import (
    DuesAccountRow,
    DuesPaymentMonthRow,
    DuesPaymentRow,
    PaymentKind,
)
from db.dues.queries import all_brackets, bases_of_member
from db.dues.tallies import MonthFigures, subtree_months
from db.engine import Database
from db.paths import path_ids
from resolvers.dues.months import add_months, current_month, format_month, months_between
from tests.dues_support import PAY, REVERSE, declare, ensure_brackets
from tests.graphql import execute
from tests.world import World

BASES = [0, 150_000, 300_000, 300_001, 500_000, 500_001, 1_000_000, 1_000_001, 2_500_000]
CATEGORIES = ["IN_SERVICE", "RETIRED", "STUDENT", "FARMER", "UNEMPLOYED"]


async def random_history(client: httpx.AsyncClient, world: World, rng: random.Random) -> None:
    """Declarations, payments of random months (with retries) and reversals, for every member."""
    admin = world.tokens["admin"]
    this = current_month()
    for name in world.members:
        start = rng.randint(0, 14)
        await declare(
            client, world, name, months_back=start, base_fen=rng.choice(BASES),
            category=rng.choice(CATEGORIES), role="admin",
        )  # fmt: skip
        due = [format_month(m) for m in months_between(add_months(this, -start), this)]
        rng.shuffle(due)
        payments: list[str] = []
        while due and rng.random() < 0.8:
            months = sorted(due[: rng.randint(1, 3)])
            due = due[len(months) :]
            key = f"{name}-{len(payments)}"
            variables = {"input": {"memberId": world.member_id(name), "months": months,
                                   "idempotencyKey": key}}  # fmt: skip
            body = await execute(client, PAY, variables, token=admin)
            if rng.random() < 0.3:  # a retry
                await execute(client, PAY, variables, token=admin)
            payments.append(body["data"]["payDues"]["payment"]["id"])
        for payment in payments:
            if rng.random() < 0.3:
                reversal = {"input": {"paymentId": payment, "note": "冲正"}}
                await execute(client, REVERSE, reversal, token=admin)
        if rng.random() < 0.5:  # a later declaration, from next month
            await declare(
                client, world, name, months_back=-1, base_fen=rng.choice(BASES),
                category=rng.choice(CATEGORIES), role="admin",
            )  # fmt: skip


async def recount(database: Database, months: list[date]) -> dict[int, list[MonthFigures]]:
    """Every organisation's figures, counted member by member from the rows themselves."""
    due_members: dict[tuple[int, date], int] = defaultdict(int)
    due_fen: dict[tuple[int, date], int] = defaultdict(int)
    paid_members: dict[tuple[int, date], int] = defaultdict(int)
    paid_fen: dict[tuple[int, date], int] = defaultdict(int)
    async with database.session() as session:
        brackets = await all_brackets(session)
        accounts = (await session.scalars(select(DuesAccountRow))).all()
        for account in accounts:
            bases = await bases_of_member(session, account.member_id)
            for month in months:
                dues = monthly_dues(bases, brackets, month)
                closed = account.closed_month is not None and month > account.closed_month
                if dues is None or closed:  # nothing is due after a member left the platform
                    continue
                for organization in path_ids(account.org_path):
                    due_members[organization, month] += 1
                    due_fen[organization, month] += dues.amount_fen
        lines = await session.execute(
            select(DuesPaymentRow.org_path, DuesPaymentRow.kind, DuesPaymentMonthRow.month,
                   DuesPaymentMonthRow.amount_fen)
            .join(DuesPaymentRow, DuesPaymentRow.id == DuesPaymentMonthRow.payment_id)
        )  # fmt: skip
        for path, kind, month, fen in lines:
            for organization in path_ids(path):
                paid_members[organization, month] += 1 if kind is PaymentKind.PAYMENT else -1
                paid_fen[organization, month] += fen
    organizations = {organization for organization, _ in due_members}
    return {
        organization: [
            MonthFigures(
                month,
                due_members[organization, month],
                due_fen[organization, month],
                paid_members[organization, month],
                paid_fen[organization, month],
            )
            for month in months
        ]
        for organization in organizations
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_kept_figures_equal_a_recount_after_random_payments(
    client: httpx.AsyncClient, world: World, database: Database, seed: int
) -> None:
    # given a random history of declarations, payments, retries and reversals
    await ensure_brackets(database)
    await random_history(client, world, random.Random(seed))
    # when every organisation's months are read from the kept figures, and recounted
    months = months_between(add_months(current_month(), -16), add_months(current_month(), 1))
    expected = await recount(database, months)
    async with database.read() as connection:
        kept = {
            organization.id: await subtree_months(
                connection, organization.id, months[0], months[-1]
            )
            for organization in world.orgs.values()
        }
    # then they agree, month by month, for every subtree
    empty = [MonthFigures(month, 0, 0, 0, 0) for month in months]
    for organization, figures in kept.items():
        assert figures == expected.get(organization, empty), organization
    assert any(f.paid_fen for f in kept[world.orgs["city"].id])


MOVE = """
mutation ($id: ID!, $to: ID!) {
  moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } }
}
"""


async def test_kept_figures_follow_a_subtree_that_moves(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history, and community A then moved under street B
    await ensure_brackets(database)
    await random_history(client, world, random.Random(7))
    body = await execute(
        client,
        MOVE,
        {"id": world.org_id("community_a"), "to": world.org_id("street_b")},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    # when the streets' and districts' months are read, and recounted
    months = months_between(add_months(current_month(), -16), add_months(current_month(), 1))
    expected = await recount(database, months)
    empty = [MonthFigures(month, 0, 0, 0, 0) for month in months]
    # then street A lost community A's figures and street B holds them
    async with database.read() as connection:
        for name in ("street_a", "street_b", "district_a", "district_b", "city"):
            organization = world.orgs[name].id
            kept = await subtree_months(connection, organization, months[0], months[-1])
            assert kept == expected.get(organization, empty), name
    assert expected[world.orgs["street_b"].id] != empty


ARREARS = "{ duesArrears(atLeast: 1, first: 100) { nodes { arrearsMonths member { id } } } }"
OWN = "query ($m: ID!) { duesAccount(memberId: $m) { arrearsMonths } }"


@pytest.mark.parametrize("seed", [4, 5])
async def test_the_kept_arrears_equal_each_accounts_months(
    client: httpx.AsyncClient, world: World, database: Database, seed: int
) -> None:
    # given a random history
    await ensure_brackets(database)
    await random_history(client, world, random.Random(seed))
    admin = world.tokens["admin"]
    # when the arrears list (kept fields) is read, and every account month by month
    listed = await execute(client, ARREARS, token=admin)
    kept = {n["member"]["id"]: n["arrearsMonths"] for n in listed["data"]["duesArrears"]["nodes"]}
    counted = {}
    for name in world.members:
        body = await execute(client, OWN, {"m": world.member_id(name)}, token=admin)
        if body["data"]["duesAccount"]["arrearsMonths"]:
            counted[world.member_id(name)] = body["data"]["duesAccount"]["arrearsMonths"]
    # then they agree member by member
    assert kept == counted
    assert counted  # the history leaves someone in arrears
