"""Learning's reminder rule: a party member behind the year's pace of study hears of it once
a month; one on pace, or in January, does not."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from starlette.applications import Starlette

from db.engine import Database
from resolvers.learning.credits import credit_study
from resolvers.learning.reminders import LEARNING_BEHIND_HOURS, expected_by
from resolvers.reminders.produce import produce_reminders
from tests.graphql import execute
from tests.learning_support import context_of, make_learners
from tests.world import World

MINE = "{ myReminders { nodes { rule title period subjectId } } }"


def test_the_pace_is_the_months_gone_bys_share_of_the_year() -> None:
    assert [expected_by(1920, month) for month in (1, 2, 7, 12)] == [0, 160, 960, 1760]


async def test_a_member_behind_the_pace_is_reminded_once_a_month(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 credited 16 class hours in 2026 and m2 none
    learners = await make_learners(database, world, app, ("m1", "m2"))
    admin = await context_of(app, database, world.accounts["admin"].id)
    july = datetime(2026, 7, 10, 4, tzinfo=UTC)
    await credit_study(admin, world.members["m1"].id, "m", 960, "集中学习", "k", now=july)
    services = app.state.services
    # when the rule runs in January, twice in July, and in August
    january = await produce_reminders(
        services, [LEARNING_BEHIND_HOURS], now=datetime(2026, 1, 20, 4, tzinfo=UTC)
    )
    runs = [await produce_reminders(services, [LEARNING_BEHIND_HOURS], now=july) for _ in "ab"]
    august = await produce_reminders(
        services, [LEARNING_BEHIND_HOURS], now=datetime(2026, 8, 3, 4, tzinfo=UTC)
    )
    # then nobody is behind in January; m2 is reminded once in July; in August both are
    # (m1's 960 minutes are short of the 1120 expected by then)
    assert (january, runs, august) == (0, [1, 0], 2)
    nodes = (await execute(client, MINE, token=learners.token("m2")))["data"]["myReminders"][
        "nodes"
    ]
    assert [(n["rule"], n["period"]) for n in nodes] == [
        ("learning_behind_hours", "2026-08"),
        ("learning_behind_hours", "2026-07"),
    ]
    assert nodes[0]["subjectId"] == world.member_id("m2")
