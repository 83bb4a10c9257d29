"""The petitions' reminder rule: a handler is reminded once per deadline of a petition they
handle that falls due within a day."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

import db.petitions.reminders
from db.base import utcnow
from db.engine import Database
from db.petitions.models import PetitionRow
from resolvers.petitions.reminders import PETITION_DUE_SOON
from resolvers.reminders.produce import produce_reminders
from schema.relay import from_global_id
from tests.graphql import execute
from tests.petition_support import insert_petition
from tests.world import World

MINE = "{ myReminders { nodes { rule title body subjectId dueAt } } }"


async def test_the_handler_is_reminded_once_of_a_petition_due_within_a_day(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given petitions handled by the grid worker: one due in 5 hours, others not to remind of
    handler = world.accounts["grid_worker"].id
    now = utcnow()
    due = await insert_petition(
        database,
        world,
        "in_progress",
        handler_account_id=handler,
        deadline_at=now + timedelta(hours=5),
    )
    await insert_petition(  # due in two days
        database,
        world,
        "in_progress",
        handler_account_id=handler,
        deadline_at=now + timedelta(days=2),
    )
    await insert_petition(  # already late: the deadline job escalates it instead
        database,
        world,
        "in_progress",
        handler_account_id=handler,
        deadline_at=now - timedelta(hours=1),
    )
    await insert_petition(  # resolved
        database,
        world,
        "resolved",
        handler_account_id=handler,
        deadline_at=now + timedelta(hours=5),
    )
    await insert_petition(database, world, "accepted", deadline_at=now + timedelta(hours=5))
    # when the rule runs twice
    first = await produce_reminders(app.state.services, [PETITION_DUE_SOON])
    second = await produce_reminders(app.state.services, [PETITION_DUE_SOON])
    # then the handler has one reminder, about that petition
    assert (first, second) == (1, 0)
    body = await execute(client, MINE, token=world.tokens["grid_worker"])
    (reminder,) = body["data"]["myReminders"]["nodes"]
    assert reminder["rule"] == "petition_due_soon"
    assert reminder["subjectId"] == due
    assert "路灯不亮" in reminder["body"]
    assert reminder["title"] == "诉求即将到期"


async def test_a_new_deadline_brings_a_new_reminder(
    app: Starlette, world: World, database: Database
) -> None:
    handler = world.accounts["grid_worker"].id
    petition = await insert_petition(
        database, world, "assigned", handler_account_id=handler,
        deadline_at=utcnow() + timedelta(hours=3),
    )  # fmt: skip
    assert await produce_reminders(app.state.services, [PETITION_DUE_SOON]) == 1
    # when the deadline at its level moves (reopened, escalated, or supervised with a new one)
    async with database.transaction() as session:
        await session.execute(
            update(PetitionRow)
            .where(PetitionRow.id == from_global_id(petition)[1])
            .values(level_deadline_at=utcnow() + timedelta(hours=20))
        )
    # then the rule reminds of it again, once
    assert await produce_reminders(app.state.services, [PETITION_DUE_SOON]) == 1
    assert await produce_reminders(app.state.services, [PETITION_DUE_SOON]) == 0


async def test_a_busy_day_beyond_one_runs_limit_is_reminded_over_the_next_runs(
    app: Starlette, world: World, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given five petitions due today for one handler, and a rule that reads two per run
    monkeypatch.setattr(db.petitions.reminders, "LIMIT", 2)
    handler = world.accounts["grid_worker"].id
    for hours in range(1, 6):
        await insert_petition(
            database, world, "in_progress", handler_account_id=handler,
            deadline_at=utcnow() + timedelta(hours=hours),
        )  # fmt: skip
    # when it runs four times
    runs = [await produce_reminders(app.state.services, [PETITION_DUE_SOON]) for _ in range(4)]
    # then what one run reminded of leaves the next run's read: every petition is reached
    assert runs == [2, 2, 1, 0]


async def test_a_supervisions_new_deadline_is_the_one_the_handler_is_reminded_of(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a petition the grid worker handles, due in three days
    handler = world.accounts["grid_worker"].id
    petition = await insert_petition(
        database, world, "in_progress", handler_account_id=handler,
        deadline_at=utcnow() + timedelta(days=3),
    )  # fmt: skip
    assert await produce_reminders(app.state.services, [PETITION_DUE_SOON]) == 0
    # when the community secretary supervises it, asking for it within 12 hours
    due = utcnow() + timedelta(hours=12)
    supervised = await execute(
        client,
        "mutation ($input: SupervisePetitionInput!) { supervisePetition(input: $input) "
        "{ petition { levelDeadlineAt } } }",
        {"input": {"id": petition, "note": "尽快处理", "deadlineAt": due.isoformat()}},
        token=world.tokens["secretary"],
    )
    assert "errors" not in supervised, supervised
    # then the due-soon rule reminds the handler of that deadline
    assert await produce_reminders(app.state.services, [PETITION_DUE_SOON]) == 1
    body = await execute(client, MINE, token=world.tokens["grid_worker"])
    rules = sorted(node["rule"] for node in body["data"]["myReminders"]["nodes"])
    assert rules == ["petition_due_soon", "petition_supervised"]
