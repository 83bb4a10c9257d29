"""The deadline job: overdue petitions are escalated to the parent exactly once."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

import httpx
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.events.log import EventRow
from db.petitions.models import PetitionAction, PetitionRow, PetitionStatus, PetitionStepRow
from resolvers.context import Services
from resolvers.petitions.deadlines import escalate_overdue
from tests.graphql import execute
from tests.petition_support import insert_petition
from tests.world import World

PETITION = "query ($id: ID!) { petition(id: $id) { status escalations overdueAt isOverdue handlingOrganization { name } } }"


async def test_two_workers_racing_escalate_each_overdue_petition_once(
    app: Starlette, world: World, database: Database, database_url: str
) -> None:
    late = utcnow() - timedelta(hours=1)
    for _ in range(5):
        await insert_petition(database, world, "in_progress", deadline_at=late)
    await insert_petition(database, world, "in_progress")  # not yet due
    await insert_petition(database, world, "resolved", deadline_at=late)  # done: never overdue
    services: Services = app.state.services
    other = Database(database_url)  # a second instance: its own engine and connections
    try:
        counts = await asyncio.gather(
            escalate_overdue(services),
            escalate_overdue(dataclasses.replace(services, database=other)),
        )
        assert sum(counts) == 5
        assert await escalate_overdue(services) == 0
    finally:
        await other.dispose()
    async with database.session() as session:
        steps = await session.scalar(
            select(func.count()).where(PetitionStepRow.action == PetitionAction.ESCALATE)
        )
        events = await session.scalar(
            select(func.count()).where(EventRow.type == "petition.escalated")
        )
        held = set(
            await session.scalars(
                select(PetitionRow.handling_org_id).where(PetitionRow.overdue_at.is_not(None))
            )
        )
    assert steps == events == 5
    assert held == {world.orgs["community_a"].id}


async def test_an_escalated_petition_shows_where_it_is_now(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(
        database, world, "assigned", deadline_at=utcnow() - timedelta(minutes=5)
    )
    await escalate_overdue(app.state.services)

    body = await execute(client, PETITION, {"id": petition_id}, token=world.tokens["secretary"])

    petition = body["data"]["petition"]
    assert petition["status"] == PetitionStatus.ACCEPTED.name
    assert petition["escalations"] == 1
    assert petition["overdueAt"] is not None
    assert petition["isOverdue"] is True
    assert petition["handlingOrganization"]["name"] == world.orgs["community_a"].name
