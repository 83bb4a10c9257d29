"""Several server processes sharing one database and one broadcast backend."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.conftest import BROADCAST_URL, TEST_SECRET
from tests.graphql import execute
from tests.processes import PrivateRedis, ServerProcess
from tests.world import World
from tests.ws import SubscriptionClient, watching

pytestmark = pytest.mark.multiprocess

EVENTS = "subscription { events { cursor changes } }"
RENAME = "mutation ($id: ID!, $name: String!) { updateOrganization(input: {id: $id, name: $name}) { organization { id } } }"
PHONE = (
    'mutation ($id: ID!) { updateMember(input: {id: $id, phone: "13500000000"}) { member { id } } }'
)

ServerFactory = Callable[[str, float], ServerProcess]


@pytest.fixture
async def servers(database_url: str) -> AsyncIterator[ServerFactory]:
    started: list[ServerProcess] = []

    def start(broadcast_url: str, poll_seconds: float) -> ServerProcess:
        server = ServerProcess(
            {
                "ZHDJ_DATABASE_URL": database_url,
                "ZHDJ_BROADCAST_URL": broadcast_url,
                "ZHDJ_TOKEN_SECRET": TEST_SECRET,
                "ZHDJ_EVENT_POLL_SECONDS": str(poll_seconds),
                "ZHDJ_HEARTBEAT_SECONDS": "0.5",
            }
        )
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


async def test_an_update_on_one_instance_reaches_a_subscriber_of_the_other(
    servers: ServerFactory, world: World
) -> None:
    # Across processes the in-memory backend cannot carry the wake-up: then the log poll must.
    shared = not BROADCAST_URL.startswith("memory")
    a, b = (
        servers(BROADCAST_URL, 60 if shared else 0.5),
        servers(BROADCAST_URL, 60 if shared else 0.5),
    )
    await asyncio.gather(a.wait_ready(), b.wait_ready())
    subscriber = await SubscriptionClient.open(b.address, token=world.tokens["secretary"])
    await subscriber.subscribe(
        "subscription { events { changes ... on MemberEvent { member { phone } } } }"
    )
    await watching(b.address, 1)
    async with httpx.AsyncClient(base_url=f"http://{a.address}") as http:
        body = await execute(
            http, PHONE, {"id": world.member_id("m1")}, token=world.tokens["secretary"]
        )
    assert "errors" not in body, body
    payload = await subscriber.next_payload(timeout=5)
    assert payload["data"]["events"]["member"]["phone"] == "13500000000"
    await subscriber.close()


async def test_a_redis_restart_loses_no_event(
    servers: ServerFactory, world: World, private_redis: PrivateRedis
) -> None:
    redis = private_redis
    await redis.start()
    a, b = servers(redis.url, 60), servers(redis.url, 60)
    await asyncio.gather(a.wait_ready(), b.wait_ready())
    subscribers = [
        await SubscriptionClient.open(server.address, token=world.tokens["admin"])
        for server in (a, b, b)
    ]
    for subscriber in subscribers:
        await subscriber.subscribe(EVENTS)
    await watching(a.address, 1)
    await watching(b.address, 2)
    names = [f"重启测试{index}" for index in range(30)]
    async with httpx.AsyncClient(base_url=f"http://{a.address}") as http:
        for index, name in enumerate(names):
            if index == 10:
                await redis.kill()
            if index == 20:
                await redis.start()
            body = await execute(
                http,
                RENAME,
                {"id": world.org_id("grid_a1"), "name": name},
                token=world.tokens["admin"],
            )
            assert "errors" not in body, body
            await asyncio.sleep(0.05)
    for subscriber in subscribers:
        received: list[Any] = []
        while len(received) < len(names):
            payload = await subscriber.next_payload(timeout=20)
            received.append(payload["data"]["events"])
        assert [event["changes"]["name"] for event in received] == names
        assert len({event["cursor"] for event in received}) == len(names)
        await subscriber.close()
