"""Signing up for activities: capacity never exceeded, even by concurrent sign-ups; a waiting
list promoted in order on cancellation; time rules."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.accounts.models import Role
from db.activities.models import ActivityRow, RegistrationRow, RegistrationStatus
from db.engine import Database
from resolvers.accounts.tokens import TokenService
from schema.relay import to_global_id
from tests.factories import create_account, create_activity, token_for
from tests.graphql import error_codes, execute
from tests.world import World

SIGN_UP = "mutation ($id: ID!) { signUpForActivity(id: $id) { registration { id status } } }"
CANCEL = "mutation ($id: ID!) { cancelActivitySignUp(id: $id) { registration { status } } }"
ACTIVITY = "query ($id: ID!) { activity(id: $id) { signedUp waitlisted capacity myRegistration { status } } }"


async def residents(
    database: Database, world: World, tokens: TokenService, count: int
) -> list[str]:
    async with database.transaction() as session:
        accounts = [
            await create_account(session, [(Role.RESIDENT, world.orgs["community_a"])])
            for _ in range(count)
        ]
    return [token_for(tokens, account) for account in accounts]


async def an_activity(database: Database, world: World, **overrides: object) -> str:
    async with database.transaction() as session:
        row = await create_activity(session, world.orgs["community_a"], **overrides)
    return to_global_id("Activity", row.id)


async def statuses(database: Database) -> dict[RegistrationStatus, int]:
    async with database.session() as session:
        rows = await session.execute(
            select(RegistrationRow.status, func.count()).group_by(RegistrationRow.status)
        )
        found: dict[RegistrationStatus, int] = {}
        for status, count in rows:
            found[status] = count
        return found


async def test_concurrent_sign_ups_never_exceed_the_capacity(
    client: httpx.AsyncClient, world: World, database: Database, app: Starlette
) -> None:
    # given an activity with 5 seats and 12 residents
    activity = await an_activity(database, world, capacity=5)
    tokens = await residents(database, world, app.state.services.tokens, 12)

    # when all of them sign up at once
    bodies = await asyncio.gather(
        *(execute(client, SIGN_UP, {"id": activity}, token=token) for token in tokens)
    )

    # then 5 have a seat and 7 wait, in the rows and in the kept counts alike
    assert [body for body in bodies if "errors" in body] == []
    found = [body["data"]["signUpForActivity"]["registration"]["status"] for body in bodies]
    assert found.count("CONFIRMED") == 5
    assert found.count("WAITLISTED") == 7
    assert await statuses(database) == {
        RegistrationStatus.CONFIRMED: 5,
        RegistrationStatus.WAITLISTED: 7,
    }
    async with database.session() as session:
        row = await session.scalar(select(ActivityRow))
    assert row is not None
    assert (row.signed_up, row.waitlisted) == (5, 7)


async def test_a_cancelled_seat_goes_to_the_first_on_the_waiting_list(
    client: httpx.AsyncClient, world: World, database: Database, app: Starlette
) -> None:
    activity = await an_activity(database, world, capacity=1)
    first, second, third = await residents(database, world, app.state.services.tokens, 3)
    for token in (first, second, third):
        assert "errors" not in await execute(client, SIGN_UP, {"id": activity}, token=token)

    body = await execute(client, CANCEL, {"id": activity}, token=first)

    assert body["data"]["cancelActivitySignUp"]["registration"]["status"] == "CANCELLED"
    mine = await execute(client, ACTIVITY, {"id": activity}, token=second)
    assert mine["data"]["activity"]["myRegistration"]["status"] == "CONFIRMED"
    assert mine["data"]["activity"]["signedUp"] == 1
    assert mine["data"]["activity"]["waitlisted"] == 1
    last = await execute(client, ACTIVITY, {"id": activity}, token=third)
    assert last["data"]["activity"]["myRegistration"]["status"] == "WAITLISTED"


async def test_concurrent_cancellations_promote_each_waiting_person_once(
    client: httpx.AsyncClient, world: World, database: Database, app: Starlette
) -> None:
    activity = await an_activity(database, world, capacity=3)
    tokens = await residents(database, world, app.state.services.tokens, 6)
    for token in tokens:
        assert "errors" not in await execute(client, SIGN_UP, {"id": activity}, token=token)

    bodies = await asyncio.gather(
        *(execute(client, CANCEL, {"id": activity}, token=token) for token in tokens[:3])
    )

    assert [body for body in bodies if "errors" in body] == []
    assert await statuses(database) == {
        RegistrationStatus.CANCELLED: 3,
        RegistrationStatus.CONFIRMED: 3,
    }


async def test_signing_up_twice_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    activity = await an_activity(database, world, capacity=2)
    token = world.tokens["resident"]

    await execute(client, SIGN_UP, {"id": activity}, token=token)
    await execute(client, SIGN_UP, {"id": activity}, token=token)

    body = await execute(client, ACTIVITY, {"id": activity}, token=token)
    assert body["data"]["activity"]["signedUp"] == 1


async def test_no_sign_up_after_the_end_and_no_cancellation_after_the_start(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    now = datetime.now(UTC)
    over = await an_activity(
        database, world, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    running = await an_activity(
        database, world, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    token = world.tokens["resident"]

    late = await execute(client, SIGN_UP, {"id": over}, token=token)
    walk_in = await execute(client, SIGN_UP, {"id": running}, token=token)
    cancel = await execute(client, CANCEL, {"id": running}, token=token)

    assert error_codes(late) == ["BAD_USER_INPUT"]
    assert walk_in["data"]["signUpForActivity"]["registration"]["status"] == "CONFIRMED"
    assert error_codes(cancel) == ["BAD_USER_INPUT"]


async def test_an_activity_outside_ones_reach_cannot_be_seen_or_joined(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        row = await create_activity(session, world.orgs["community_b"])
    activity = to_global_id("Activity", row.id)

    body = await execute(client, SIGN_UP, {"id": activity}, token=world.tokens["resident"])
    seen = await execute(client, ACTIVITY, {"id": activity}, token=world.tokens["resident"])

    assert error_codes(body) == ["NOT_FOUND"]
    assert seen["data"]["activity"] is None


async def test_a_streets_activity_is_open_to_its_communities_residents(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        row = await create_activity(session, world.orgs["street_a"])
    activity = to_global_id("Activity", row.id)

    body = await execute(client, SIGN_UP, {"id": activity}, token=world.tokens["resident"])

    assert body["data"]["signUpForActivity"]["registration"]["status"] == "CONFIRMED"
