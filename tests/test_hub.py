"""The event hub: live fan-out by scope, the poll safety net, and surviving a Redis restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from db.engine import Database
from db.events.log import EventRow, append_event
from subscriptions import EventHub
from tests.conftest import BROADCAST_URL
from tests.processes import PrivateRedis
from tests.waits import until

# memory:// always; on the PostgreSQL + Redis leg also the shared broker under test.
BROADCAST_URLS = ["memory://"] + ([BROADCAST_URL] if BROADCAST_URL != "memory://" else [])


def make_hub(database: Database, broadcast_url: str, *, poll_interval: float) -> EventHub:
    """A hub with fast heartbeats, so that link trouble is noticed within a second."""
    return EventHub(
        database,
        broadcast_url,
        poll_interval=poll_interval,
        heartbeat_interval=0.2,
        heartbeat_timeout=0.6,
        connect_timeout=2.0,
        publish_timeout=0.5,
        backoff_initial=0.05,
        backoff_max=0.4,
    )


async def write(
    database: Database, hub: EventHub | None, org_path: str, *, publish: bool = True
) -> int:
    """What a mutation does: append the event in its transaction, publish after commit."""
    async with database.transaction() as session:
        row = await append_event(
            session,
            type="petition.updated",
            org_path=org_path,
            entity_type="petition",
            entity_id=1,
            account_id=None,
            payload={"path": org_path},
        )
    if publish and hub is not None:
        await hub.publish([row.id])
    return row.id


async def collect(stream: AsyncIterator[EventRow], into: list[int]) -> None:
    async for row in stream:
        into.append(row.id)


@pytest.mark.parametrize("broadcast_url", BROADCAST_URLS)
async def test_live_delivery_in_order_within_scope_only(
    database: Database, broadcast_url: str
) -> None:
    hub = make_hub(database, broadcast_url, poll_interval=60.0)
    await hub.start()
    try:
        assert hub.ready
        received: list[int] = []
        stream = hub.stream(["/1/5/"])
        consumer = asyncio.create_task(collect(stream, received))
        expected = []
        for path in ["/1/5/", "/1/", "/1/5/23/", "/2/", "/1/50/", "/1/5/"]:
            event_id = await write(database, hub, path)
            if path.startswith("/1/5/"):
                expected.append(event_id)
        await until(lambda: len(received) >= len(expected), 5, "the in-scope events")
        await asyncio.sleep(0.1)  # anything out of scope would have arrived by now
        assert received == expected
        await stream.aclose()  # from another task than the one iterating
        async with asyncio.timeout(2):
            await consumer
        assert hub.metrics["streams"] == 0
        assert hub.metrics["delivered_total"] == len(expected)
    finally:
        await hub.stop()


async def test_unpublished_event_is_delivered_by_the_poll(database: Database) -> None:
    hub = EventHub(database, "memory://", poll_interval=0.2)
    await hub.start()
    try:
        # Let the link's own start-up wake-up pass, so only the poll can deliver what follows.
        await until(lambda: hub.ready and hub.metrics["wakeups_total"] >= 1, 10, "the link")
        wakeups = hub.metrics["wakeups_total"]
        received: list[int] = []
        consumer = asyncio.create_task(collect(hub.stream(["/1/"]), received))
        # The writer crashed between commit and publish: nobody announces the event.
        event_id = await write(database, None, "/1/2/", publish=False)
        await until(lambda: received == [event_id], 10, "the poll to deliver the event")
        assert hub.metrics["polls_total"] >= 1
        assert hub.metrics["wakeups_total"] == wakeups
        consumer.cancel()
    finally:
        await hub.stop()


async def test_after_none_delivers_only_new_events(database: Database) -> None:
    hub = EventHub(database, "memory://", poll_interval=60.0)
    await write(database, None, "/1/")  # before the hub starts
    await hub.start()
    try:
        await write(database, hub, "/1/")  # after start, before the stream
        await until(lambda: hub.position == 2, 10, "the hub to read event 2")
        received: list[int] = []
        consumer = asyncio.create_task(collect(hub.stream(["/1/"]), received))
        newer = await write(database, hub, "/1/")
        await until(lambda: bool(received), 3, "the new event")
        await asyncio.sleep(0.05)
        assert received == [newer]
        consumer.cancel()
    finally:
        await hub.stop()


async def test_stop_ends_open_streams(database: Database) -> None:
    hub = EventHub(database, "memory://", poll_interval=60.0)
    await hub.start()
    received: list[int] = []
    consumer = asyncio.create_task(collect(hub.stream(["/1/"]), received))
    await asyncio.sleep(0)
    await hub.stop()
    async with asyncio.timeout(2):
        await consumer  # the iteration ends instead of hanging
    assert hub.metrics["streams"] == 0


# -- two processes on Redis, and a Redis restart -------------------------------------------


@pytest.mark.multiprocess
async def test_two_hubs_on_redis_lose_nothing_across_a_redis_restart(
    database: Database, private_redis: PrivateRedis
) -> None:
    await private_redis.start()
    # A 60 s poll: what arrives must come through wake-ups and the reconnect catch-up.
    hub_a = make_hub(database, private_redis.url, poll_interval=60.0)
    hub_b = make_hub(database, private_redis.url, poll_interval=60.0)
    await hub_a.start()
    await hub_b.start()
    try:
        assert hub_a.ready
        assert hub_b.ready
        on_a: list[int] = []
        on_b: list[int] = []
        on_b_narrow: list[int] = []
        consumers = [
            asyncio.create_task(collect(hub_a.stream(["/1/"]), on_a)),
            asyncio.create_task(collect(hub_b.stream(["/1/"]), on_b)),
            asyncio.create_task(collect(hub_b.stream(["/1/7/"]), on_b_narrow)),
        ]
        await asyncio.sleep(0)
        written: list[int] = []
        narrow: list[int] = []

        async def write_one(index: int) -> None:
            path = "/1/7/" if index % 3 == 0 else "/1/8/"
            event_id = await write(database, hub_a if index % 2 == 0 else hub_b, path)
            written.append(event_id)
            if path == "/1/7/":
                narrow.append(event_id)

        # Across processes: written and announced via A, delivered on B.
        await write_one(0)
        await until(lambda: on_b == written, 5, "hub B to receive hub A's event")

        stop_writing = asyncio.Event()

        async def keep_writing() -> None:
            index = 1
            while not stop_writing.is_set():
                await write_one(index)
                index += 1
                await asyncio.sleep(0.03)

        writer = asyncio.create_task(keep_writing())
        await asyncio.sleep(0.3)
        await private_redis.kill()
        await until(
            lambda: not hub_a.supervisor.connected and not hub_b.supervisor.connected,
            5,
            "both hubs to notice that Redis is gone",
        )
        assert not hub_b.ready
        await asyncio.sleep(0.5)
        await private_redis.start()
        await until(
            lambda: hub_a.supervisor.connected and hub_b.supervisor.connected,
            10,
            "both hubs to reconnect",
        )
        await asyncio.sleep(0.3)
        stop_writing.set()
        async with asyncio.timeout(5):
            await writer

        await until(
            lambda: len(on_a) >= len(written) and len(on_b) >= len(written),
            10,
            "every event on both hubs",
        )
        await until(lambda: len(on_b_narrow) >= len(narrow), 5, "the narrow stream's events")
        assert written == sorted(written)
        assert on_a == written
        assert on_b == written
        assert on_b_narrow == narrow
        assert hub_a.ready
        assert hub_b.ready
        assert hub_a.supervisor.reconnects >= 1
        assert hub_b.supervisor.reconnects >= 1
        assert hub_b.metrics["gaps_total"] >= 2
        for consumer in consumers:
            consumer.cancel()
    finally:
        await hub_a.stop()
        await hub_b.stop()


@pytest.mark.multiprocess
async def test_silently_dead_redis_listener_is_caught_by_the_heartbeat(
    database: Database, private_redis: PrivateRedis
) -> None:
    """Only the subscriber connection dies; publishing still works, so only the heartbeat
    can tell that broadcaster's Redis listener has stopped for good."""
    await private_redis.start()
    hub_a = make_hub(database, private_redis.url, poll_interval=60.0)
    hub_b = make_hub(database, private_redis.url, poll_interval=60.0)
    await hub_a.start()
    await hub_b.start()
    try:
        on_b: list[int] = []
        consumer = asyncio.create_task(collect(hub_b.stream(["/1/"]), on_b))
        await asyncio.sleep(0)
        reader, writer = await asyncio.open_connection("127.0.0.1", private_redis.port)
        writer.write(b"CLIENT KILL TYPE pubsub\r\n")
        assert (await reader.readline()).startswith(b":")
        writer.close()
        await writer.wait_closed()
        written = [await write(database, hub_a, "/1/") for _ in range(3)]
        # (bounds for a loaded machine: the heartbeat notices within a second when it is quiet)
        await until(lambda: on_b == written, 15, "hub B to notice and catch up")
        assert hub_b.supervisor.reconnects >= 1
        await until(lambda: hub_a.ready and hub_b.ready, 15, "both hubs ready")
        consumer.cancel()
    finally:
        await hub_a.stop()
        await hub_b.stop()
