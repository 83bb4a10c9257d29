"""An API key's own trusted documents: an administrator lists the document hashes a key may
run; that key runs only those (PERSISTED_QUERY_NOT_IN_LIST naming the fix for any other, over
HTTP and websockets), other keys and people are untouched, and null lifts the hold."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from tests.apikey_support import ORGANIZATIONS, create_key
from tests.graphql import error_codes, execute
from tests.world import World
from tests.ws import SubscriptionClient

SET_DOCUMENTS = """
mutation ($id: ID!, $hashes: [String!]) {
  setApiKeyTrustedDocuments(input: {id: $id, documentHashes: $hashes}) {
    apiKey { id trustedDocuments }
  }
}
"""
OTHER = "query { viewer { username } }"
STATIONS = "subscription { events(types: [STATION_STATUS_CHANGED]) { cursor } }"


def _sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


async def _held_key(client: httpx.AsyncClient, world: World, *documents: str) -> dict[str, Any]:
    """A key held to `documents`; its created payload."""
    created = await create_key(client, world)
    body = await execute(
        client,
        SET_DOCUMENTS,
        {"id": created["apiKey"]["id"], "hashes": [_sha256(d) for d in documents]},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    return created


async def test_a_held_key_runs_its_documents_and_is_refused_any_other_naming_the_fix(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a key held to the organisations query
    key = (await _held_key(client, world, ORGANIZATIONS))["secret"]

    # When it runs that query, then another
    allowed = await execute(client, ORGANIZATIONS, token=key)
    refused = await execute(client, OTHER, token=key)

    # Then the first runs, the second is refused with its hash and the mutation to add it
    assert "errors" not in allowed, allowed
    assert error_codes(refused) == ["PERSISTED_QUERY_NOT_IN_LIST"]
    assert _sha256(OTHER) in refused["errors"][0]["message"]
    assert "setApiKeyTrustedDocuments" in refused["errors"][0]["message"]


async def test_other_keys_and_people_are_not_held_to_a_key_s_documents(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given one key held to the organisations query, and another key
    await _held_key(client, world, ORGANIZATIONS)
    free = (await create_key(client, world, name="另一个"))["secret"]

    # When the other key and a partner run another document
    answers = [await execute(client, OTHER, token=t) for t in (free, world.tokens["partner"])]

    # Then both run
    assert [answer.get("errors") for answer in answers] == [None, None]


async def test_null_lifts_the_hold(client: httpx.AsyncClient, world: World) -> None:
    # Given a held key
    created = await _held_key(client, world, ORGANIZATIONS)

    # When its list is set to null
    body = await execute(
        client,
        SET_DOCUMENTS,
        {"id": created["apiKey"]["id"], "hashes": None},
        token=world.tokens["admin"],
    )

    # Then it runs any document again
    assert body["data"]["setApiKeyTrustedDocuments"]["apiKey"]["trustedDocuments"] is None
    assert "errors" not in await execute(client, OTHER, token=created["secret"])


async def test_a_malformed_hash_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a key
    created = await create_key(client, world)

    # When an administrator lists something that is no SHA-256
    body = await execute(
        client,
        SET_DOCUMENTS,
        {"id": created["apiKey"]["id"], "hashes": [_sha256(OTHER), "not-a-hash"]},
        token=world.tokens["admin"],
    )

    # Then it is BAD_USER_INPUT on the field, and the key still runs anything
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "documentHashes"
    assert "errors" not in await execute(client, ORGANIZATIONS, token=created["secret"])


async def test_a_held_key_s_subscription_outside_its_list_is_refused(
    live_server: str, world: World
) -> None:
    # Given a key held to the organisations query, over a websocket
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as http:
        key = (await _held_key(http, world, ORGANIZATIONS))["secret"]
    listener = await SubscriptionClient.open(live_server, token=key)

    # When it subscribes to a document not in its list
    await listener.subscribe(STATIONS)
    message = await listener.receive()

    # Then the subscription is refused with the same code
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
    await listener.close()
