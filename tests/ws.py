"""A small websocket client for both GraphQL subscription protocols, for tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"


class SubscriptionClient:
    """Speaks graphql-transport-ws or the legacy graphql-ws; one connection, many operations."""

    def __init__(self, connection: ClientConnection, protocol: str) -> None:
        self.connection = connection
        self.protocol = protocol
        self._next_id = 0

    @classmethod
    async def open(
        cls, address: str, *, token: str | None = None, protocol: str = TRANSPORT_WS
    ) -> SubscriptionClient:
        connection = await connect(f"ws://{address}/graphql", subprotocols=[protocol])  # type: ignore[list-item]
        client = cls(connection, protocol)
        payload = {"Authorization": f"Bearer {token}"} if token else {}
        await client.send({"type": "connection_init", "payload": payload})
        message = await client.receive()
        assert message["type"] == "connection_ack", message
        return client

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, timeout: float = 10) -> dict[str, Any]:
        """The next message that is not a keep-alive."""
        async with asyncio.timeout(timeout):
            while True:
                message: dict[str, Any] = json.loads(await self.connection.recv())
                if message["type"] not in ("ka", "ping", "pong"):
                    return message

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        self._next_id += 1
        operation_id = str(self._next_id)
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        await self.send(
            {
                "id": operation_id,
                "type": kind,
                "payload": {"query": query, "variables": variables or {}},
            }
        )
        return operation_id

    async def next_payload(self, timeout: float = 10) -> dict[str, Any]:
        """The payload of the next result message (`next`, or legacy `data`)."""
        message = await self.receive(timeout)
        assert message["type"] in ("next", "data"), message
        payload: dict[str, Any] = message["payload"]
        return payload

    async def closed(self, timeout: float = 10) -> tuple[int | None, str | None]:
        """The code and reason the server closes the connection with (skipping any
        message before that)."""
        async with asyncio.timeout(timeout):
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await self.connection.recv()
        return self.connection.close_code, self.connection.close_reason

    async def close(self) -> None:
        await self.connection.close()


async def event_path(http: httpx.AsyncClient) -> dict[str, float]:
    """The server's event-path figures on /metrics (`zhdj_events_…`), by name without it."""
    text = (await http.get("/metrics")).text
    return {
        name.removeprefix("zhdj_events_"): float(value)
        for name, _, value in (line.partition(" ") for line in text.splitlines())
        if name.startswith("zhdj_events_")
    }


async def until_async(read: Any, condition: Any, seconds: float = 5) -> None:
    """Until `condition` holds of what `read()` answers, polled; fails after `seconds`."""
    async with asyncio.timeout(seconds):
        while not condition(await read()):
            await asyncio.sleep(0.02)


async def watching(address: str, count: int, timeout: float = 10) -> None:
    """Until the server at `address` follows the event log for at least `count` subscriptions
    (its gauge `watches`): an event published after this reaches each of them, however slow
    the machine, where a fixed sleep only usually does."""
    async with httpx.AsyncClient(base_url=f"http://{address}") as http:
        await until_async(lambda: event_path(http), lambda f: f["watches"] >= count, timeout)
