"""The deadline job and dispatched petitions: a department holding a petition within its
dispatch's deadline keeps it however overdue the level is; once the department is late too, the
petition climbs as any other, still held by the department; a returned one climbs as usual."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from db.base import utcnow
from db.departments.models import DispatchRow, DispatchStatus
from db.engine import Database
from db.petitions.models import PetitionRow
from resolvers.petitions.deadlines import escalate_overdue
from schema.relay import from_global_id
from tests.department_support import (
    Departments,
    build_departments,
    dispatch_statuses,
    dispatched,
    stepped,
)
from tests.graphql import execute
from tests.petition_support import insert_petition
from tests.world import World

PETITION = """
query ($id: ID!) {
  petition(id: $id) { status handlerName escalations handlingOrganization { name } }
}
"""


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


async def overdue_at_the_community(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> tuple[str, str]:
    """(petition, lead dispatch) dispatched by community A to street A's 城管中队, its
    community deadline past."""
    community = world.orgs["community_a"]
    petition_id = await insert_petition(
        database, world, "accepted", handling_org_id=community.id, handling_org_path=community.path
    )
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    async with database.transaction() as session:
        await session.execute(
            update(PetitionRow)
            .where(PetitionRow.id == from_global_id(petition_id)[1])
            .values(level_deadline_at=utcnow() - timedelta(hours=1))
        )
    return petition_id, lead["id"]


async def dispatch_late(database: Database, dispatch_id: str) -> None:
    async with database.transaction() as session:
        await session.execute(
            update(DispatchRow)
            .where(DispatchRow.id == from_global_id(dispatch_id)[1])
            .values(deadline_at=utcnow() - timedelta(minutes=5))
        )


async def shown(client: httpx.AsyncClient, world: World, petition_id: str) -> dict[str, object]:
    body = await execute(client, PETITION, {"id": petition_id}, token=world.tokens["admin"])
    found: dict[str, object] = body["data"]["petition"]
    return found


async def test_a_petition_a_department_holds_within_its_deadline_is_not_escalated(
    app: Starlette,
    client: httpx.AsyncClient,
    world: World,
    database: Database,
    departments: Departments,
) -> None:
    # Given a dispatched petition whose community deadline passed, its dispatch not yet due
    petition_id, _lead = await overdue_at_the_community(client, world, database, departments)
    # When the deadline job runs
    claimed = await escalate_overdue(app.state.services)
    # Then it leaves the petition with the department, at the community
    assert claimed == 0
    assert await shown(client, world, petition_id) == {
        "status": "ASSIGNED",
        "handlerName": "A街道城管中队",
        "escalations": 0,
        "handlingOrganization": {"name": world.orgs["community_a"].name},
    }


async def test_past_the_dispatch_deadline_it_climbs_still_held_by_the_department(
    app: Starlette,
    client: httpx.AsyncClient,
    world: World,
    database: Database,
    departments: Departments,
) -> None:
    # Given a dispatched petition overdue at the community, the department late too
    petition_id, lead = await overdue_at_the_community(client, world, database, departments)
    await stepped(client, departments.tokens["cg_a"], "accept", lead)
    await dispatch_late(database, lead)
    # When the deadline job runs
    claimed = await escalate_overdue(app.state.services)
    # Then it climbs to the street, its status and handler as they were, the dispatch live
    assert claimed == 1
    assert await shown(client, world, petition_id) == {
        "status": "IN_PROGRESS",
        "handlerName": "A街道城管中队",
        "escalations": 1,
        "handlingOrganization": {"name": world.orgs["street_a"].name},
    }
    assert await dispatch_statuses(database, petition_id) == [DispatchStatus.ACCEPTED]
    # And the department's late report is still confirmed by the community that dispatched it
    await stepped(client, departments.tokens["cg_a"], "report", lead)
    confirmed = await stepped(client, world.tokens["secretary"], "confirm", lead)
    assert confirmed["petition"]["status"] == "RESOLVED"


async def test_a_returned_petition_past_its_deadline_climbs_as_usual(
    app: Starlette,
    client: httpx.AsyncClient,
    world: World,
    database: Database,
    departments: Departments,
) -> None:
    petition_id, lead = await overdue_at_the_community(client, world, database, departments)
    await stepped(client, departments.tokens["cg_a"], "return", lead)
    assert await escalate_overdue(app.state.services) == 1
    found = await shown(client, world, petition_id)
    assert (found["status"], found["escalations"]) == ("ACCEPTED", 1)
