"""Key uses are counted in memory and written by each instance's periodic flush."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import cast

import httpx
import pytest

from db.engine import Database
from resolvers.apikeys.usage import KeyUsage
from server import Settings
from tests.apikey_support import LIST, ORGANIZATIONS, create_key
from tests.graphql import execute
from tests.world import World

FLUSH_SECONDS = 0.2


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"api_key_usage_flush_seconds": FLUSH_SECONDS})


async def test_the_periodic_flush_writes_the_counted_uses(
    client: httpx.AsyncClient, world: World
) -> None:
    key = (await create_key(client, world))["secret"]
    for _ in range(2):
        assert "errors" not in await execute(client, ORGANIZATIONS, token=key)

    listed: dict[str, object] = {}
    async with asyncio.timeout(10):  # a few flush intervals, on a loaded machine
        while listed.get("useCount") != 2:
            await asyncio.sleep(FLUSH_SECONDS)
            body = await execute(client, LIST, token=world.tokens["admin"])
            listed = body["data"]["apiKeys"]["nodes"][0]

    assert listed["lastUsedAt"] is not None


def test_uses_of_one_key_add_up_with_the_latest_time() -> None:
    usage = KeyUsage()
    early = datetime(2026, 12, 1, tzinfo=UTC)

    usage.count(1, early + timedelta(minutes=5))
    usage.count(1, early)
    usage.count(2, early)

    assert usage.pending == 3


class _Unreachable:
    """A database whose transactions fail, as during an outage."""

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        raise ConnectionRefusedError("the database is down")
        yield


async def test_a_failed_flush_keeps_its_counts_for_the_next() -> None:
    usage = KeyUsage()
    usage.count(1, datetime.now(UTC))

    with pytest.raises(ConnectionRefusedError):
        await usage.flush(cast(Database, _Unreachable()))

    assert usage.pending == 1
