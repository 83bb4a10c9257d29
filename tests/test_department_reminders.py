"""A dispatch left unanswered reminds the department's staff once; answered, it reminds no more."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from db.base import utcnow
from db.departments.models import DispatchRow
from db.engine import Database
from resolvers.departments.reminders import ANSWER_WITHIN, DISPATCH_UNANSWERED
from resolvers.reminders.produce import produce_reminders
from schema.relay import from_global_id
from tests.department_support import Departments, build_departments, dispatched
from tests.graphql import execute
from tests.petition_support import insert_petition
from tests.world import World

REMINDERS = "{ myReminders(first: 10) { nodes { rule title subjectId } } }"


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


async def dispatched_long_ago(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> str:
    community = world.orgs["community_a"]
    petition_id = await insert_petition(
        database,
        world,
        "accepted",
        handling_org_id=community.id,
        handling_org_path=community.path,
    )
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    async with database.transaction() as session:
        await session.execute(
            update(DispatchRow)
            .where(DispatchRow.id == from_global_id(lead["id"])[1])
            .values(created_at=utcnow() - ANSWER_WITHIN - timedelta(minutes=1))
        )
    return str(lead["id"])


async def test_an_unanswered_dispatch_reminds_the_departments_staff_once(
    client: httpx.AsyncClient,
    app: Starlette,
    world: World,
    database: Database,
    departments: Departments,
) -> None:
    dispatch_id = await dispatched_long_ago(client, world, database, departments)
    assert await produce_reminders(app.state.services, [DISPATCH_UNANSWERED]) == 1
    assert await produce_reminders(app.state.services, [DISPATCH_UNANSWERED]) == 0
    body = await execute(client, REMINDERS, token=departments.tokens["cg_a"])
    assert body["data"]["myReminders"]["nodes"] == [
        {"rule": "dispatch_unanswered", "title": "派单待签收", "subjectId": dispatch_id}
    ]


async def test_a_recent_or_answered_dispatch_reminds_nobody(
    client: httpx.AsyncClient,
    app: Starlette,
    world: World,
    database: Database,
    departments: Departments,
) -> None:
    community = world.orgs["community_a"]
    petition_id = await insert_petition(
        database, world, "accepted", handling_org_id=community.id, handling_org_path=community.path
    )
    await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("fg_a")
    )
    dispatch_id = await dispatched_long_ago(client, world, database, departments)
    await execute(
        client,
        "mutation ($id: ID!) { acceptDispatch(input: {id: $id}) { dispatch { status } } }",
        {"id": dispatch_id},
        token=departments.tokens["cg_a"],
    )
    assert await produce_reminders(app.state.services, [DISPATCH_UNANSWERED]) == 0
