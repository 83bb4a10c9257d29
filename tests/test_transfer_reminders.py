"""The transfers' reminder rule: once the destination has let its answer date pass, each of
its secretaries hears of it once; the source, transfers not yet due, and answered ones not."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import update
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.transfers.models import TransferRow
from resolvers.reminders.produce import produce_reminders
from resolvers.transfers.reminders import TRANSFER_UNANSWERED
from schema.relay import from_global_id
from tests.graphql import execute
from tests.transfer_support import accepted, approved, secretary_of
from tests.world import World

MINE = "{ myReminders { nodes { rule title body subjectId } } }"


async def reminded(client: httpx.AsyncClient, token: str) -> list[dict[str, str]]:
    body = await execute(client, MINE, token=token)
    nodes: list[dict[str, str]] = body["data"]["myReminders"]["nodes"]
    return nodes


async def overdue(database: Database, global_id: str, days: int = 1) -> None:
    async with database.transaction() as session:
        await session.execute(
            update(TransferRow)
            .where(TransferRow.id == from_global_id(global_id, field="id")[1])
            .values(answer_due_at=utcnow() - timedelta(days=days))
        )


async def test_the_destinations_secretaries_are_reminded_once_of_an_unanswered_transfer(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's approved transfer to grid b1 past its answer date, a secretary bound at
    # grid b1 itself, and m4's transfer to grid a2 approved and not yet due
    branch = await secretary_of(database, world, app.state.services.tokens, "grid_b1")
    late = await approved(client, world)
    await overdue(database, late["id"])
    await approved(client, world, "outsider", member="m4", destination="grid_a2")
    # when the rule runs twice
    produced = [await produce_reminders(app.state.services, [TRANSFER_UNANSWERED]) for _ in "ab"]
    # then the secretaries of grid b1 and of community B above it have one reminder each
    assert produced == [2, 0]
    for token in (branch, world.tokens["outsider"]):
        (reminder,) = await reminded(client, token)
        assert reminder["rule"] == "transfer_unanswered"
        assert reminder["subjectId"] == late["id"]
        assert world.members["m1"].name in reminder["body"]
    # and the source's secretary none
    assert await reminded(client, world.tokens["secretary"]) == []


async def test_an_answered_transfer_is_not_reminded(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a transfer accepted after its answer date passed
    done = await accepted(client, world)
    await overdue(database, done["id"])
    # when the rule runs
    produced = await produce_reminders(app.state.services, [TRANSFER_UNANSWERED])
    # then nobody is reminded
    assert produced == 0
