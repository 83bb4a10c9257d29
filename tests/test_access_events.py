"""Keys and accounts in the audit trail: creating, rotating and revoking an API key, and
disabling or enabling an account, are audited in the actor's name and heard as typed events by
the administrators of the scope, by nobody else, never with a secret."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from db.audit import AuditEntryRow
from tests.apikey_support import create_key, revoke_key, rotate_key
from tests.graphql import execute
from tests.world import World
from tests.ws import SubscriptionClient

KEY_EVENTS = """
subscription {
  events(types: [API_KEY_CREATED, API_KEY_ROTATED, API_KEY_REVOKED]) {
    type
    payload { subjectId organizationId ... on ApiKeyStepEventPayload { name permissions } }
    ... on ApiKeyEvent { apiKey { id } }
  }
}
"""
ACCOUNT_EVENTS = """
subscription {
  events(types: [ACCOUNT_DISABLED, ACCOUNT_ENABLED]) {
    type payload { subjectId organizationId ... on AccountStandingEventPayload { username } }
  }
}
"""
SET_ACTIVE = """
mutation ($username: String!, $active: Boolean!) {
  setAccountActive(input: {username: $username, active: $active}) { changed }
}
"""


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def _audit(app: Starlette, prefix: str) -> list[AuditEntryRow]:
    async with app.state.services.database.session() as session:
        rows = await session.scalars(
            select(AuditEntryRow)
            .where(AuditEntryRow.action.startswith(prefix))
            .order_by(AuditEntryRow.id)
        )
        return list(rows)


async def test_a_key_s_creation_rotation_and_revocation_are_audited_without_its_secret(
    client: httpx.AsyncClient, world: World, app: Starlette
) -> None:
    # Given a key created, rotated and revoked by the administrator
    created = await create_key(client, world)
    key_id = created["apiKey"]["id"]
    rotated = await rotate_key(client, world, key_id)
    await revoke_key(client, world, key_id)

    # When the audit log is read
    entries = await _audit(app, "api_key.")

    # Then each step is there in the administrator's name, and no secret is
    assert [(e.action, e.account_id) for e in entries] == [
        (action, world.accounts["admin"].id)
        for action in ("api_key.created", "api_key.rotated", "api_key.revoked")
    ]
    assert {e.detail["name"] for e in entries} == {"区大数据局对接"}
    logged = repr([e.detail for e in entries])
    for secret in (created["secret"], rotated["secret"]):
        assert secret.rsplit("_", 1)[-1] not in logged


async def test_the_administrator_of_the_scope_hears_a_key_s_steps_typed(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    # Given the administrator subscribed to key events
    listener = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await listener.subscribe(KEY_EVENTS)

    # When a key is created, then revoked
    created = await create_key(http, world)
    key_id = created["apiKey"]["id"]
    await revoke_key(http, world, key_id)

    # Then both arrive with the key's id, its scope and what it grants
    events = [(await listener.next_payload())["data"]["events"] for _ in range(2)]
    assert [event["type"] for event in events] == ["API_KEY_CREATED", "API_KEY_REVOKED"]
    assert events[1]["payload"] == {
        "subjectId": key_id,
        "organizationId": world.org_id("district_a"),
        "name": "区大数据局对接",
        "permissions": ["READ_ORGANIZATIONS", "READ_STATIONS", "READ_STATISTICS"],
    }
    assert events[1]["apiKey"] == {"id": key_id}
    await listener.close()


async def test_a_secretary_is_refused_access_events_naming_the_permission(
    live_server: str, world: World
) -> None:
    # Given a secretary (no administrator) subscribing to key events
    listener = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await listener.subscribe(KEY_EVENTS)

    # When the answer comes
    message = await listener.receive()

    # Then it is FORBIDDEN, naming manage_access, not a silent stream
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert errors[0]["extensions"]["permission"] == "manage_access"
    await listener.close()


async def test_disabling_an_account_is_audited_and_heard_where_it_is_bound(
    live_server: str, http: httpx.AsyncClient, world: World, app: Starlette
) -> None:
    # Given the administrator subscribed to account events
    listener = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await listener.subscribe(ACCOUNT_EVENTS)

    # When the secretary's account is disabled
    body = await execute(
        http, SET_ACTIVE, {"username": "secretary", "active": False}, token=world.tokens["admin"]
    )

    # Then the event names the account and its place, and the audit log holds the step
    assert body["data"]["setAccountActive"] == {"changed": True}
    event = (await listener.next_payload())["data"]["events"]
    assert event == {
        "type": "ACCOUNT_DISABLED",
        "payload": {
            "subjectId": None,
            "organizationId": world.org_id("community_a"),
            "username": "secretary",
        },
    }
    entries = await _audit(app, "account.")
    assert [(e.action, e.entity_id) for e in entries] == [
        ("account.disabled", world.accounts["secretary"].id)
    ]
    await listener.close()
