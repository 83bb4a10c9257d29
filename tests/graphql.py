"""Sending GraphQL documents to the app under test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette

from db.statements import count_statements
from server import Settings, create_app


async def execute(
    client: httpx.AsyncClient,
    document: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": document, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    # Over a budget is 429 (with Retry-After); every other answer of an executed document, 200.
    limited = "RATE_LIMITED" in error_codes(body)
    assert response.status_code == (429 if limited else 200), response.text
    if limited:
        assert int(response.headers["retry-after"]) >= 1
    return body


async def statements_for(
    client: httpx.AsyncClient, app: Starlette, document: str, token: str, first: int
) -> int:
    """The SQL statements one request for a page of `first` items makes (the request's own,
    not the event hub's background reads)."""
    with count_statements(app.state.services.database.engine, this_context_only=True) as found:
        body = await execute(client, document, {"first": first}, token=token)
    assert "errors" not in body, body
    return len(found)


def error_codes(body: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]


@asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[Starlette]:
    """Another instance of the app (another process, as far as it can tell), started."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@asynccontextmanager
async def client_from(
    app: Starlette, address: str = "127.0.0.1"
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of `app` whose requests come from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        yield client
