"""Database outages: named UNAVAILABLE over HTTP (503 with Retry-After) and over websockets
(closed with 1013 and the reason), /readyz not ready meanwhile and /healthz alive, nothing
half-written, and recovery without a restart, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from websockets.asyncio.client import connect

from db.engine import Database
from server import Settings
from tests.outages import Outage
from tests.serving import serving
from tests.world import World
from tests.ws import LEGACY_WS, TRANSPORT_WS, SubscriptionClient

ORGANIZATIONS = "{ organizations { totalCount } }"
RENAME = """
mutation ($id: ID!) { updateOrganization(input: {id: $id, name: "停电期间"}) { organization { name } } }"""
EVENTS = "subscription { events { type ... on OrganizationEvent { organization { name } } } }"
LOGIN = 'mutation { login(input: {username: "admin", password: "wrong"}) { token } }'


@pytest.fixture
async def outage(database_url: str, tmp_path: Path) -> AsyncIterator[Outage]:
    outage = await Outage.around(database_url, tmp_path)
    yield outage
    await outage.close()


@pytest.fixture
def settings(settings: Settings, outage: Outage) -> Settings:
    return settings.model_copy(update={"database_url": outage.url})


@pytest.fixture
async def database(outage: Outage) -> AsyncIterator[Database]:
    database = Database(outage.url)
    yield database
    await database.dispose()


async def post(
    client: httpx.AsyncClient, query: str, token: str | None = None, **variables: str
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["retry-after"] == "5"
    errors = response.json()["errors"]
    assert {error["extensions"]["code"] for error in errors} == {"UNAVAILABLE"}
    assert "cannot be reached" in errors[0]["message"]


async def test_a_signed_in_request_during_an_outage_is_503_unavailable(
    client: httpx.AsyncClient, app: Starlette, world: World, outage: Outage
) -> None:
    # given the database is out of reach
    await outage.begin(app.state.services.database)
    # when a signed-in client asks (its account is read first)
    response = await post(client, ORGANIZATIONS, world.tokens["admin"])
    # then the outage is named, with when to retry, and nothing internal leaks
    assert_unavailable(response)
    assert "sqlite" not in response.text.lower()
    assert "postgres" not in response.text.lower()
    await outage.end()


async def test_a_resolver_that_meets_an_outage_answers_503_unavailable(
    client: httpx.AsyncClient, app: Starlette, world: World, outage: Outage
) -> None:
    # given the database is out of reach
    await outage.begin(app.state.services.database)
    # when an anonymous client signs in (the resolver reads the account)
    response = await post(client, LOGIN)
    # then it is told the same, not INTERNAL
    assert_unavailable(response)
    await outage.end()


async def test_what_needs_no_database_still_answers_during_an_outage(
    client: httpx.AsyncClient, app: Starlette, outage: Outage
) -> None:
    await outage.begin(app.state.services.database)
    response = await post(client, "{ __typename }")
    assert response.json()["data"] == {"__typename": "Query"}
    assert (await client.get("/healthz")).status_code == 200
    await outage.end()


async def test_readyz_is_not_ready_during_an_outage_and_ready_after(
    client: httpx.AsyncClient, app: Starlette, outage: Outage
) -> None:
    await outage.begin(app.state.services.database)
    during = await client.get("/readyz")
    await outage.end()
    after = await client.get("/readyz")
    assert (during.status_code, during.json()["database"]) == (503, False)
    assert (after.status_code, after.json()) == (200, {"database": True, "broadcast": True})


async def test_the_service_recovers_without_a_restart_and_nothing_was_written(
    client: httpx.AsyncClient, app: Starlette, world: World, outage: Outage
) -> None:
    # given a change refused during an outage
    await outage.begin(app.state.services.database)
    refused = await post(client, RENAME, world.tokens["admin"], id=world.org_id("grid_a1"))
    # when the database comes back
    await outage.end()
    # then the same app answers again, and the refused change did not happen
    assert_unavailable(refused)
    response = await post(
        client,
        f'{{ organization(id: "{world.org_id("grid_a1")}") {{ name }} }}',
        world.tokens["admin"],
    )
    assert response.status_code == 200
    assert response.json()["data"]["organization"]["name"] == world.orgs["grid_a1"].name


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_a_subscription_is_closed_with_unavailable_and_resumes_after(
    app: Starlette, settings: Settings, world: World, outage: Outage, protocol: str
) -> None:
    async with serving(app, settings, lifespan="off") as address:
        # given a live subscription
        subscriber = await SubscriptionClient.open(
            address, token=world.tokens["admin"], protocol=protocol
        )
        await subscriber.subscribe(EVENTS)
        # when the database goes away
        await outage.begin(app.state.services.database)
        # then the connection is closed, saying why and that trying again later will do
        code, reason = await subscriber.closed()
        assert (code, str(reason).split(":")[0]) == (1013, "UNAVAILABLE")
        # and once it is back, a new connection subscribes and hears of changes again
        await outage.end()
        async with asyncio.timeout(10):
            while not (await post_to(address, ORGANIZATIONS, world.tokens["admin"])).is_success:
                await asyncio.sleep(0.2)
        again = await SubscriptionClient.open(
            address, token=world.tokens["admin"], protocol=protocol
        )
        await again.subscribe(EVENTS)
        await asyncio.sleep(0.3)
        renamed = await post_to(address, RENAME, world.tokens["admin"], id=world.org_id("grid_a1"))
        assert renamed.is_success, renamed.text
        payload = await again.next_payload()
        assert payload["data"]["events"]["organization"] == {"name": "停电期间"}
        await again.close()


async def test_a_connection_opened_during_an_outage_is_closed_with_unavailable(
    app: Starlette, settings: Settings, world: World, outage: Outage
) -> None:
    async with serving(app, settings, lifespan="off") as address:
        await outage.begin(app.state.services.database)
        # the account behind the token cannot be read: the connection is closed, not refused
        # as if the token were wrong (a screen would sign its operator out)
        connection = await connect(f"ws://{address}/graphql", subprotocols=[TRANSPORT_WS])  # type: ignore[list-item]
        client = SubscriptionClient(connection, TRANSPORT_WS)
        await client.send(
            {
                "type": "connection_init",
                "payload": {"Authorization": f"Bearer {world.tokens['admin']}"},
            }
        )
        code, reason = await client.closed()
        assert (code, str(reason).split(":")[0]) == (1013, "UNAVAILABLE")
        await outage.end()


async def post_to(address: str, query: str, token: str, **variables: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=f"http://{address}") as client:
        return await post(client, query, token, **variables)
