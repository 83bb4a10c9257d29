"""The dues' reminder rule: from the 15th, a party member with an account who has not paid
this month's dues is reminded once for the month; one who paid, or before the 15th, is not."""

from __future__ import annotations

from datetime import datetime, time

import httpx
from starlette.applications import Starlette

from db.base import CHINA_STANDARD_TIME
from db.engine import Database
from resolvers.dues.months import current_month
from resolvers.dues.reminders import DUES_UNPAID_THIS_MONTH
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
