"""The meetings' reminder rules: each expected attendee with an account is reminded once of a
meeting starting within a day (excused and checked-in members, other branches, and later
meetings are not); from the 20th, the nearest secretaries of a branch behind its cadence are
reminded once a month, nobody else, however many producers race."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.accounts.models import Role
from db.engine import Database
from db.reminders.models import ReminderRow
from resolvers.context import Services
from resolvers.meetings.reminders import BEHIND_RULE, BRANCH_BEHIND_CADENCE, MEETING_STARTING_SOON
from resolvers.reminders.produce import produce_reminders
from tests.factories import create_account, token_for
from tests.graphql import execute
from tests.meeting_support import build_branches, check_in, create_meeting, schedule
from tests.world import World

MINE = "{ myReminders { nodes { rule title body subjectId } } }"


async def reminded(client: httpx.AsyncClient, token: str) -> list[dict[str, str]]:
    body = await execute(client, MINE, token=token)
    nodes: list[dict[str, str]] = body["data"]["myReminders"]["nodes"]
    return nodes


async def test_an_expected_attendee_is_reminded_once_of_a_meeting_within_a_day(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a branch assembly of grid A1 in ten minutes, m2 already checked in, and a
    # meeting of the same branch in three days
    branches = await build_branches(database, world, app.state.services.tokens)
    soon = await schedule(client, branches)
    await schedule(client, branches, starts_at=datetime.now(UTC) + timedelta(days=3))
    await check_in(client, branches, soon, who="m2")
    # when the rule runs twice
    produced = [await produce_reminders(app.state.services, [MEETING_STARTING_SOON]) for _ in "ab"]
    # then m1 alone has one reminder, of the meeting in ten minutes
    assert produced == [1, 0]
    (reminder,) = await reminded(client, branches.token("m1"))
    assert reminder["rule"] == "meeting_starting_soon"
    assert reminder["subjectId"] == soon["id"]
    assert "学习贯彻党的二十大精神" in reminder["body"]
    for other in ("m2", "m3", "m4"):  # checked in; another grid's branch; another community
        assert await reminded(client, branches.token(other)) == []


BEHIND = "{ myReminders { nodes { rule period title body subjectId } } }"
MONTHLY = ("branch_committee", "group_meeting", "party_day")


def on(day: str) -> datetime:
    """10:00 China time on that day ("2025-02-20")."""
    return datetime.fromisoformat(f"{day}T02:00:00+00:00")


async def hold(
    database: Database, world: World, branch: str, month: str, kinds: Sequence[str]
) -> None:
    async with database.transaction() as session:
        for kind in kinds:
            await create_meeting(session, world.orgs[branch], kind, on(f"{month}-05"), present=1)


async def behind_reminders(client: httpx.AsyncClient, token: str) -> list[dict[str, Any]]:
    body = await execute(client, BEHIND, token=token)
    assert "errors" not in body, body
    return [n for n in body["data"]["myReminders"]["nodes"] if n["rule"] == BEHIND_RULE]


async def test_the_secretary_of_a_branch_behind_this_month_is_reminded_once_from_the_20th(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given February 2025: grid_a1 held every monthly kind, grid_a2 and grid_b1 none
    await build_branches(database, world, app.state.services.tokens)
    await hold(database, world, "grid_a1", "2025-02", MONTHLY)
    services = app.state.services
    # when the rule runs on the 19th, then twice on the 20th
    early = await produce_reminders(services, [BRANCH_BEHIND_CADENCE], now=on("2025-02-19"))
    later = [
        await produce_reminders(services, [BRANCH_BEHIND_CADENCE], now=on("2025-02-20"))
        for _ in "ab"
    ]
    # then community_a's secretary hears once of grid_a2 (what it misses, not the 党课: the
    # quarter has time) and community_b's of grid_b1; nobody else hears anything
    assert (early, later) == (0, [2, 0])
    (mine,) = await behind_reminders(client, world.tokens["secretary"])
    assert mine["period"] == "2025-02"
    assert mine["subjectId"] == world.org_id("grid_a2")
    assert "grid_a2网格党支部" in mine["body"]
    assert "主题党日（本月）" in mine["body"]
    assert "党课" not in mine["body"]
    (theirs,) = await behind_reminders(client, world.tokens["outsider"])
    assert theirs["subjectId"] == world.org_id("grid_b1")
    for other in ("admin", "grid_worker", "station_staff", "resident", "partner"):
        assert await behind_reminders(client, world.tokens[other]) == []


async def test_in_a_quarters_last_month_a_missing_party_lecture_is_behind(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given grid_a1 held every monthly kind in March 2025 and a 支部党员大会 in February, but
    # no 党课 this quarter
    await build_branches(database, world, app.state.services.tokens)
    await hold(database, world, "grid_a1", "2025-03", MONTHLY)
    await hold(database, world, "grid_a1", "2025-02", ["branch_assembly"])
    # when the rule runs on 2025-03-25
    await produce_reminders(app.state.services, [BRANCH_BEHIND_CADENCE], now=on("2025-03-25"))
    # then the secretary's reminder of grid_a1 names the 党课 alone
    mine = {
        r["subjectId"]: r["body"] for r in await behind_reminders(client, world.tokens["secretary"])
    }
    assert set(mine) == {world.org_id("grid_a1"), world.org_id("grid_a2")}
    assert "尚未召开：党课（本季度）。" in mine[world.org_id("grid_a1")]


async def test_a_secretary_bound_on_the_branch_itself_is_reminded_instead_of_the_community(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a secretary of grid_a2 itself
    tokens = app.state.services.tokens
    await build_branches(database, world, tokens)
    async with database.transaction() as session:
        own = await create_account(session, [(Role.SECRETARY, world.orgs["grid_a2"])])
    # when the rule runs on 2025-02-20 (no branch met)
    await produce_reminders(app.state.services, [BRANCH_BEHIND_CADENCE], now=on("2025-02-20"))
    # then grid_a2's own secretary hears of it; community_a's secretary of grid_a1 only
    (theirs,) = await behind_reminders(client, token_for(tokens, own))
    assert theirs["subjectId"] == world.org_id("grid_a2")
    mine = await behind_reminders(client, world.tokens["secretary"])
    assert [r["subjectId"] for r in mine] == [world.org_id("grid_a1")]


async def test_two_producers_racing_remind_each_secretary_of_each_branch_once(
    app: Starlette, world: World, database: Database, database_url: str
) -> None:
    # given no branch met in February 2025, and two instances running the rule at once
    services: Services = app.state.services
    await build_branches(database, world, services.tokens)
    other = Database(database_url)
    try:
        produced = await asyncio.gather(
            produce_reminders(services, [BRANCH_BEHIND_CADENCE], now=on("2025-02-21")),
            produce_reminders(
                dataclasses.replace(services, database=other),
                [BRANCH_BEHIND_CADENCE],
                now=on("2025-02-21"),
            ),
        )
    finally:
        await other.dispose()
    # then between them: three branches, one secretary each, once
    assert sum(produced) == 3
    async with database.session() as session:
        stored = await session.scalar(
            select(func.count()).select_from(ReminderRow).where(ReminderRow.rule == BEHIND_RULE)
        )
    assert stored == 3
