"""The petition state machine: the whole loop, every transition per role, stale versions."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from db.engine import Database
from tests.graphql import error_codes, execute
from tests.petition_support import advance, categories, insert_petition, step, submit
from tests.world import World

PETITION = "query ($id: ID!) { petition(id: $id) { status version nextActions timeline { action actorName } } }"

ROLES = ["admin", "secretary", "grid_worker", "station_staff", "resident", "partner", "outsider"]
STATUSES = [
    "submitted",
    "accepted",
    "assigned",
    "in_progress",
    "resolved",
    "rated",
    "closed",
    "rejected",
]
ACTIONS = ["accept", "assign", "start", "resolve", "rate", "close", "reject", "escalate", "reopen"]
OPEN = ("submitted", "accepted", "assigned", "in_progress")
LEGAL = {
    ("submitted", "accept"),
    ("submitted", "reject"),
    ("accepted", "reject"),
    ("accepted", "assign"),
    ("assigned", "assign"),
    ("assigned", "start"),
    ("in_progress", "resolve"),
    ("resolved", "rate"),
    ("resolved", "reopen"),
    ("rated", "reopen"),
    ("rated", "close"),
    ("resolved", "close"),
} | {(status, "escalate") for status in OPEN}
BY_RESIDENT = {"rate", "reopen"}
HANDLERS = {"admin", "secretary", "grid_worker"}
BLIND = {"partner", "outsider"}


def expected(role: str, status: str, action: str) -> str:
    if role in BLIND:
        return "NOT_FOUND"
    if (status, action) not in LEGAL:
        return "BAD_USER_INPUT"
    allowed = {"resident"} if action in BY_RESIDENT else HANDLERS
    if role not in allowed:
        return "FORBIDDEN"
    if (status, action) == ("resolved", "close"):
        return "BAD_USER_INPUT"  # the resident's reopen window is still open
    return "OK"


async def test_a_petition_goes_round_the_whole_loop(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    petition = await submit(client, world, codes)
    assert petition["status"] == "SUBMITTED"
    tokens = world.tokens
    loop = [
        ("grid_worker", "accept", {}),
        (
            "secretary",
            "assign",
            {"organizationId": world.org_id("grid_a1"), "handlerUsername": "grid_worker"},
        ),
        ("grid_worker", "start", {}),
        ("grid_worker", "resolve", {}),
        ("resident", "rate", {}),
        ("secretary", "close", {}),
    ]
    for role, action, extra in loop:
        body = await step(client, tokens[role], action, petition["id"], **extra)
        assert "errors" not in body, (action, body)

    body = await execute(client, PETITION, {"id": petition["id"]}, token=tokens["resident"])
    final = body["data"]["petition"]
    assert final["status"] == "CLOSED"
    assert final["version"] == 7
    assert final["nextActions"] == []
    assert [s["action"] for s in final["timeline"]] == [
        "SUBMIT", "ACCEPT", "ASSIGN", "START", "RESOLVE", "RATE", "CLOSE",
    ]  # fmt: skip
    assert all(s["actorName"].startswith("用户") for s in final["timeline"])


@pytest.mark.parametrize("role", ROLES)
async def test_every_transition_is_allowed_or_refused_for_the_role(
    client: httpx.AsyncClient, world: World, database: Database, role: str
) -> None:
    outcomes: dict[tuple[str, str], str] = {}
    for status in STATUSES:
        for action in ACTIONS:
            petition_id = await insert_petition(database, world, status)
            body = await step(client, world.tokens[role], action, petition_id)
            outcomes[(status, action)] = error_codes(body)[0] if "errors" in body else "OK"
    assert outcomes == {
        (status, action): expected(role, status, action)
        for status in STATUSES
        for action in ACTIONS
    }


async def test_a_stale_version_fails_with_conflict_and_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "submitted")
    first = await step(client, world.tokens["secretary"], "accept", petition_id, expectedVersion=1)
    assert "errors" not in first

    late = await step(client, world.tokens["grid_worker"], "reject", petition_id, expectedVersion=1)

    assert error_codes(late) == ["CONFLICT"]
    body = await execute(client, PETITION, {"id": petition_id}, token=world.tokens["secretary"])
    assert body["data"]["petition"]["status"] == "ACCEPTED"
    assert body["data"]["petition"]["version"] == 2


async def test_of_two_simultaneous_steps_exactly_one_wins(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "submitted")

    # Both decided on version 1; whichever runs second must not overwrite the first,
    # whether the two interleave (conditional UPDATE) or happen one after the other.
    bodies = await asyncio.gather(
        step(client, world.tokens["secretary"], "accept", petition_id, expectedVersion=1),
        step(client, world.tokens["grid_worker"], "reject", petition_id, expectedVersion=1),
    )

    assert sum("errors" not in body for body in bodies) == 1
    assert [error_codes(body) for body in bodies if "errors" in body] == [["CONFLICT"]]
    body = await execute(client, PETITION, {"id": petition_id}, token=world.tokens["secretary"])
    assert body["data"]["petition"]["version"] == 2
    assert len(body["data"]["petition"]["timeline"]) == 1  # the winner's step only


async def test_escalation_moves_the_petition_to_the_parent_organisation(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "accepted")

    body = await step(client, world.tokens["grid_worker"], "escalate", petition_id)
    assert "errors" not in body, body

    again = await step(client, world.tokens["grid_worker"], "assign", petition_id)
    assert error_codes(again) == ["FORBIDDEN"]  # it is held by the community now
    assigned = await step(
        client,
        world.tokens["secretary"],
        "assign",
        petition_id,
        organizationId=world.org_id("grid_a2"),
    )
    assert "errors" not in assigned, assigned


async def test_assigning_outside_ones_subtree_is_refused(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "accepted")

    body = await step(
        client,
        world.tokens["grid_worker"],
        "assign",
        petition_id,
        organizationId=world.org_id("grid_a2"),
    )

    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_handler_must_be_able_to_handle_there(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(database, world, "accepted")

    body = await step(
        client, world.tokens["secretary"], "assign", petition_id, handlerUsername="resident"
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_the_resident_reopens_within_the_window_but_not_after(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    from datetime import timedelta

    from db.base import utcnow

    recent = await insert_petition(database, world, "resolved")
    old = await insert_petition(
        database, world, "resolved", resolved_at=utcnow() - timedelta(days=8)
    )

    reopened = await step(client, world.tokens["resident"], "reopen", recent)
    refused = await step(client, world.tokens["resident"], "reopen", old)
    closed = await step(client, world.tokens["secretary"], "close", old)

    assert reopened["data"]["reopenPetition"]["petition"]["status"] == "IN_PROGRESS"
    assert error_codes(refused) == ["BAD_USER_INPUT"]
    assert "errors" not in closed


async def test_the_full_happy_path_helper_reaches_closed(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    petition = await submit(client, world, codes)
    final = await advance(
        client, world, petition["id"], ["accept", "assign", "start", "resolve", "rate", "close"]
    )
    assert final["status"] == "CLOSED"
    assert final["satisfaction"] == 5


async def test_a_handlers_escalation_reminds_the_level_it_reaches_and_gives_its_deadline(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition accepted at grid A1
    petition_id = await insert_petition(database, world, "accepted")
    # When the grid worker escalates it 上报
    body = await execute(
        client,
        "mutation ($input: PetitionStepInput!) { escalatePetition(input: $input) "
        "{ petition { levelDeadlineAt escalations } } }",
        {"input": {"id": petition_id}},
        token=world.tokens["grid_worker"],
    )
    # Then the community holds it with its own level deadline, and its secretary is reminded
    petition = body["data"]["escalatePetition"]["petition"]
    assert petition["escalations"] == 1
    assert petition["levelDeadlineAt"] is not None
    reminders = await execute(
        client, "{ myReminders { nodes { rule title } } }", token=world.tokens["secretary"]
    )
    assert reminders["data"]["myReminders"]["nodes"] == [
        {"rule": "petition_escalated", "title": "诉求上报"}
    ]
