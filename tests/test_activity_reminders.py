"""The activities' reminder rule: a confirmed participant is reminded once of an activity that
starts within a day; the waiting list, the cancelled and later activities are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from starlette.applications import Starlette

from db.accounts.models import Role
from db.activities.models import ActivityStatus
from db.engine import Database
from resolvers.activities.reminders import ACTIVITY_STARTING_SOON
from resolvers.reminders.produce import produce_reminders
from schema.relay import to_global_id
from tests.factories import create_account, create_activity, token_for
from tests.graphql import execute
from tests.world import World

SIGN_UP = "mutation ($id: ID!) { signUpForActivity(id: $id) { registration { status } } }"
MINE = "{ myReminders { nodes { rule title body subjectId } } }"


async def test_a_confirmed_participant_is_reminded_once_of_an_activity_starting_within_a_day(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given an activity in two hours with one place, taken; a second resident waitlisted;
    # and a cancelled activity and one in three days, each with a confirmed place
    now = datetime.now(UTC)
    community = world.orgs["community_a"]
    async with database.transaction() as session:
        soon = await create_activity(session, community, capacity=1, title="楼道清理")
        cancelled = await create_activity(session, community, title="取消的活动")
        later = await create_activity(
            session,
            community,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
        )
        people = [await create_account(session, [(Role.RESIDENT, community)]) for _ in range(2)]
    tokens = [token_for(app.state.services.tokens, person) for person in people]
    for activity in (soon, cancelled, later):
        await execute(
            client, SIGN_UP, {"id": to_global_id("Activity", activity.id)}, token=tokens[0]
        )
    waiting = await execute(
        client, SIGN_UP, {"id": to_global_id("Activity", soon.id)}, token=tokens[1]
    )
    assert waiting["data"]["signUpForActivity"]["registration"]["status"] == "WAITLISTED"
    async with database.transaction() as session:
        row = await session.get(type(cancelled), cancelled.id)
        assert row is not None
        row.status = ActivityStatus.CANCELLED
    # when the rule runs twice
    produced = [await produce_reminders(app.state.services, [ACTIVITY_STARTING_SOON]) for _ in "ab"]
    # then the participant has one reminder, of the activity in two hours; the waitlisted none
    assert produced == [1, 0]
    (reminder,) = (await execute(client, MINE, token=tokens[0]))["data"]["myReminders"]["nodes"]
    assert reminder["rule"] == "activity_starting_soon"
    assert reminder["subjectId"] == to_global_id("Activity", soon.id)
    assert "楼道清理" in reminder["body"]
    assert (await execute(client, MINE, token=tokens[1]))["data"]["myReminders"]["nodes"] == []
