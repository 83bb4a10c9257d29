"""Every answer carries a request id, the client's own when it sends a sane one, and every log
line written while the request runs names it."""

from __future__ import annotations

import logging

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from tests.world import World
from transport.request_ids import NONE, RequestIdLogFilter, RequestIds

QUERY = {"query": "{ __typename }"}


async def test_an_answer_echoes_the_clients_request_id(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=QUERY, headers={"X-Request-Id": "abc-123"})
    assert response.headers["X-Request-Id"] == "abc-123"


@pytest.mark.parametrize(
    "sent", [None, "", "a" * 129, "bad id with spaces", "x\u00e9".encode()], ids=repr
)
async def test_without_a_sane_id_the_answer_gets_a_new_one(
    client: httpx.AsyncClient, sent: bytes | None
) -> None:
    headers = [] if sent is None else [(b"X-Request-Id", sent)]
    first = await client.post("/graphql", json=QUERY, headers=headers)
    second = await client.post("/graphql", json=QUERY, headers=headers)
    ids = [first.headers["X-Request-Id"], second.headers["X-Request-Id"]]
    assert all(len(value) == 32 for value in ids)
    assert ids[0] != ids[1]


async def test_refusals_and_other_routes_carry_it_too(client: httpx.AsyncClient) -> None:
    refused = await client.post(
        "/graphql",
        content=b"12",
        headers={"X-Request-Id": "r1", "Content-Type": "application/json"},
    )
    health = await client.get("/healthz", headers={"X-Request-Id": "h1"})
    assert (refused.status_code, refused.headers["X-Request-Id"]) == (400, "r1")
    assert health.headers["X-Request-Id"] == "h1"


async def test_log_lines_written_during_a_request_name_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given an app that logs while it answers, behind the middleware, and a handler that
    # stamps records as configure_logging's does
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        logging.getLogger("zhdj.test").info("answering")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    caplog.handler.addFilter(RequestIdLogFilter())
    transport = httpx.ASGITransport(app=RequestIds(app))
    with caplog.at_level(logging.INFO, logger="zhdj.test"):
        async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as http:
            await http.get("/", headers={"X-Request-Id": "trace-me"})
        logging.getLogger("zhdj.test").info("between requests")
    # then the line written during the request names it, and the one outside says none
    assert [getattr(r, "request_id", None) for r in caplog.records] == ["trace-me", NONE]


async def test_a_websocket_handshake_echoes_the_request_id(live_server: str, world: World) -> None:
    from websockets.asyncio.client import connect

    async with connect(
        f"ws://{live_server}/graphql",
        subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
        additional_headers={"X-Request-Id": "socket-7"},
    ) as connection:
        assert connection.response is not None
        assert connection.response.headers["X-Request-Id"] == "socket-7"
