"""Requests for the GraphQL path reach the endpoint without Starlette's router; every other
request, and one under a root path, is routed as before."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from transport.direct_route import DirectRoute


class Endpoint:
    """An ASGI endpoint that answers with whether the router handed it the request."""

    def __init__(self) -> None:
        self.scopes: list[Scope] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scopes.append(scope)
        if scope["type"] == "http":
            await JSONResponse({"routed": "router" in scope})(scope, receive, send)


def _app(endpoint: Endpoint) -> Starlette:
    async def other(_request: Request) -> Response:
        return PlainTextResponse("other")

    return Starlette(
        routes=[Route("/graphql", endpoint), Route("/other", other)],
        middleware=[Middleware(DirectRoute, path="/graphql", endpoint=endpoint)],
    )


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "OPTIONS"])
async def test_the_path_reaches_the_endpoint_directly_whatever_the_method(method: str) -> None:
    endpoint = Endpoint()
    transport = httpx.ASGITransport(app=_app(endpoint))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.request(method, "/graphql")
    assert response.json() == {"routed": False}


async def test_other_paths_and_a_root_path_are_routed_as_before() -> None:
    endpoint = Endpoint()
    app = _app(endpoint)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        other = await client.get("/other")
        missing = await client.get("/graphql/")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, root_path="/api"), base_url="http://test"
    ) as client:
        under_root = await client.get("/api/graphql")
    assert other.text == "other"
    assert missing.status_code == 307  # the router's redirect to /graphql, not the endpoint
    assert under_root.json() == {"routed": True}


async def test_a_websocket_on_the_path_goes_to_the_endpoint_and_a_lifespan_to_the_app() -> None:
    endpoint = Endpoint()
    reached: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["type"])

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(_message: Message) -> None:
        pass

    direct = DirectRoute(app, path="/graphql", endpoint=endpoint)
    await direct({"type": "websocket", "path": "/graphql", "root_path": ""}, receive, send)
    await direct({"type": "websocket", "path": "/elsewhere"}, receive, send)
    await direct({"type": "lifespan"}, receive, send)
    assert [scope["path"] for scope in endpoint.scopes] == ["/graphql"]
    assert reached == ["websocket", "lifespan"]
