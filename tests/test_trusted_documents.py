"""Trusted documents: bound clients run only registered documents, over HTTP and websockets."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.errors import ConfigurationError
from server import Settings, create_app
from tests.graphql import error_codes
from tests.serving import serving
from tests.world import World, build_world
from tests.ws import SubscriptionClient
from transport.trusted_documents import TrustedDocuments

REGISTERED = "query Me { viewer { username } }"
UNREGISTERED = "query { viewer { username displayName } }"
REGISTERED_EVENTS = "subscription Ticker { events { type } }"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def apollo_manifest(*documents: str) -> dict[str, Any]:
    return {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [
            {"id": sha256(d), "name": "Op", "type": "query", "body": d} for d in documents
        ],
    }


def trusted_settings(settings: Settings, tmp_path: Path, applies_to: str) -> Settings:
    manifest = tmp_path / "trusted.json"
    manifest.write_text(json.dumps(apollo_manifest(REGISTERED, REGISTERED_EVENTS)))
    return settings.model_copy(
        update={"trusted_documents": manifest, "trusted_documents_for": applies_to}
    )


@pytest.fixture(params=["partners"])
async def trusted_app(
    request: pytest.FixtureRequest, settings: Settings, tmp_path: Path
) -> AsyncIterator[Starlette]:
    application = create_app(trusted_settings(settings, tmp_path, request.param))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def trusted_client(trusted_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=trusted_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        yield client


@pytest.fixture
async def trusted_world(trusted_app: Starlette) -> World:
    services = trusted_app.state.services
    return await build_world(services.database, services.tokens)


async def post(
    client: httpx.AsyncClient, token: str | None, request: dict[str, Any]
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json=request, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def by_hash(document: str) -> dict[str, Any]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(document)}}}


async def test_a_partners_unregistered_document_is_refused_and_nothing_runs(
    trusted_client: httpx.AsyncClient, trusted_world: World
) -> None:
    # when a partner sends a document that is not in the manifest
    body = await post(trusted_client, trusted_world.tokens["partner"], {"query": UNREGISTERED})

    # then it is refused with its own code, and nothing ran
    assert error_codes(body) == ["PERSISTED_QUERY_NOT_IN_LIST"]
    assert body.get("data") is None


async def test_a_registered_document_runs_by_its_hash_from_the_first_request(
    trusted_client: httpx.AsyncClient, trusted_world: World
) -> None:
    # when a partner sends a registered document's hash, never having sent its text
    body = await post(trusted_client, trusted_world.tokens["partner"], by_hash(REGISTERED))

    # then it runs
    assert body["data"] == {"viewer": {"username": "partner"}}


async def test_a_registered_document_sent_as_text_runs(
    trusted_client: httpx.AsyncClient, trusted_world: World
) -> None:
    body = await post(trusted_client, trusted_world.tokens["partner"], {"query": REGISTERED})

    assert body["data"] == {"viewer": {"username": "partner"}}


async def test_in_partners_mode_other_accounts_run_any_document(
    trusted_client: httpx.AsyncClient, trusted_world: World
) -> None:
    body = await post(trusted_client, trusted_world.tokens["admin"], {"query": UNREGISTERED})

    assert body["data"]["viewer"]["username"] == "admin"


@pytest.mark.parametrize("trusted_app", ["everyone"], indirect=True)
@pytest.mark.parametrize("account", ["admin", None])
async def test_in_everyone_mode_every_client_is_bound(
    trusted_client: httpx.AsyncClient, trusted_world: World, account: str | None
) -> None:
    token = trusted_world.tokens[account] if account else None

    body = await post(trusted_client, token, {"query": UNREGISTERED})

    assert error_codes(body) == ["PERSISTED_QUERY_NOT_IN_LIST"]


async def test_a_partners_unregistered_subscription_is_refused_over_websockets(
    settings: Settings, tmp_path: Path, world: World
) -> None:
    # given an instance bound to its manifest, and a partner's socket
    trusted = trusted_settings(settings, tmp_path, "partners")
    async with serving(create_app(trusted), trusted) as address:
        socket = await SubscriptionClient.open(address, token=world.tokens["partner"])

        # when it subscribes with a document outside the list
        operation = await socket.subscribe("subscription { events { id } }")
        message = await socket.receive()

        # then that operation is refused with the code, and a registered one still runs
        assert (message["type"], message["id"]) == ("error", operation)
        assert [e["extensions"]["code"] for e in message["payload"]] == [
            "PERSISTED_QUERY_NOT_IN_LIST"
        ]
        registered = await socket.subscribe(REGISTERED_EVENTS)
        await socket.send({"id": registered, "type": "complete"})
        await socket.close()


def test_a_plain_hash_to_document_map_is_a_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "documents.json"
    manifest.write_text(json.dumps({sha256(REGISTERED): REGISTERED}))

    assert TrustedDocuments.load(manifest).texts == {sha256(REGISTERED): REGISTERED}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "cannot be read as JSON"),
        (json.dumps({"0" * 64: REGISTERED}), "is not the SHA-256 of its document"),
        (json.dumps([REGISTERED]), "expected an Apollo persisted query manifest"),
        (json.dumps({"format": "apollo-persisted-query-manifest"}), "must be a list"),
    ],
)
def test_a_bad_manifest_stops_start_up_saying_what_is_wrong(
    tmp_path: Path, content: str, says: str
) -> None:
    manifest = tmp_path / "trusted.json"
    manifest.write_text(content)

    with pytest.raises(ConfigurationError, match=says):
        TrustedDocuments.load(manifest)
