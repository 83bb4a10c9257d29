"""The meetings' reminder rule: each expected attendee with an account is reminded once of a
meeting starting within a day; excused and checked-in members, other branches, and later
meetings are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from starlette.applications import Starlette

from db.engine import Database
from resolvers.meetings.reminders import MEETING_STARTING_SOON
from resolvers.reminders.produce import produce_reminders
from tests.graphql import execute
from tests.meeting_support import build_branches, check_in, schedule
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
