"""A petition a department holds (resolvers/petitions/dispatched.py): while its dispatch is
live, the petition's own handling steps and merging are refused with CONFLICT naming the
department and what to do, and change nothing; supervision still marks it; once the dispatch
is returned or withdrawn, the ordinary steps work again."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from tests.department_support import (
    Departments,
    build_departments,
    dispatch_statuses,
    dispatched,
    stepped,
)
from tests.graphql import error_codes, execute
from tests.petition_support import advance, insert_petition, step
from tests.world import World

PETITION = "query ($id: ID!) { node(id: $id) { ... on Petition { status version } } }"
SUPERVISE = """
mutation ($input: SupervisePetitionInput!) {
  supervisePetition(input: $input) { petition { status supervisions } }
}
"""
MERGE = """
mutation ($input: MergePetitionInput!) { mergePetition(input: $input) { petition { status } } }
"""


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


async def held_by_community(database: Database, world: World) -> str:
    community = world.orgs["community_a"]
    return await insert_petition(
        database, world, "accepted", handling_org_id=community.id, handling_org_path=community.path
    )


async def dispatched_to_street(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> tuple[str, str]:
    """(petition, lead dispatch) of a petition community A dispatched to street A's 城管中队."""
    petition_id = await held_by_community(database, world)
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    return petition_id, lead["id"]


async def petition(client: httpx.AsyncClient, world: World, petition_id: str) -> dict[str, str]:
    body = await execute(client, PETITION, {"id": petition_id}, token=world.tokens["secretary"])
    found: dict[str, str] = body["data"]["node"]
    return found


@pytest.mark.parametrize("action", ["assign", "start", "escalate"])
async def test_a_dispatched_petitions_own_steps_are_refused_and_change_nothing(
    client: httpx.AsyncClient,
    world: World,
    database: Database,
    departments: Departments,
    action: str,
) -> None:
    # Given a petition the street's 城管中队 holds
    petition_id, _lead = await dispatched_to_street(client, world, database, departments)
    before = await petition(client, world, petition_id)
    # When its community secretary takes one of its own steps
    body = await step(client, world.tokens["secretary"], action, petition_id)
    # Then it is refused naming the department and the way out, and nothing changed
    assert error_codes(body) == ["CONFLICT"]
    message = body["errors"][0]["message"]
    assert "A街道城管中队" in message
    assert "withdrawDispatch" in message
    assert await petition(client, world, petition_id) == before


async def test_resolving_a_petition_the_department_handles_is_refused_and_its_report_still_counts(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a dispatch the department accepted (the petition IN_PROGRESS)
    petition_id, lead = await dispatched_to_street(client, world, database, departments)
    staff, secretary = departments.tokens["cg_a"], world.tokens["secretary"]
    await stepped(client, staff, "accept", lead)
    # When the community tries to resolve it itself
    body = await step(client, secretary, "resolve", petition_id)
    # Then it is refused, and the department's report and the confirmation still go through
    assert error_codes(body) == ["CONFLICT"]
    await stepped(client, staff, "report", lead)
    confirmed = await stepped(client, secretary, "confirm", lead)
    assert confirmed["petition"]["status"] == "RESOLVED"


async def test_an_upper_level_still_supervises_a_dispatched_petition(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id, _lead = await dispatched_to_street(client, world, database, departments)
    variables = {"input": {"id": petition_id, "note": "请三日内修复并回复居民"}}
    body = await execute(client, SUPERVISE, variables, token=world.tokens["admin"])
    assert "errors" not in body, body
    assert body["data"]["supervisePetition"]["petition"] == {
        "status": "ASSIGNED",
        "supervisions": 1,
    }


async def test_a_dispatched_report_cannot_be_merged_into_another(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id, _lead = await dispatched_to_street(client, world, database, departments)
    master_id = await held_by_community(database, world)
    variables = {"input": {"id": petition_id, "masterId": master_id}}
    body = await execute(client, MERGE, variables, token=world.tokens["secretary"])
    assert error_codes(body) == ["CONFLICT"]
    assert (await petition(client, world, petition_id))["status"] == "ASSIGNED"


async def test_once_the_department_returns_it_the_community_handles_it_again(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id, lead = await dispatched_to_street(client, world, database, departments)
    await stepped(client, departments.tokens["cg_a"], "return", lead)
    resolved = await advance(client, world, petition_id, ["assign", "start", "resolve"])
    assert resolved["status"] == "RESOLVED"
    assert len(await dispatch_statuses(database, petition_id)) == 1
