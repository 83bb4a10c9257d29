"""Dispatch 派单 to functional departments: the community dispatches, the department accepts or
returns 退单 it, handles it and reports back, the community confirms, the resident rates; each
step by its own side only, on the petition's timeline, on fresh versions."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from schema.relay import from_global_id
from tests.department_support import (
    Departments,
    build_departments,
    dispatch,
    dispatch_step,
    dispatched,
    stepped,
)
from tests.graphql import error_codes, execute
from tests.petition_support import categories, insert_petition, step
from tests.world import World

PETITION = "query ($id: ID!) { node(id: $id) { ... on Petition { status version handlerName } } }"
MERGE = (
    "mutation ($input: MergePetitionInput!) { mergePetition(input: $input) { petition { id } } }"
)
RESOLVED = "query ($id: ID!) { node(id: $id) { ... on Petition { status resolution } } }"


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


async def held_by_community(database: Database, world: World, **overrides: object) -> str:
    """An accepted petition of grid A1, held by community A (whose secretary dispatches)."""
    community = world.orgs["community_a"]
    return await insert_petition(
        database,
        world,
        "accepted",
        handling_org_id=community.id,
        handling_org_path=community.path,
        **overrides,
    )


async def test_a_community_dispatches_a_petition_to_the_streets_department(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given an accepted petition held by community A
    petition_id = await held_by_community(database, world)
    # When its secretary dispatches it to street A's 城管中队 with a note
    body = await dispatch(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a"),
        note="请核查占道经营",
    )  # fmt: skip
    # Then the petition is ASSIGNED to the department, and the dispatch waits for its answer
    assert "errors" not in body, body
    result = body["data"]["dispatchPetition"]
    assert result["petition"]["status"] == "ASSIGNED"
    assert result["petition"]["handlerName"] == "A街道城管中队"
    step_taken = result["petition"]["timeline"][-1]
    assert step_taken["action"] == "DISPATCH"
    assert step_taken["note"] == "派单至A街道城管中队（主办）：请核查占道经营"
    [lead] = result["dispatches"]
    assert (lead["status"], lead["lead"]) == ("DISPATCHED", True)
    assert lead["nextActions"] == ["TAKE", "RETURN", "WITHDRAW"]


async def test_without_a_department_the_categorys_default_nearest_the_place_is_the_lead(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a petition of 市容秩序, whose default department is 街道城管中队
    codes = await categories(database)
    category = from_global_id(codes["PM-ORDER"])[1]
    petition_id = await held_by_community(database, world, category_id=category)
    # When the secretary dispatches it naming no department
    [lead] = await dispatched(client, world.tokens["secretary"], petition_id)
    # Then it goes to the 城管中队 of the street serving the grid
    assert lead["department"]["name"] == "A街道城管中队"


async def test_the_department_returns_it_once_then_resolves_it_and_the_resident_rates(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a petition dispatched to street A's 城管中队
    petition_id = await held_by_community(database, world)
    secretary, staff = world.tokens["secretary"], departments.tokens["cg_a"]
    [first] = await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    # When the department returns it with a reason
    returned = await stepped(client, staff, "return", first["id"])
    # Then it is back with the community, ACCEPTED, the reason on the timeline
    assert returned["dispatch"]["status"] == "RETURNED"
    assert returned["petition"]["status"] == "ACCEPTED"
    assert returned["petition"]["handlerName"] is None
    assert returned["petition"]["timeline"][-1]["action"] == "RETURN"
    assert "不属本中队辖区" in returned["petition"]["timeline"][-1]["note"]
    # When the community dispatches it again, and the department accepts and reports back
    [again] = await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    taken = await stepped(client, staff, "accept", again["id"])
    assert taken["petition"]["status"] == "IN_PROGRESS"
    reported = await stepped(client, staff, "report", again["id"])
    assert reported["dispatch"]["status"] == "REPORTED"
    assert reported["petition"]["status"] == "IN_PROGRESS"
    # And the community confirms
    confirmed = await stepped(client, secretary, "confirm", again["id"])
    # Then the petition is RESOLVED with the department's report, and the resident rates it
    assert confirmed["petition"]["status"] == "RESOLVED"
    assert confirmed["petition"]["resolution"] == "已清理占道摊位并告知业主，今后每日巡查"
    actions = [s["action"] for s in confirmed["petition"]["timeline"]]
    assert actions[-6:] == ["DISPATCH", "RETURN", "DISPATCH", "TAKE", "REPORT", "CONFIRM"]
    rated = await step(client, world.tokens["resident"], "rate", petition_id)
    assert rated["data"]["ratePetition"]["petition"]["status"] == "RATED"


async def test_a_return_without_a_reason_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    body = await dispatch_step(client, departments.tokens["cg_a"], "return", lead["id"], reason=" ")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "reason"
    after = await execute(client, PETITION, {"id": petition_id}, token=world.tokens["secretary"])
    assert after["data"]["node"]["status"] == "ASSIGNED"


async def test_only_the_dispatched_departments_staff_may_accept_it(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    # Another department cannot even see it; the community's secretary may not take its part
    other = await dispatch_step(client, departments.tokens["fg_a"], "accept", lead["id"])
    assert error_codes(other) == ["NOT_FOUND"]
    secretary = await dispatch_step(client, world.tokens["secretary"], "accept", lead["id"])
    assert error_codes(secretary) == ["FORBIDDEN"]


async def test_a_stale_version_is_a_conflict(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    staff = departments.tokens["cg_a"]
    await stepped(client, staff, "accept", lead["id"], expectedVersion=lead["version"])
    body = await dispatch_step(client, staff, "report", lead["id"], expectedVersion=lead["version"])
    assert error_codes(body) == ["CONFLICT"]


async def test_only_the_dispatcher_confirms_the_report(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    staff = departments.tokens["cg_a"]
    await stepped(client, staff, "accept", lead["id"])
    await stepped(client, staff, "report", lead["id"])
    # The department cannot confirm its own report, nor a grid worker below the dispatcher
    for token in (staff, world.tokens["grid_worker"]):
        assert error_codes(await dispatch_step(client, token, "confirm", lead["id"])) == [
            "FORBIDDEN"
        ]


async def test_co_handlers_add_their_part_and_the_lead_reports_for_all(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a petition dispatched to the 城管中队 (lead) and the 房管局 (co-handler)
    petition_id = await held_by_community(database, world)
    lead, co = await dispatched(
        client,
        world.tokens["secretary"],
        petition_id,
        departmentId=departments.id("cg_a"),
        coHandlerIds=[departments.id("fg_a")],
    )
    assert (lead["lead"], co["lead"]) == (True, False)
    cg, fg = departments.tokens["cg_a"], departments.tokens["fg_a"]
    await stepped(client, cg, "accept", lead["id"])
    await stepped(client, fg, "accept", co["id"])
    # A co-handler may not report for all, nor the lead add a co-handler's part
    assert error_codes(await dispatch_step(client, fg, "report", co["id"])) == ["FORBIDDEN"]
    assert error_codes(await dispatch_step(client, cg, "contribute", lead["id"])) == ["FORBIDDEN"]
    # When the co-handler adds its part, the lead reports and the community confirms
    part = await stepped(client, fg, "contribute", co["id"])
    assert part["dispatch"]["status"] == "CONTRIBUTED"
    await stepped(client, cg, "report", lead["id"])
    confirmed = await stepped(client, world.tokens["secretary"], "confirm", lead["id"])
    # Then the resolution holds both, and the co-handler's dispatch is confirmed with it
    assert confirmed["petition"]["resolution"] == (
        "已清理占道摊位并告知业主，今后每日巡查\n房管局已督促物业更换灯具"
    )
    shown = await execute(
        client,
        "query ($id: ID!) { petitionDispatches(petitionId: $id) { status } }",
        {"id": petition_id},
        token=world.tokens["secretary"],
    )
    assert [d["status"] for d in shown["data"]["petitionDispatches"]] == ["CONFIRMED", "CONFIRMED"]


async def test_the_lead_returning_it_withdraws_the_co_handlers(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    lead, co = await dispatched(
        client,
        world.tokens["secretary"],
        petition_id,
        departmentId=departments.id("cg_a"),
        coHandlerIds=[departments.id("fg_a")],
    )
    await stepped(client, departments.tokens["cg_a"], "return", lead["id"])
    body = await dispatch_step(client, departments.tokens["fg_a"], "accept", co["id"])
    assert error_codes(body) == ["BAD_USER_INPUT"]  # WITHDRAWN: no step left


async def test_dispatching_needs_a_handler_of_the_holder_and_a_department_serving_the_place(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    resident = await dispatch(
        client, world.tokens["resident"], petition_id, departmentId=departments.id("cg_a")
    )
    assert error_codes(resident) == ["FORBIDDEN"]  # they raised it, they do not handle it
    elsewhere = await dispatch(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_b")
    )
    assert error_codes(elsewhere) == ["NOT_FOUND"]
    assert elsewhere["errors"][0]["extensions"]["field"] == "departmentId"


async def test_a_petition_with_an_open_dispatch_cannot_be_dispatched_again(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    secretary = world.tokens["secretary"]
    await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    body = await dispatch(client, secretary, petition_id, departmentId=departments.id("fg_a"))
    assert error_codes(body) == ["CONFLICT"]


async def test_confirming_a_master_resolves_the_reports_merged_into_it(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a report merged into a master petition the community dispatched
    master_id = await held_by_community(database, world)
    report_id = await held_by_community(database, world)
    secretary, staff = world.tokens["secretary"], departments.tokens["cg_a"]
    merged = await execute(
        client, MERGE, {"input": {"id": report_id, "masterId": master_id}}, token=secretary
    )
    assert "errors" not in merged, merged
    [lead] = await dispatched(client, secretary, master_id, departmentId=departments.id("cg_a"))
    # When the department reports back and the community confirms
    for action, token in (("accept", staff), ("report", staff), ("confirm", secretary)):
        await stepped(client, token, action, lead["id"])
    # Then the merged report is resolved with the department's report too
    body = await execute(client, RESOLVED, {"id": report_id}, token=secretary)
    assert body["data"]["node"] == {
        "status": "RESOLVED",
        "resolution": "已清理占道摊位并告知业主，今后每日巡查",
    }
