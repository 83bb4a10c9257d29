"""The dues' reminder rules: from the 15th, a party member with an account who has not paid
this month's dues is reminded once for the month (one who paid, or before the 15th, is not);
the nearest secretaries of a branch with a member six months or more in arrears are reminded
once a month, nobody else, however many producers race."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, time

import httpx
from starlette.applications import Starlette

from db.base import CHINA_STANDARD_TIME
from db.engine import Database
from resolvers.context import Services
from resolvers.dues.months import current_month
from resolvers.dues.reminders import (
    ARREARS_RULE,
    DUES_ARREARS_FOR_SECRETARY,
    DUES_UNPAID_THIS_MONTH,
)
from resolvers.reminders.produce import produce_reminders
from tests.dues_support import declare, ensure_brackets, member_token, month_back, pay
from tests.graphql import execute
from tests.world import World

MINE = "{ myReminders { nodes { rule title period subjectId } } }"


def on_day(day: int) -> datetime:
    """Noon China time on `day` of the current month."""
    return datetime.combine(current_month().replace(day=day), time(12), CHINA_STANDARD_TIME)


async def test_a_member_who_has_not_paid_this_month_is_reminded_once_from_the_15th(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1, who has paid every month so far, and m2, who has paid none; both with accounts
    await ensure_brackets(database)
    tokens = app.state.services.tokens
    paid = await member_token(database, world, tokens, "m1")
    unpaid = await member_token(database, world, tokens, "m2")
    for member in ("m1", "m2"):
        assert "errors" not in await declare(client, world, member, months_back=1)
    body = await pay(client, world, "m1", "k-1", months=[month_back(1), month_back(0)])
    assert "errors" not in body, body
    services = app.state.services
    # when the rule runs on the 10th, then twice on the 20th
    early = await produce_reminders(services, [DUES_UNPAID_THIS_MONTH], now=on_day(10))
    later = [
        await produce_reminders(services, [DUES_UNPAID_THIS_MONTH], now=on_day(20)) for _ in "ab"
    ]
    # then only m2 is reminded, once, for this month
    assert (early, later) == (0, [1, 0])
    (reminder,) = (await execute(client, MINE, token=unpaid))["data"]["myReminders"]["nodes"]
    assert reminder["rule"] == "dues_unpaid_this_month"
    assert reminder["period"] == month_back(0)
    assert reminder["subjectId"] == world.member_id("m2")
    assert (await execute(client, MINE, token=paid))["data"]["myReminders"]["nodes"] == []
    # and the rule's own read leaves out what it has reminded of (its LIMIT starves nobody)
    async with database.session() as session:
        assert await DUES_UNPAID_THIS_MONTH.find(session, on_day(21)) == []


ARREARS = "{ myReminders { nodes { rule period body subjectId } } }"


async def arrears_reminders(client: httpx.AsyncClient, token: str) -> list[dict[str, str]]:
    body = await execute(client, ARREARS, token=token)
    assert "errors" not in body, body
    return [n for n in body["data"]["myReminders"]["nodes"] if n["rule"] == ARREARS_RULE]


async def owe(client: httpx.AsyncClient, world: World, months: dict[str, int]) -> None:
    """Each member declared that many months back and paid nothing."""
    for member, back in months.items():
        assert "errors" not in await declare(client, world, member, months_back=back)


async def test_the_secretary_of_a_branch_with_members_six_months_in_arrears_is_reminded_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given in grid_a1 m1 owes 8 past months and m2 3; m3 of grid_a2 owes 3; m4 of grid_b1 7
    await ensure_brackets(database)
    await owe(client, world, {"m1": 8, "m2": 3, "m3": 3})
    body = await declare(client, world, "m4", months_back=7, role="outsider")
    assert "errors" not in body, body
    # when the rule runs twice
    services = app.state.services
    produced = [await produce_reminders(services, [DUES_ARREARS_FOR_SECRETARY]) for _ in "ab"]
    # then community_a's secretary hears once of grid_a1 (one flagged of two owing), not of
    # grid_a2; community_b's of grid_b1; nobody else
    assert produced == [2, 0]
    (mine,) = await arrears_reminders(client, world.tokens["secretary"])
    assert (mine["period"], mine["subjectId"]) == (month_back(0), world.org_id("grid_a1"))
    assert "有 1 名党员欠缴党费满6个月（欠缴党员共 2 名）" in mine["body"]
    (theirs,) = await arrears_reminders(client, world.tokens["outsider"])
    assert theirs["subjectId"] == world.org_id("grid_b1")
    for other in ("admin", "grid_worker", "station_staff", "resident", "partner"):
        assert await arrears_reminders(client, world.tokens[other]) == []


async def test_paying_down_arrears_below_six_months_reminds_nobody(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 owed 7 past months and paid the three oldest
    await ensure_brackets(database)
    await owe(client, world, {"m1": 7})
    body = await pay(client, world, "m1", "k-old", months=[month_back(n) for n in (7, 6, 5)])
    assert "errors" not in body, body
    # when the rule runs
    produced = await produce_reminders(app.state.services, [DUES_ARREARS_FOR_SECRETARY])
    # then nobody is reminded (four months in arrears is not flagged)
    assert produced == 0


async def test_two_producers_racing_remind_of_a_branchs_arrears_once(
    app: Starlette,
    client: httpx.AsyncClient,
    world: World,
    database: Database,
    database_url: str,
) -> None:
    # given m1 of grid_a1 owes 9 past months, and two instances running the rule at once
    await ensure_brackets(database)
    services: Services = app.state.services
    await owe(client, world, {"m1": 9})
    other = Database(database_url)
    try:
        produced = await asyncio.gather(
            produce_reminders(services, [DUES_ARREARS_FOR_SECRETARY]),
            produce_reminders(
                dataclasses.replace(services, database=other), [DUES_ARREARS_FOR_SECRETARY]
            ),
        )
    finally:
        await other.dispose()
    # then one reminder was stored between them
    assert sum(produced) == 1
