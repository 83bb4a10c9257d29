"""A resident's own view: the petitions they raised, and each of their steps live, each once,
resumable, and nobody else's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.accounts.models import Role
from db.base import utcnow
from db.engine import Database
from resolvers.petitions.deadlines import escalate_overdue
from tests.factories import create_account, token_for
from tests.graphql import execute
from tests.petition_support import categories, insert_petition, step, submit
from tests.world import World
from tests.ws import SubscriptionClient, watching

CHANGED = """
subscription ($after: String) {
  myPetitionChanged(after: $after) { cursor action status petition { title status } }
}
"""
EVENTS = "subscription { events { type } }"
MINE = "{ myPetitions { totalCount nodes { title isMine } } }"


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def another_resident(app: Starlette, database: Database, world: World) -> str:
    async with database.transaction() as session:
        account = await create_account(session, [(Role.RESIDENT, world.orgs["community_a"])])
    return token_for(app.state.services.tokens, account)


async def change(client: SubscriptionClient) -> dict[str, Any]:
    payload = await client.next_payload()
    assert "errors" not in payload, payload
    found: dict[str, Any] = payload["data"]["myPetitionChanged"]
    return found


async def nothing_more(*clients: SubscriptionClient) -> None:
    for client in clients:
        try:
            found = await client.next_payload(timeout=0.5)
        except TimeoutError:
            continue
        raise AssertionError(f"unexpected delivery: {found}")


async def test_a_resident_follows_each_step_of_their_petition_live_and_nobody_else_does(
    live_server: str, http: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # given the resident and a neighbour following their own petitions
    codes = await categories(database)
    resident = await SubscriptionClient.open(live_server, token=world.tokens["resident"])
    neighbour = await SubscriptionClient.open(
        live_server, token=await another_resident(app, database, world)
    )
    await resident.subscribe(CHANGED)
    await neighbour.subscribe(CHANGED)
    await watching(live_server, 2)
    # when the resident raises a petition and the community accepts and assigns it
    petition = await submit(http, world, codes)
    for action in ("accept", "assign"):
        assert "errors" not in await step(http, world.tokens["secretary"], action, petition["id"])
    # then the resident hears of each step, in order, with the petition as it is
    steps = [await change(resident) for _ in range(3)]
    assert [(s["action"], s["status"]) for s in steps] == [
        ("SUBMIT", "SUBMITTED"),
        ("ACCEPT", "ACCEPTED"),
        ("ASSIGN", "ASSIGNED"),
    ]
    assert steps[-1]["petition"] == {"title": "楼道灯坏了", "status": "ASSIGNED"}
    # and the neighbour hears nothing of it
    await nothing_more(resident, neighbour)
    for client in (resident, neighbour):
        await client.close()


async def test_the_community_screen_hears_each_step_once_not_the_residents_copy(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    city = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await city.subscribe(EVENTS)
    await watching(live_server, 1)
    petition = await submit(http, world, codes)
    await step(http, world.tokens["secretary"], "accept", petition["id"])
    kinds = [(await city.next_payload())["data"]["events"]["type"] for _ in range(2)]
    assert kinds == ["PETITION_CREATED", "PETITION_TRANSITIONED"]
    await nothing_more(city)
    await city.close()


async def test_a_resident_resuming_after_a_cursor_gets_the_steps_taken_meanwhile(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    resident = await SubscriptionClient.open(live_server, token=world.tokens["resident"])
    await resident.subscribe(CHANGED)
    await watching(live_server, 1)
    petition = await submit(http, world, codes)
    cursor = (await change(resident))["cursor"]
    await resident.close()
    # when the community takes two steps while the resident's app is closed
    for action in ("accept", "assign"):
        await step(http, world.tokens["secretary"], action, petition["id"])
    back = await SubscriptionClient.open(live_server, token=world.tokens["resident"])
    await back.subscribe(CHANGED, {"after": cursor})
    # then coming back with the cursor brings exactly those two
    assert [(await change(back))["action"] for _ in range(2)] == ["ACCEPT", "ASSIGN"]
    await nothing_more(back)
    await back.close()


async def test_the_deadline_job_tells_the_resident_their_petition_is_late_and_handed_up(
    app: Starlette, live_server: str, world: World, database: Database
) -> None:
    resident = await SubscriptionClient.open(live_server, token=world.tokens["resident"])
    await resident.subscribe(CHANGED)
    await watching(live_server, 1)
    await insert_petition(database, world, "assigned", deadline_at=utcnow() - timedelta(hours=1))
    await escalate_overdue(app.state.services)
    assert [(await change(resident))["action"] for _ in range(2)] == ["OVERDUE", "ESCALATE"]
    await resident.close()


async def test_my_petitions_lists_only_the_ones_i_raised(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    await submit(client, world, codes)
    neighbour = await another_resident(app, database, world)
    mine = await execute(client, MINE, token=world.tokens["resident"])
    theirs = await execute(client, MINE, token=neighbour)
    secretary = await execute(client, MINE, token=world.tokens["secretary"])
    assert mine["data"]["myPetitions"] == {
        "totalCount": 1,
        "nodes": [{"title": "楼道灯坏了", "isMine": True}],
    }
    assert theirs["data"]["myPetitions"] == {"totalCount": 0, "nodes": []}
    assert secretary["data"]["myPetitions"] == {"totalCount": 0, "nodes": []}
