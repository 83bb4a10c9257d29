"""An accepted transfer moves the member with what follows them: their kept tallies (and so the
statistics of both subtrees), their dues account and ledger with the kept collection figures,
each equal to a brute-force recount afterwards."""

from __future__ import annotations

import random

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from db.dues.models import DuesAccountRow, DuesPaymentRow
from db.dues.tallies import MonthFigures, subtree_months
from db.engine import Database
from resolvers.dues.months import add_months, current_month, months_between
from tests.dues_support import declare, ensure_brackets, month_back, pay
from tests.graphql import execute
from tests.test_dues_tallies import random_history
from tests.test_dues_tallies import recount as recount_dues
from tests.test_learning_tallies import UPDATE_MEMBER
from tests.test_learning_tallies import expected_of as expected_study
from tests.test_learning_tallies import kept as kept_study
from tests.test_learning_tallies import random_history as random_study
from tests.test_learning_tallies import recount as recount_study
from tests.test_member_tallies import recount as recount_members
from tests.test_member_tallies import tallies
from tests.transfer_support import accepted, advance, approved, transfer_of
from tests.world import World

STATISTICS = "query ($id: ID!) { organization(id: $id) { statistics { memberCount } } }"


async def member_count(client: httpx.AsyncClient, world: World, org: str) -> int:
    body = await execute(client, STATISTICS, {"id": world.org_id(org)}, token=world.tokens["admin"])
    count: int = body["data"]["organization"]["statistics"]["memberCount"]
    return count


async def test_statistics_of_both_subtrees_follow_the_member(
    client: httpx.AsyncClient, world: World
) -> None:
    # given community A with three members and community B with one
    before = [await member_count(client, world, org) for org in ("community_a", "community_b")]
    # when m1's transfer from grid a1 to grid b1 is accepted
    await accepted(client, world)
    # then community A counts one fewer and community B one more; the city the same
    after = [await member_count(client, world, org) for org in ("community_a", "community_b")]
    assert before == [3, 1]
    assert after == [2, 2]
    assert await member_count(client, world, "city") == 4


async def test_member_tallies_equal_a_recount_after_transfers(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 moved to grid b1, and then m4 moved the other way to grid a2
    await accepted(client, world)
    found = await approved(
        client, world, "outsider", member="m4", destination="grid_a2", reason="回原籍"
    )
    await advance(client, world.tokens["secretary"], found["id"], "ACCEPT")
    # when the tallies are recounted member by member
    kept = await tallies(database)
    # then the kept tallies are the recount
    assert kept == await recount_members(database)


async def test_the_dues_account_and_ledger_move_with_the_member(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 owing dues for four months and having paid two
    await ensure_brackets(database)
    assert "errors" not in await declare(client, world, "m1", months_back=3)
    paid = await pay(client, world, "m1", "k1", months=[month_back(3), month_back(2)])
    assert "errors" not in paid, paid
    # when their transfer to grid b1 is accepted
    await accepted(client, world)
    # then their account and every ledger entry belong to grid b1
    async with database.session() as session:
        account = await session.get_one(DuesAccountRow, world.members["m1"].id)
        entries = (
            await session.scalars(
                select(DuesPaymentRow.org_path).where(
                    DuesPaymentRow.member_id == world.members["m1"].id
                )
            )
        ).all()
    assert account.org_path == world.orgs["grid_b1"].path
    assert entries == [world.orgs["grid_b1"].path]


async def test_kept_dues_figures_equal_a_recount_after_transfers(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history of declarations, payments and reversals
    await ensure_brackets(database)
    await random_history(client, world, random.Random(11))
    # when m1 moves to grid b1 and m4 to grid a2
    await accepted(client, world)
    found = await approved(
        client, world, "outsider", member="m4", destination="grid_a2", reason="回原籍"
    )
    transfer_of(
        await advance(client, world.tokens["secretary"], found["id"], "ACCEPT"), "advanceTransfer"
    )
    # then every organisation's kept months equal the recount
    months = months_between(add_months(current_month(), -16), add_months(current_month(), 1))
    expected = await recount_dues(database, months)
    empty = [MonthFigures(month, 0, 0, 0, 0) for month in months]
    async with database.read() as connection:
        for name, organization in world.orgs.items():
            kept = await subtree_months(connection, organization.id, months[0], months[-1])
            assert kept == expected.get(organization.id, empty), name


async def test_kept_study_figures_follow_the_member_at_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a random history of study for every member
    await random_study(app, client, world, database, random.Random(7))
    # when m1's transfer to grid b1 is accepted
    await accepted(client, world)
    # then, before m1 studies again, every subtree's study figures equal the recount
    assert await kept_study(database, world) == expected_study(await recount_study(database), world)


async def test_updating_a_members_branch_moves_their_dues_account(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 owing dues and having paid a month
    await ensure_brackets(database)
    assert "errors" not in await declare(client, world, "m1", months_back=2)
    assert "errors" not in await pay(client, world, "m1", "k1", months=[month_back(2)])
    # when an administrator moves m1 to grid b1 by editing the record
    body = await execute(
        client,
        UPDATE_MEMBER,
        {"id": world.member_id("m1"), "branch": world.org_id("grid_b1")},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    # then the account and the kept collection figures are grid b1's
    async with database.session() as session:
        account = await session.get_one(DuesAccountRow, world.members["m1"].id)
    assert account.org_path == world.orgs["grid_b1"].path
    months = months_between(add_months(current_month(), -4), add_months(current_month(), 1))
    expected = await recount_dues(database, months)
    empty = [MonthFigures(month, 0, 0, 0, 0) for month in months]
    async with database.read() as connection:
        for name, organization in world.orgs.items():
            kept = await subtree_months(connection, organization.id, months[0], months[-1])
            assert kept == expected.get(organization.id, empty), name
