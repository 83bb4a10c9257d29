"""Automatic persisted queries: the hash instead of the text, over POST, GET and websockets."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import pytest

from db.engine import Database
from tests.graphql import error_codes
from tests.station_fixtures import build_stations
from tests.world import World
from tests.ws import LEGACY_WS, SubscriptionClient
from transport.persisted_queries import PersistedQueries

VIEWER = "query { viewer { username } }"
SCREEN = "subscription ($under: ID) { commandCentre(under: $under) { stations { name } } }"


def persisted(document: str) -> dict[str, Any]:
    digest = hashlib.sha256(document.encode()).hexdigest()
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def post(
    client: httpx.AsyncClient, token: str, *, extensions: dict[str, Any], query: str | None = None
) -> dict[str, Any]:
    request: dict[str, Any] = {"extensions": extensions} | ({"query": query} if query else {})
    response = await client.post(
        "/graphql", json=request, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_an_unknown_hash_alone_asks_for_the_text(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a server that has never seen the document
    # when a client sends its hash alone
    body = await post(client, world.tokens["admin"], extensions=persisted(VIEWER))
    # then it is told the hash is not found, and nothing ran
    assert error_codes(body) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert "send the same request once more with the query text" in body["errors"][0]["message"]
    assert body.get("data") is None


async def test_the_text_sent_with_its_hash_is_kept_for_later_hash_only_requests(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a client that sent the text with its hash once
    first = await post(client, world.tokens["admin"], extensions=persisted(VIEWER), query=VIEWER)
    # when it, or another client, sends the hash alone
    again = await post(client, world.tokens["secretary"], extensions=persisted(VIEWER))
    # then both are answered, each for its own viewer
    assert first["data"] == {"viewer": {"username": "admin"}}
    assert again["data"] == {"viewer": {"username": "secretary"}}


async def test_a_hash_alone_works_over_get(client: httpx.AsyncClient, world: World) -> None:
    # given a document registered with its hash
    await post(client, world.tokens["admin"], extensions=persisted(VIEWER), query=VIEWER)
    # when a GET carries only the hash in `extensions`
    response = await client.get(
        "/graphql",
        params={"extensions": json.dumps(persisted(VIEWER))},
        headers={"Authorization": f"Bearer {world.tokens['partner']}", "Accept": "*/*"},
    )
    # then it is answered (not with GraphiQL, whatever the Accept header), as the cacheable
    # GETs of mobile apps need
    assert response.json()["data"] == {"viewer": {"username": "partner"}}


@pytest.mark.parametrize(
    ("extensions", "message", "alone"),
    [
        (persisted("{ __typename }"), "not the SHA-256 of the query", "PERSISTED_QUERY_NOT_FOUND"),
        (
            {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}},
            "only version 1",
            "BAD_USER_INPUT",
        ),
        (
            {"persistedQuery": {"version": 1, "sha256Hash": "abc"}},
            "64 hex digits",
            "BAD_USER_INPUT",
        ),
    ],
    ids=["hash of another text", "unknown version", "malformed hash"],
)
async def test_a_wrong_persisted_query_is_bad_user_input_and_kept_nowhere(
    client: httpx.AsyncClient, world: World, extensions: dict[str, Any], message: str, alone: str
) -> None:
    # given a request whose persistedQuery does not fit its text or the protocol
    token = world.tokens["admin"]
    # when it is sent with the text
    body = await post(client, token, extensions=extensions, query=VIEWER)
    # then it is refused, names the extension, and the hash is still unknown
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["field"] == "extensions.persistedQuery"
    assert error_codes(await post(client, token, extensions=extensions)) == [alone]


async def test_a_screen_subscribes_over_websockets_with_the_hash_alone(
    live_server: str, database: Database, world: World
) -> None:
    # given stations, and a screen that subscribed once with the text and its hash
    await build_stations(database, world)
    variables = {"under": world.org_id("district_a")}
    first = await SubscriptionClient.open(live_server, token=world.tokens["partner"])
    payload = {"query": SCREEN, "variables": variables, "extensions": persisted(SCREEN)}
    await first.send({"id": "1", "type": "subscribe", "payload": payload})
    assert (await first.next_payload())["data"]["commandCentre"]["stations"]
    await first.close()
    # when another screen subscribes with the hash alone
    screen = await SubscriptionClient.open(live_server, token=world.tokens["partner"])
    hash_only = {"variables": variables, "extensions": persisted(SCREEN)}
    await screen.send({"id": "1", "type": "subscribe", "payload": hash_only})
    # then it gets the snapshot
    snapshot = (await screen.next_payload())["data"]["commandCentre"]
    assert snapshot["stations"] == [{"name": "station_a"}]
    await screen.close()


@pytest.mark.parametrize(
    ("protocol", "start"), [("graphql-transport-ws", "subscribe"), (LEGACY_WS, "start")]
)
async def test_an_unknown_hash_over_websockets_is_an_error_for_that_operation_only(
    live_server: str, database: Database, world: World, protocol: str, start: str
) -> None:
    # given stations, and a screen connected over either protocol
    await build_stations(database, world)
    screen = await SubscriptionClient.open(
        live_server, token=world.tokens["partner"], protocol=protocol
    )
    # when it starts an operation with an unknown hash alone
    await screen.send({"id": "7", "type": start, "payload": {"extensions": persisted(SCREEN)}})
    # then that operation gets PERSISTED_QUERY_NOT_FOUND and the connection stays usable
    message = await screen.receive()
    errors = message["payload"] if isinstance(message["payload"], list) else [message["payload"]]
    assert (message["type"], message["id"]) == ("error", "7")
    assert [error["extensions"]["code"] for error in errors] == ["PERSISTED_QUERY_NOT_FOUND"]
    await screen.subscribe(SCREEN, {"under": world.org_id("district_a")})
    snapshot = (await screen.next_payload())["data"]["commandCentre"]
    assert snapshot["stations"] == [{"name": "station_a"}]
    await screen.close()


def test_the_store_keeps_at_most_its_size() -> None:
    # given a store of two texts
    store = PersistedQueries(2)
    texts = ["{ a }", "{ b }", "{ c }"]
    # when three are registered
    for text in texts:
        store.resolve(text, persisted(text))
    # then the oldest must be sent again
    with pytest.raises(Exception, match="PersistedQueryNotFound"):
        store.resolve(None, persisted(texts[0]))
    assert store.resolve(None, persisted(texts[2])) == texts[2]
