"""Supervision 督办: an upper level marks a petition, the handler hears of it, and lists can
narrow to supervised petitions; everyone else is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from db.base import utcnow
from db.engine import Database
from db.events.log import EventRow
from tests.graphql import error_codes, execute
from tests.petition_support import insert_petition
from tests.world import World

SUPERVISE = """
mutation ($input: SupervisePetitionInput!) {
  supervisePetition(input: $input) {
    petition {
      status version supervised supervisions supervisedAt supervisorName supervisionNote
      levelDeadlineAt nextActions timeline { action fromStatus toStatus actorName note }
    }
  }
}
"""
REMINDERS = "{ myReminders(first: 10) { nodes { rule title body } } }"
SUPERVISED = """
query ($supervised: Boolean) {
  petitions(filter: {supervised: $supervised}, first: 50) { nodes { id supervised } }
}
"""


async def supervise(
    client: httpx.AsyncClient, world: World, role: str, petition_id: str, **extra: Any
) -> dict[str, Any]:
    variables = {"input": {"id": petition_id, "note": "请三日内修复并回复居民"} | extra}
    return await execute(client, SUPERVISE, variables, token=world.tokens[role])


async def held_by_community(database: Database, world: World) -> str:
    community = world.orgs["community_a"]
    return await insert_petition(
        database,
        world,
        "accepted",
        handling_org_id=community.id,
        handling_org_path=community.path,
    )


async def test_a_secretary_above_the_holder_supervises_it_and_the_timeline_shows_it(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition in progress at grid A1 (below the community secretary's organisation)
    petition_id = await insert_petition(database, world, "in_progress")
    # When the community secretary supervises it
    body = await supervise(client, world, "secretary", petition_id)
    # Then it shows supervised, by whom, with the note on its timeline; its status stays
    assert "errors" not in body, body
    petition = body["data"]["supervisePetition"]["petition"]
    assert petition["status"] == "IN_PROGRESS"
    assert (petition["supervised"], petition["supervisions"], petition["version"]) == (True, 1, 2)
    assert petition["supervisorName"] == world.accounts["secretary"].display_name
    assert petition["supervisionNote"] == "请三日内修复并回复居民"
    assert petition["supervisedAt"] is not None
    step = petition["timeline"][-1]
    assert step["action"] == "SUPERVISE"
    assert (step["fromStatus"], step["toStatus"]) == ("IN_PROGRESS", "IN_PROGRESS")
    assert step["actorName"] == world.accounts["secretary"].display_name
    assert step["note"] == "督办：请三日内修复并回复居民"


async def test_the_handler_is_reminded_of_a_supervision_once(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition assigned to grid A1's grid worker
    worker = world.accounts["grid_worker"]
    petition_id = await insert_petition(
        database, world, "assigned", handler_account_id=worker.id, handler_name="网格员"
    )
    # When the community secretary supervises it
    await supervise(client, world, "secretary", petition_id)
    # Then the grid worker has one reminder of it
    body = await execute(client, REMINDERS, token=world.tokens["grid_worker"])
    reminders = body["data"]["myReminders"]["nodes"]
    assert [(r["rule"], r["title"]) for r in reminders] == [("petition_supervised", "诉求督办")]
    assert "请三日内修复并回复居民" in reminders[0]["body"]


async def test_with_no_handler_assigned_the_holders_are_reminded(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition held by the community with no handler
    petition_id = await held_by_community(database, world)
    # When the city administrator supervises it
    body = await supervise(client, world, "admin", petition_id)
    # Then the community's secretary hears of it
    assert "errors" not in body, body
    reminders = await execute(client, REMINDERS, token=world.tokens["secretary"])
    assert [r["rule"] for r in reminders["data"]["myReminders"]["nodes"]] == ["petition_supervised"]


async def test_the_holder_itself_and_those_without_the_role_are_forbidden(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition held by the community, and one held by grid A1
    at_community = await held_by_community(database, world)
    at_grid = await insert_petition(database, world, "accepted")
    # When the community's own secretary, the grid worker, and another community's
    # secretary try to supervise them
    own = await supervise(client, world, "secretary", at_community)
    worker = await supervise(client, world, "grid_worker", at_grid)
    stranger = await supervise(client, world, "outsider", at_grid)
    # Then the first two are FORBIDDEN and the stranger does not even find it
    assert error_codes(own) == ["FORBIDDEN"]
    assert "street or district above" in own["errors"][0]["message"]
    assert error_codes(worker) == ["FORBIDDEN"]
    assert error_codes(stranger) == ["NOT_FOUND"]


async def test_a_stale_version_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition at version 1 that someone supervised meanwhile
    petition_id = await insert_petition(database, world, "accepted")
    await supervise(client, world, "secretary", petition_id, expectedVersion=1)
    # When the administrator supervises it on the version they read
    body = await supervise(client, world, "admin", petition_id, expectedVersion=1)
    # Then it is a CONFLICT, and it was supervised once
    assert error_codes(body) == ["CONFLICT"]
    again = await supervise(client, world, "admin", petition_id, expectedVersion=2)
    assert again["data"]["supervisePetition"]["petition"]["supervisions"] == 2


async def test_a_new_deadline_becomes_the_level_deadline_and_must_lie_ahead(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "accepted")
    due = utcnow() + timedelta(days=2)
    # When the secretary gives a past deadline, then a coming one
    past = await supervise(
        client,
        world,
        "secretary",
        petition_id,
        deadlineAt=(utcnow() - timedelta(hours=1)).isoformat(),
    )
    body = await supervise(client, world, "secretary", petition_id, deadlineAt=due.isoformat())
    # Then the past one is refused naming the field, the coming one holds the level
    assert error_codes(past) == ["BAD_USER_INPUT"]
    assert past["errors"][0]["extensions"]["field"] == "deadlineAt"
    petition = body["data"]["supervisePetition"]["petition"]
    assert petition["levelDeadlineAt"].startswith(due.strftime("%Y-%m-%dT%H:%M"))
    assert petition["supervisions"] == 1
    assert "限" in petition["timeline"][-1]["note"]


async def test_a_finished_petition_cannot_be_supervised(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "closed")
    body = await supervise(client, world, "secretary", petition_id)
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_supervision_is_offered_as_a_next_action_of_open_petitions(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "submitted")
    body = await supervise(client, world, "secretary", petition_id)
    assert "SUPERVISE" in body["data"]["supervisePetition"]["petition"]["nextActions"]


async def test_the_list_narrows_to_supervised_petitions(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given two petitions, one of them supervised
    supervised = await insert_petition(database, world, "accepted")
    other = await insert_petition(database, world, "accepted")
    await supervise(client, world, "secretary", supervised)
    # When the secretary lists supervised ones, then the others
    token = world.tokens["secretary"]
    yes = await execute(client, SUPERVISED, {"supervised": True}, token=token)
    no = await execute(client, SUPERVISED, {"supervised": False}, token=token)
    # Then each list holds its one
    assert [n["id"] for n in yes["data"]["petitions"]["nodes"]] == [supervised]
    assert [n["id"] for n in no["data"]["petitions"]["nodes"]] == [other]


async def test_the_event_concerns_the_holder_and_the_supervisor(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition held by the community
    petition_id = await held_by_community(database, world)
    # When the city administrator supervises it
    await supervise(client, world, "admin", petition_id)
    # Then its event is logged at the grid and names the holder and the city as places
    async with database.session() as session:
        event = await session.scalar(select(EventRow).where(EventRow.type == "petition.supervised"))
    assert event is not None
    assert event.org_path == world.orgs["grid_a1"].path
    assert event.also_paths == sorted([world.orgs["community_a"].path, world.orgs["city"].path])
    assert event.payload["changes"]["supervisions"] == 1
