"""Resumable streams: replay then live without gaps or duplicates; slow consumers lag safely."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from db.engine import Database
from db.events.log import append_event
from subscriptions import EventHub
from tests.waits import until


@pytest.fixture
async def hub(database: Database) -> AsyncIterator[EventHub]:
    # A 60 s poll: deliveries in these tests come from publish wake-ups, not the safety net.
    event_hub = EventHub(database, "memory://", queue_size=4, poll_interval=60.0, page_size=5)
    await event_hub.start()
    yield event_hub
    await event_hub.stop()


async def write(database: Database, hub: EventHub, org_path: str = "/1/2/") -> int:
    async with database.transaction() as session:
        row = await append_event(
            session,
            type="station.status",
            org_path=org_path,
            entity_type="station",
            entity_id=1,
            account_id=None,
        )
    await hub.publish([row.id])
    return row.id


async def test_resume_after_cursor_replays_then_continues_live_exactly_once(
    database: Database, hub: EventHub
) -> None:
    before = [await write(database, hub) for _ in range(40)]
    await write(database, hub, "/9/")  # out of scope, interleaved
    before += [await write(database, hub) for _ in range(10)]
    cursor = before[2]
    await until(lambda: hub.position == before[-1], 10, "the hub to read the backlog")

    received: list[int] = []
    during_replay: list[int] = []
    first_received = asyncio.Event()

    async def consume() -> None:
        async for row in hub.stream(["/1/"], after=cursor):
            received.append(row.id)
            first_received.set()
            await asyncio.sleep(0.01)  # slower than the writer: the replay is still running

    async def write_during_replay() -> None:
        await first_received.wait()
        for _ in range(20):
            during_replay.append(await write(database, hub))
        assert len(received) < len(before) - 3, "the writes did not overlap the replay"

    consumer = asyncio.create_task(consume())
    async with asyncio.timeout(10):
        await write_during_replay()
    expected = before[3:] + during_replay
    await until(lambda: len(received) >= len(expected), 10, "the replay and the live events")
    live = await write(database, hub)
    await until(lambda: len(received) >= len(expected) + 1, 3, "a live event after the replay")
    await asyncio.sleep(0.05)
    consumer.cancel()
    assert received == [*expected, live]


async def test_slow_consumer_gets_every_event_once_and_never_slows_a_fast_one(
    database: Database, hub: EventHub
) -> None:
    count = 100
    stuck = asyncio.Event()  # the slow consumer does not read at all until released
    fast: list[int] = []
    slow: list[int] = []

    async def consume_fast() -> None:
        async for row in hub.stream(["/1/"]):
            fast.append(row.id)

    async def consume_slow() -> None:
        async for row in hub.stream(["/1/"]):
            slow.append(row.id)
            await stuck.wait()
            await asyncio.sleep(0.002)

    consumers = [asyncio.create_task(consume_fast()), asyncio.create_task(consume_slow())]
    await asyncio.sleep(0)
    written = [await write(database, hub) for _ in range(count)]
    # Within 5 s of the last write (however long the writes took on a loaded machine), the
    # fast consumer has everything while the slow one has taken a single event.
    await until(lambda: len(fast) >= count, 5, "the fast consumer")
    assert fast == written
    assert len(slow) == 1
    assert hub.metrics["lagged_total"] >= 1

    stuck.set()
    await until(lambda: len(slow) >= count, 10, "the slow consumer to catch up")
    await asyncio.sleep(0.05)
    assert slow == written
    for consumer in consumers:
        consumer.cancel()


async def test_lagged_stream_rejoins_the_live_feed_after_catching_up(
    database: Database, hub: EventHub
) -> None:
    stream = hub.stream(["/1/"])
    written = [await write(database, hub) for _ in range(12)]  # nobody reads: it lags
    await until(lambda: hub.metrics["lagged_total"] >= 1, 10, "the stream to lag")
    assert stream.lagging
    received = []
    async with asyncio.timeout(3):
        for _ in written:
            received.append((await anext(stream)).id)
    assert received == written
    # Waiting for the next event, it finds the log read to its end and rejoins the feed.
    next_event = asyncio.create_task(anext(stream))
    await until(lambda: not stream.lagging, 10, "the stream to rejoin the live feed")
    live = await write(database, hub)
    async with asyncio.timeout(3):
        assert (await next_event).id == live
    assert hub.metrics["lagged_total"] == 1
    await stream.aclose()


async def test_stream_unregisters_when_closed(hub: EventHub) -> None:
    first = hub.stream(["/1/"])
    second = hub.stream(["/2/"], after=0)
    assert hub.metrics["streams"] == 2
    await first.aclose()
    assert hub.metrics["streams"] == 1
    async with second:
        pass
    assert hub.metrics["streams"] == 0


async def test_stream_unregisters_when_its_iteration_is_cancelled(
    database: Database, hub: EventHub
) -> None:
    async def consume() -> None:
        async for _row in hub.stream(["/1/"]):
            pass

    consumer = asyncio.create_task(consume())
    await until(lambda: hub.metrics["streams"] == 1, 10, "the stream to register")
    await write(database, hub)
    consumer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await consumer
    assert hub.metrics["streams"] == 0
