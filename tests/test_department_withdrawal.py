"""Withdrawing a dispatch 撤回派单: the dispatcher takes a live dispatch back with a reason (the
lead's takes its co-handlers' too), on the timeline, on a fresh version, the departments'
kept figures still equal to a recount; nobody else may, and a finished dispatch cannot be."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from db.departments.models import DispatchStatus
from db.engine import Database
from db.petitions.models import PetitionRow, PetitionStatus
from schema.relay import from_global_id
from tests.department_support import (
    Departments,
    build_departments,
    dispatch_statuses,
    dispatch_step,
    dispatched,
    kept_figures,
    recount_figures,
    stepped,
)
from tests.graphql import error_codes
from tests.petition_support import advance, insert_petition
from tests.world import World

D = DispatchStatus


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


async def held_by_community(database: Database, world: World) -> str:
    community = world.orgs["community_a"]
    return await insert_petition(
        database, world, "accepted", handling_org_id=community.id, handling_org_path=community.path
    )


async def test_the_dispatcher_withdraws_an_accepted_dispatch_and_handles_it_itself(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a petition dispatched to street A's 城管中队, which accepted it
    petition_id = await held_by_community(database, world)
    secretary = world.tokens["secretary"]
    [lead] = await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    await stepped(client, departments.tokens["cg_a"], "accept", lead["id"])
    # When the community secretary withdraws it with a reason
    withdrawn = await stepped(client, secretary, "withdraw", lead["id"])
    # Then the dispatch is WITHDRAWN and the petition back with the community, ACCEPTED
    assert withdrawn["dispatch"]["status"] == "WITHDRAWN"
    assert withdrawn["dispatch"]["nextActions"] == []
    petition = withdrawn["petition"]
    assert (petition["status"], petition["handlerName"]) == ("ACCEPTED", None)
    last = petition["timeline"][-1]
    assert last["action"] == "WITHDRAW"
    assert last["note"] == "撤回A街道城管中队的派单：居民反映的问题已由社区当场解决"
    # And the community resolves it by its own steps
    resolved = await advance(client, world, petition_id, ["assign", "start", "resolve"])
    assert resolved["status"] == "RESOLVED"


async def test_withdrawing_the_lead_withdraws_its_co_handlers_too(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a dispatch to a lead and a co-handler that accepted it
    petition_id = await held_by_community(database, world)
    secretary = world.tokens["secretary"]
    lead, co = await dispatched(
        client, secretary, petition_id,
        departmentId=departments.id("cg_a"), coHandlerIds=[departments.id("fg_a")],
    )  # fmt: skip
    await stepped(client, departments.tokens["fg_a"], "accept", co["id"])
    # When the lead's dispatch is withdrawn
    await stepped(client, secretary, "withdraw", lead["id"])
    # Then both are withdrawn
    assert await dispatch_statuses(database, petition_id) == [D.WITHDRAWN, D.WITHDRAWN]


async def test_withdrawing_a_co_handler_leaves_the_lead_and_the_petition_as_they_are(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    secretary = world.tokens["secretary"]
    _lead, co = await dispatched(
        client, secretary, petition_id,
        departmentId=departments.id("cg_a"), coHandlerIds=[departments.id("fg_a")],
    )  # fmt: skip
    withdrawn = await stepped(client, secretary, "withdraw", co["id"])
    assert withdrawn["petition"]["status"] == "ASSIGNED"
    assert withdrawn["petition"]["handlerName"] == "A街道城管中队"
    assert await dispatch_statuses(database, petition_id) == [D.DISPATCHED, D.WITHDRAWN]


async def test_only_the_dispatcher_may_withdraw_a_dispatch(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    [lead] = await dispatched(
        client, world.tokens["secretary"], petition_id, departmentId=departments.id("cg_a")
    )
    body = await dispatch_step(client, departments.tokens["cg_a"], "withdraw", lead["id"])
    assert error_codes(body) == ["FORBIDDEN"]
    assert await dispatch_statuses(database, petition_id) == [D.DISPATCHED]


async def test_a_withdrawal_without_a_reason_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    secretary = world.tokens["secretary"]
    [lead] = await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    body = await dispatch_step(client, secretary, "withdraw", lead["id"], reason="  ")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "reason"
    assert await dispatch_statuses(database, petition_id) == [D.DISPATCHED]


async def test_a_stale_withdrawal_conflicts(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    secretary = world.tokens["secretary"]
    [lead] = await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    await stepped(client, departments.tokens["cg_a"], "accept", lead["id"])
    body = await dispatch_step(
        client, secretary, "withdraw", lead["id"], expectedVersion=lead["version"]
    )
    assert error_codes(body) == ["CONFLICT"]
    assert await dispatch_statuses(database, petition_id) == [D.ACCEPTED]


async def test_a_confirmed_dispatch_cannot_be_withdrawn(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    petition_id = await held_by_community(database, world)
    secretary, staff = world.tokens["secretary"], departments.tokens["cg_a"]
    [lead] = await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    for action, token in (("accept", staff), ("report", staff), ("confirm", secretary)):
        await stepped(client, token, action, lead["id"])
    body = await dispatch_step(client, secretary, "withdraw", lead["id"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert await dispatch_statuses(database, petition_id) == [D.CONFIRMED]


async def test_a_dispatch_left_live_on_a_finished_petition_can_be_withdrawn(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given a dispatch still live on a petition resolved meanwhile (as before the guard)
    petition_id = await held_by_community(database, world)
    secretary = world.tokens["secretary"]
    [lead] = await dispatched(client, secretary, petition_id, departmentId=departments.id("cg_a"))
    async with database.transaction() as session:
        await session.execute(
            update(PetitionRow)
            .where(PetitionRow.id == from_global_id(petition_id)[1])
            .values(status=PetitionStatus.RESOLVED)
        )
    # When the dispatcher withdraws it
    withdrawn = await stepped(client, secretary, "withdraw", lead["id"])
    # Then the dispatch is over, and the petition stays RESOLVED
    assert withdrawn["dispatch"]["status"] == "WITHDRAWN"
    assert withdrawn["petition"]["status"] == "RESOLVED"


async def test_kept_figures_equal_a_recount_after_withdrawals(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given two petitions: one withdrawn after the lead reported, with a co-handler's part;
    # one withdrawn while waiting, then dispatched again and confirmed
    first, second = [await held_by_community(database, world) for _ in range(2)]
    secretary = world.tokens["secretary"]
    cg, fg = departments.tokens["cg_a"], departments.tokens["fg_a"]
    lead, co = await dispatched(
        client, secretary, first,
        departmentId=departments.id("cg_a"), coHandlerIds=[departments.id("fg_a")],
    )  # fmt: skip
    for action, token, dispatch_id in (
        ("accept", cg, lead["id"]),
        ("accept", fg, co["id"]),
        ("contribute", fg, co["id"]),
        ("report", cg, lead["id"]),
        ("withdraw", secretary, lead["id"]),
    ):
        await stepped(client, token, action, dispatch_id)
    [waiting] = await dispatched(client, secretary, second, departmentId=departments.id("fg_a"))
    await stepped(client, secretary, "withdraw", waiting["id"])
    [again] = await dispatched(client, secretary, second, departmentId=departments.id("cg_a"))
    for action, token in (("accept", cg), ("report", cg), ("confirm", secretary)):
        await stepped(client, token, action, again["id"])
    # Then the kept figures are the recount's
    assert await kept_figures(database) == await recount_figures(database)
