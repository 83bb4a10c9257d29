"""A client can read its budget and pace itself: RateLimit-* headers on every answer, 429 with
Retry-After (and `extensions.retryAfter`) when over it, and the `rateLimit` field."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime, timedelta

import httpx
from starlette.applications import Starlette

from tests.graphql import client_from
from tests.world import World

PAGE = "{ organizations(first: 100) { nodes { children(first: 7) { nodes { name } } } } }"
BUDGET = "{ rateLimit { limit cost remaining restoreRate resetAt } }"
LOGIN = 'mutation ($p: String!) { login(input: {username: "secretary", password: $p}) { token } }'


async def post(
    client: httpx.AsyncClient, document: str, token: str | None = None, **variables: object
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql", json={"query": document, "variables": variables}, headers=headers
    )


async def test_every_answer_says_the_budget_left_in_ratelimit_headers(
    client: httpx.AsyncClient, world: World
) -> None:
    response = await post(client, "{ viewer { username } }", world.tokens["admin"])
    assert response.status_code == 200
    assert response.headers["RateLimit-Limit"] == "2000"
    remaining = int(response.headers["RateLimit-Remaining"])
    assert 1990 <= remaining <= 2000
    assert 0 <= int(response.headers["RateLimit-Reset"]) <= 1


async def test_an_empty_bucket_is_answered_429_with_retry_after(
    client: httpx.AsyncClient, app: Starlette, world: World
) -> None:
    # given a client that has spent 1,500 of its 2,000 points
    throttle = app.state.services.throttle
    started = time.monotonic()
    assert (await throttle.try_take(f"account:{world.accounts['admin'].id}", 1500))[0]
    # when it asks for a page costing 901
    response = await post(client, PAGE, world.tokens["admin"])
    refilled = (time.monotonic() - started) * 100  # a slow machine refills the bucket meanwhile
    # then it is told 429, how long to wait (enough to refill 401 points at 100 a second),
    # in the header and the error alike, and how much it has
    assert response.status_code == 429
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert int(response.headers["Retry-After"]) == error["extensions"]["retryAfter"]
    assert max(1, math.ceil((401 - refilled) / 100)) <= error["extensions"]["retryAfter"] <= 5
    assert int(response.headers["RateLimit-Remaining"]) < 901


async def test_a_query_over_the_ceiling_is_max_cost_exceeded_not_rate_limited(
    client: httpx.AsyncClient, world: World
) -> None:
    document = "{ organizations(first: 100) { nodes { children(first: 100) { nodes { name } } } } }"
    response = await post(client, document, world.tokens["admin"])
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert "Retry-After" not in response.headers


async def test_the_rate_limit_field_tells_what_this_query_cost_and_what_is_left(
    client: httpx.AsyncClient, app: Starlette, world: World
) -> None:
    throttle = app.state.services.throttle
    started = time.monotonic()
    assert (await throttle.try_take(f"account:{world.accounts['admin'].id}", 500))[0]
    response = await post(client, BUDGET, world.tokens["admin"])
    refilled = (time.monotonic() - started) * 100  # a slow machine refills the bucket meanwhile
    budget = response.json()["data"]["rateLimit"]
    assert budget["limit"] == 2000
    assert budget["cost"] == 1
    assert budget["restoreRate"] == 100.0
    assert 1499 <= budget["remaining"] <= min(2000, 1500 + refilled)
    # the points still short refill at 100 a second: full again that many hundredths of a second on
    until_full = datetime.fromisoformat(budget["resetAt"]) - datetime.now(UTC)
    short = (2000 - budget["remaining"]) / 100
    assert timedelta(seconds=short - 1.5) < until_full <= timedelta(seconds=short + 0.5)


async def test_a_throttled_sign_in_is_429_with_the_wait(app: Starlette, world: World) -> None:
    async with client_from(app, "198.51.100.9") as guesser:
        for n in range(5):
            await post(guesser, LOGIN, p=f"guess{n}")
        response = await post(guesser, LOGIN, p="guess5")
    assert response.status_code == 429
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert int(response.headers["Retry-After"]) == error["extensions"]["retryAfter"] >= 1
