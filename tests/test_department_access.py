"""A department's staff see the petitions dispatched to their department and nothing else, on
every read path: the list, node(id), the timeline, dispatches, events, statistics."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from tests.department_support import Departments, build_departments, dispatched
from tests.graphql import error_codes, execute, statements_for
from tests.petition_support import insert_petition
from tests.world import World
from tests.ws import SubscriptionClient, watching

PETITIONS = "{ petitions(first: 50) { totalCount nodes { id } } }"
NODE = "query ($id: ID!) { node(id: $id) { ... on Petition { id timeline { action } } } }"
DISPATCHES = "query ($id: ID!) { petitionDispatches(petitionId: $id) { department { name } } }"
MY_DISPATCHES = "{ myDispatches(first: 50) { totalCount nodes { status petition { id } } } }"
EVENTS = "{ recentEvents(last: 50) { type ... on PetitionEvent { petition { id } } } }"
STATISTICS = "query ($under: ID!) { petitionStatistics(under: $under, days: 7) { total } }"
ORGANIZATIONS = "{ organizations(first: 10) { totalCount } }"
DEPARTMENTS = """
query ($first: Int) {
  departments(first: $first) {
    nodes {
      name organization { name } statistics { dispatched returnRate onTimeRate satisfactionRate }
    }
  }
}
"""


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


async def dispatched_and_not(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> tuple[str, str]:
    """Two petitions held by community A: the first dispatched to street A's 城管中队 (and the
    district's 房管局 co-handling it), the second not dispatched at all."""
    community = world.orgs["community_a"]
    held = {"handling_org_id": community.id, "handling_org_path": community.path}
    first = await insert_petition(database, world, "accepted", **held)
    second = await insert_petition(database, world, "accepted", **held)
    await dispatched(
        client,
        world.tokens["secretary"],
        first,
        departmentId=departments.id("cg_a"),
        coHandlerIds=[departments.id("fg_a")],
    )
    return first, second


async def test_the_petition_list_holds_only_the_departments_petitions(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    first, _second = await dispatched_and_not(client, world, database, departments)
    own = await execute(client, PETITIONS, token=departments.tokens["cg_a"])
    assert [n["id"] for n in own["data"]["petitions"]["nodes"]] == [first]
    assert own["data"]["petitions"]["totalCount"] == 1
    other = await execute(client, PETITIONS, token=departments.tokens["cg_b"])
    assert other["data"]["petitions"]["nodes"] == []


async def test_node_and_timeline_answer_for_a_dispatched_petition_only(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    first, second = await dispatched_and_not(client, world, database, departments)
    token = departments.tokens["cg_a"]
    shown = await execute(client, NODE, {"id": first}, token=token)
    assert shown["data"]["node"]["timeline"][-1]["action"] == "DISPATCH"
    hidden = await execute(client, NODE, {"id": second}, token=token)
    assert hidden["data"]["node"] is None
    elsewhere = await execute(client, NODE, {"id": first}, token=departments.tokens["cg_b"])
    assert elsewhere["data"]["node"] is None


async def test_a_department_sees_its_own_dispatch_of_a_petition_only(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    first, _second = await dispatched_and_not(client, world, database, departments)
    own = await execute(client, DISPATCHES, {"id": first}, token=departments.tokens["fg_a"])
    assert own["data"]["petitionDispatches"] == [{"department": {"name": "A区房屋管理局"}}]
    community = await execute(client, DISPATCHES, {"id": first}, token=world.tokens["secretary"])
    assert len(community["data"]["petitionDispatches"]) == 2


async def test_my_dispatches_lists_the_departments_and_refuses_other_accounts(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    first, _second = await dispatched_and_not(client, world, database, departments)
    own = await execute(client, MY_DISPATCHES, token=departments.tokens["cg_a"])
    assert own["data"]["myDispatches"]["nodes"] == [
        {"status": "DISPATCHED", "petition": {"id": first}}
    ]
    none = await execute(client, MY_DISPATCHES, token=departments.tokens["cg_b"])
    assert none["data"]["myDispatches"]["totalCount"] == 0
    secretary = await execute(client, MY_DISPATCHES, token=world.tokens["secretary"])
    assert error_codes(secretary) == ["FORBIDDEN"]


async def test_events_reach_the_departments_concerned_and_no_other(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    first, _second = await dispatched_and_not(client, world, database, departments)
    for key in ("cg_a", "fg_a"):
        seen = await execute(client, EVENTS, token=departments.tokens[key])
        assert seen["data"]["recentEvents"] == [
            {"type": "PETITION_DISPATCHED", "petition": {"id": first}}
        ]
    other = await execute(client, EVENTS, token=departments.tokens["cg_b"])
    assert other["data"]["recentEvents"] == []


async def test_statistics_and_the_organisation_tree_stay_closed_to_a_department(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    await dispatched_and_not(client, world, database, departments)
    token = departments.tokens["cg_a"]
    figures = await execute(client, STATISTICS, {"under": world.org_id("street_a")}, token=token)
    assert error_codes(figures) == ["NOT_FOUND"]  # the street is not theirs to see
    organizations = await execute(client, ORGANIZATIONS, token=token)
    assert organizations["data"]["organizations"]["totalCount"] == 0


async def test_a_department_reads_its_own_figures_and_a_community_those_serving_it(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    await dispatched_and_not(client, world, database, departments)
    own = await execute(client, DEPARTMENTS, {"first": 10}, token=departments.tokens["cg_a"])
    assert [n["name"] for n in own["data"]["departments"]["nodes"]] == ["A街道城管中队"]
    serving = await execute(client, DEPARTMENTS, {"first": 10}, token=world.tokens["secretary"])
    names = [n["name"] for n in serving["data"]["departments"]["nodes"]]
    assert names == ["A街道城管中队", "A区房屋管理局"]  # not street B's
    # their places, above the community, lie outside the secretary's scope
    assert [n["organization"] for n in serving["data"]["departments"]["nodes"]] == [None, None]
    assert serving["data"]["departments"]["nodes"][0]["statistics"]["dispatched"] == 1


async def test_a_page_of_departments_with_figures_costs_the_same_statements_for_1_and_3(
    client: httpx.AsyncClient,
    app: Starlette,
    world: World,
    database: Database,
    departments: Departments,
) -> None:
    token = world.tokens["admin"]
    assert await statements_for(client, app, DEPARTMENTS, token, 1) == await statements_for(
        client, app, DEPARTMENTS, token, 3
    )


LIVE = """
subscription { events(types: [PETITION_DISPATCHED]) { type ... on PetitionEvent { petition { id } } } }
"""


async def test_the_events_subscription_delivers_the_departments_petitions_live(
    live_server: str, world: World, database: Database, departments: Departments
) -> None:
    # Given street A's 城管中队 subscribed to petition events
    screen = await SubscriptionClient.open(live_server, token=departments.tokens["cg_a"])
    await screen.subscribe(LIVE)
    await watching(live_server, 1)
    # When community A dispatches a petition to it
    community = world.orgs["community_a"]
    held = {"handling_org_id": community.id, "handling_org_path": community.path}
    petition_id = await insert_petition(database, world, "accepted", **held)
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as http:
        await dispatched(
            http, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
        )
    # Then the department hears of it, with the petition
    payload = await screen.next_payload()
    await screen.close()
    assert payload["data"]["events"] == {
        "type": "PETITION_DISPATCHED",
        "petition": {"id": petition_id},
    }
