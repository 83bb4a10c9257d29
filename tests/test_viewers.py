"""A token's viewer is read once and kept a few seconds; moves and expiry are never missed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from db.statements import count_statements
from resolvers.access import Viewer
from resolvers.accounts.viewers import ViewerCache
from server import Settings
from tests.graphql import execute
from tests.world import World

ORGANIZATION = "query ($id: ID!) { organization(id: $id) { name } }"
MOVE = "mutation ($id: ID!, $to: ID!) { moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } } }"
SOMEONE = Viewer(account_id=7, username="someone")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings with viewers kept, as in production."""
    return settings.model_copy(update={"viewer_cache_seconds": 5.0})


def _account_reads(statements: list[str]) -> int:
    return sum(1 for statement in statements if "FROM accounts" in statement)


async def test_a_token_s_account_is_read_once_for_requests_close_together(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    # given a secretary's token, used once
    token = world.tokens["secretary"]
    variables = {"id": world.org_id("community_a")}
    with count_statements(app.state.services.database.engine) as first:
        await execute(client, ORGANIZATION, variables, token=token)
    # when the same token comes again within the cache time
    with count_statements(app.state.services.database.engine) as second:
        body = await execute(client, ORGANIZATION, variables, token=token)
    # then the account was read the first time only, and the viewer is the same
    assert (_account_reads(first), _account_reads(second)) == (1, 0)
    assert body["data"]["organization"] == {"name": "A社区党委"}


async def test_a_move_reaches_viewers_bound_inside_the_moved_subtree_at_once(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a secretary of community A whose viewer is kept
    variables = {"id": world.org_id("community_a")}
    await execute(client, ORGANIZATION, variables, token=world.tokens["secretary"])
    # when the administrator moves community A (and the secretary's binding) under street B
    moved = await execute(
        client,
        MOVE,
        {"id": world.org_id("community_a"), "to": world.org_id("street_b")},
        token=world.tokens["admin"],
    )
    assert "errors" not in moved, moved
    # then the secretary still sees the community at its new place, not through a stale path
    body = await execute(client, ORGANIZATION, variables, token=world.tokens["secretary"])
    assert body["data"]["organization"] == {"name": "A社区党委"}


def test_a_viewer_is_never_kept_past_its_token_s_expiry() -> None:
    # given a cache that keeps viewers for a minute
    cache = ViewerCache(seconds=60)
    # when a token that has already expired, and one valid for an hour, are put in
    cache.put("expired", SOMEONE, datetime.now(UTC) - timedelta(seconds=1))
    cache.put("valid", SOMEONE, datetime.now(UTC) + timedelta(hours=1))
    # then only the valid one is kept
    assert cache.get("expired") is None
    assert cache.get("valid") == SOMEONE


def test_nothing_is_kept_with_zero_seconds_or_for_nobody() -> None:
    # given a cache switched off, and one switched on
    off, on = ViewerCache(seconds=0), ViewerCache(seconds=60)
    later = datetime.now(UTC) + timedelta(hours=1)
    # when a viewer is put in the first, and an anonymous viewer in the second
    off.put("token", SOMEONE, later)
    on.put("token", Viewer(), later)
    # then neither keeps anything
    assert off.get("token") is None
    assert on.get("token") is None


def test_the_cache_holds_at_most_its_size() -> None:
    # given a cache of two viewers
    cache = ViewerCache(seconds=60, size=2)
    later = datetime.now(UTC) + timedelta(hours=1)
    # when three tokens are put in
    for token in ("a", "b", "c"):
        cache.put(token, SOMEONE, later)
    # then the oldest is gone
    assert [cache.get(token) is not None for token in ("a", "b", "c")] == [False, True, True]


async def test_requests_arriving_together_with_one_token_read_its_account_once(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    # given a token nobody has used yet on this instance
    token = world.tokens["secretary"]
    variables = {"id": world.org_id("community_a")}
    # when twenty requests with it are in flight at once
    with count_statements(app.state.services.database.engine) as statements:
        answers = await asyncio.gather(
            *(execute(client, ORGANIZATION, variables, token=token) for _ in range(20))
        )
    # then each is answered, and the account was read for one of them only
    assert all(answer["data"]["organization"]["name"] for answer in answers)
    assert _account_reads(statements) == 1


async def test_one_identification_serves_every_request_that_waits_for_it() -> None:
    cache = ViewerCache()
    started, release = asyncio.Event(), asyncio.Event()
    calls = 0

    async def identify() -> Viewer:
        nonlocal calls
        calls += 1
        started.set()
        await release.wait()
        return SOMEONE

    # given a slow identification under way, waited for by three requests
    waiting = [asyncio.ensure_future(cache.shared("token", identify)) for _ in range(3)]
    await started.wait()
    # when the first gives up (its client went away) before the answer comes
    waiting[0].cancel()
    release.set()
    # then the others still get the one answer, read once
    assert await asyncio.gather(*waiting[1:]) == [SOMEONE, SOMEONE]
    assert calls == 1
    # and the next miss identifies afresh
    assert await cache.shared("token", identify) is SOMEONE
    assert calls == 2


async def test_a_failed_identification_fails_each_waiting_request_and_is_not_kept() -> None:
    cache = ViewerCache()

    async def identify() -> Viewer:
        await asyncio.sleep(0)
        raise ConnectionError("database gone")

    results = await asyncio.gather(
        *(cache.shared("token", identify) for _ in range(2)), return_exceptions=True
    )
    assert [type(result) for result in results] == [ConnectionError, ConnectionError]
    assert cache._underway == {}
