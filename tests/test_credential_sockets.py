"""Open websockets re-check their credential: a revoked key, or a disabled account, closes
the socket with 4403 and the reason within the check interval; a refused `connection_init`
closes with 4403 and the reason too."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import cast

import httpx
import pytest
from starlette.applications import Starlette
from starlette.websockets import WebSocket, WebSocketState
from websockets.asyncio.client import connect

from resolvers.accounts.tokens import TokenService
from resolvers.context import Context
from server import Settings
from tests.apikey_support import create_key, revoke_key
from tests.graphql import execute
from tests.world import World
from tests.ws import LEGACY_WS, TRANSPORT_WS, SubscriptionClient
from transport.credentials import watch_credential

CHECK_SECONDS = 0.3
# What "within seconds" means on a loaded test machine: a few check intervals, plus the
# request that revokes and the close handshake.
WITHIN = 5.0
EVENTS = "subscription { events { cursor type } }"
DISABLE = "mutation ($username: String!) { setAccountActive(input: {username: $username, active: false}) { changed } }"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"credential_check_seconds": CHECK_SECONDS})


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def _refused_at_init(address: str, credential: str) -> tuple[int | None, str | None]:
    async with connect(f"ws://{address}/graphql", subprotocols=[TRANSPORT_WS]) as socket:  # type: ignore[list-item]
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {credential}"}}
        await socket.send(json.dumps(init))
        async with asyncio.timeout(10):
            await socket.wait_closed()
        return socket.close_code, socket.close_reason


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_a_revoked_key_s_open_socket_closes_with_the_reason(
    live_server: str, http: httpx.AsyncClient, world: World, protocol: str
) -> None:
    created = await create_key(http, world)
    client = await SubscriptionClient.open(live_server, token=created["secret"], protocol=protocol)
    await client.subscribe(EVENTS)

    await revoke_key(http, world, created["apiKey"]["id"])
    started = time.monotonic()
    code, reason = await client.closed(timeout=10)

    assert (code, reason) == (4403, "API key revoked")
    assert time.monotonic() - started < WITHIN


async def test_a_disabled_account_s_open_socket_closes_with_the_reason(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await client.subscribe(EVENTS)

    disabled = await execute(http, DISABLE, {"username": "secretary"}, token=world.tokens["admin"])
    assert "errors" not in disabled, disabled
    started = time.monotonic()
    code, reason = await client.closed(timeout=10)

    assert (code, reason) == (4403, "account disabled")
    assert time.monotonic() - started < WITHIN


async def test_a_socket_whose_credential_lives_stays_open(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    created = await create_key(http, world)
    client = await SubscriptionClient.open(live_server, token=created["secret"])

    await asyncio.sleep(CHECK_SECONDS * 3)  # several re-checks pass
    await client.send({"type": "ping"})
    answer = await client.connection.recv()

    assert json.loads(answer)["type"] == "pong"
    await client.close()


async def test_a_forged_token_is_refused_at_init_with_the_reason(
    live_server: str, world: World
) -> None:
    assert await _refused_at_init(live_server, "forged") == (4403, "token invalid")


async def test_a_revoked_key_is_refused_at_init_with_the_reason(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    created = await create_key(http, world)
    await revoke_key(http, world, created["apiKey"]["id"])

    assert await _refused_at_init(live_server, created["secret"]) == (4403, "API key revoked")


async def test_a_socket_closes_when_its_token_expires(
    live_server: str, world: World, settings: Settings
) -> None:
    tokens = TokenService(settings.secret(), timedelta(minutes=settings.token_lifetime_minutes))
    lifetime = timedelta(minutes=settings.token_lifetime_minutes)
    issued = datetime.now(UTC) - lifetime + timedelta(seconds=2)  # expires in two seconds
    token, _expires = tokens.issue(world.accounts["secretary"].id, now=issued)
    client = await SubscriptionClient.open(live_server, token=token)

    code, reason = await client.closed(timeout=10)

    assert (code, reason) == (4403, "token expired")


class _Socket:
    """What a credential watch needs of a websocket: its state, and close."""

    def __init__(self) -> None:
        self.application_state = WebSocketState.CONNECTED
        self.closed: tuple[int, str] | None = None

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)
        self.application_state = WebSocketState.DISCONNECTED


async def test_sockets_holding_one_credential_share_one_check_per_interval(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given 100 sockets holding the same token, and one holding another
    asked: list[str | None] = []

    async def counted(self: Context) -> str | None:
        asked.append(self.credential)
        return "revoked" if self.credential == "dead" else None

    monkeypatch.setattr(Context, "credential_problem", counted)
    services = app.state.services
    sockets = [_Socket() for _ in range(101)]
    credentials = ["same"] * 100 + ["dead"]
    watches = [
        watch_credential(cast(WebSocket, socket), Context(services=services, credential=held))
        for socket, held in zip(sockets, credentials, strict=True)
    ]
    # When one interval passes, and then part of another
    await asyncio.sleep(CHECK_SECONDS * 1.5)
    # Then each credential was asked once, only the dead one's socket is closed, with why
    assert sorted(map(str, asked)) == ["dead", "same"]
    assert [socket.closed for socket in sockets[-1:]] == [(4403, "revoked")]
    assert all(socket.closed is None for socket in sockets[:-1])
    for socket, watch in zip(sockets, watches, strict=True):
        assert watch is not None
        watch.leave(cast(WebSocket, socket))
