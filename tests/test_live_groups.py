"""Live groups: one execution per event for the whole group, frames in order per member, and
private replay for resumption, slow members and unshareable results."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import pytest

from db.engine import Database
from db.events.log import EventRow
from subscriptions import live_groups
from subscriptions.frames import Frame
from subscriptions.hub import EventHub
from subscriptions.live_groups import Accept, LiveGroup, LiveGroups, member_rows
from tests.test_streams import write
from tests.waits import until

SCOPE = "/1/"
PREFIX = b'{"id":"1","type":"next","payload":{"data":'
OUTBOX = 4


@pytest.fixture
async def hub(database: Database) -> AsyncIterator[EventHub]:
    # A 60 s poll: deliveries in these tests come from publish wake-ups, not the safety net.
    event_hub = EventHub(database, "memory://", queue_size=OUTBOX, poll_interval=60.0)
    await event_hub.start()
    yield event_hub
    await event_hub.stop()


class Executions:
    """A stand-in for the GraphQL execution: counts calls, encodes the event id."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.unshareable: set[int] = set()

    async def __call__(self, row: EventRow) -> str | None:
        self.ids.append(row.id)
        return None if row.id in self.unshareable else json.dumps({"n": row.id})


class Client:
    """One member: what it got privately (rows) and live (frames), in arrival order."""

    def __init__(
        self, group: LiveGroup, after: int | None = None, accepts: Accept = lambda _row: True
    ) -> None:
        self.received: list[tuple[str, int]] = []
        self.frames: list[Frame] = []  # what arrived live
        self.open = asyncio.Event()
        self.open.set()
        self.writes = 0  # frames written at once (without a wait)
        self.writers: list[asyncio.Task[Any] | None] = []  # the task of each write
        self.gone = False
        rows = member_rows(group, self.send_now, PREFIX, [SCOPE], accepts, "all", after)
        self.task = asyncio.create_task(self._collect(rows))

    def send_now(self, frame: Frame) -> bool | Coroutine[Any, Any, bool]:
        self.writers.append(asyncio.current_task())
        if self.gone:
            return False
        if not self.open.is_set():
            return self._send_later(frame)
        self.writes += 1
        self._receive(frame)
        return True

    async def _send_later(self, frame: Frame) -> bool:
        await self.open.wait()
        self._receive(frame)
        return True

    def _receive(self, frame: Frame) -> None:
        self.frames.append(frame)
        self.received.append(("live", json.loads(frame.payload)["payload"]["data"]["n"]))

    async def _collect(self, rows: AsyncIterator[EventRow]) -> None:
        async for row in rows:
            self.received.append(("private", row.id))

    @property
    def ids(self) -> list[int]:
        return [event_id for _how, event_id in self.received]

    async def close(self) -> None:
        self.task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self.task


@pytest.fixture
async def groups(hub: EventHub) -> AsyncIterator[LiveGroups]:
    registry = LiveGroups(hub)
    yield registry
    await registry.close()


async def live(group: LiveGroup, count: int) -> None:
    await until(lambda: len(group.members) == count, 5, f"{count} live members")


async def group_of(groups: LiveGroups, count: int) -> tuple[Executions, LiveGroup, list[Client]]:
    """A group of `count` live members, and the executions it makes."""
    executions = Executions()
    group = groups.group("key", executions)
    clients = [Client(group) for _ in range(count)]
    await live(group, count)
    return executions, group, clients


async def test_a_group_executes_each_event_once_and_every_member_gets_it_live_in_order(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    executions, _group, clients = await group_of(groups, 5)
    written = [await write(database, hub, "/1/2/") for _ in range(3)]
    await write(database, hub, "/9/")  # outside every member's scope: not executed
    await until(lambda: all(len(c.ids) == 3 for c in clients), 5, "three events each")
    assert executions.ids == written
    assert all(client.received == [("live", n) for n in written] for client in clients)
    for client in clients:
        await client.close()


async def test_a_resuming_member_replays_privately_then_joins_live_without_gap_or_repeat(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    group = groups.group("key", Executions())
    first = Client(group)
    await live(group, 1)
    written = [await write(database, hub, "/1/") for _ in range(3)]
    await until(lambda: len(first.ids) == 3, 5, "the live events")
    resumed = Client(group, after=written[0])
    await live(group, 2)
    written.append(await write(database, hub, "/1/"))
    await until(lambda: len(resumed.ids) == 3, 5, "the replay and the live event")
    assert resumed.received == [("private", written[1]), ("private", written[2]),
                                ("live", written[3])]  # fmt: skip
    await asyncio.sleep(0.2)
    assert len(resumed.ids) == 3
    for client in (first, resumed):
        await client.close()


async def test_a_slow_member_is_cut_loose_and_catches_up_from_the_log_in_order(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    group = groups.group("key", Executions())
    fast, slow = Client(group), Client(group)
    await live(group, 2)
    slow.open.clear()  # its client stops reading: its first frame never leaves
    written = [await write(database, hub, "/1/") for _ in range(OUTBOX * 3)]
    await until(lambda: len(fast.ids) == len(written), 5, "every event at the fast member")
    assert len(group.members) == 1  # the slow one was cut loose
    assert groups.metrics["live_cut_loose_total"] == 1
    slow.open.set()
    await until(lambda: len(slow.ids) == len(written), 5, "the slow member catching up")
    assert slow.ids == written
    assert ("private", written[-1]) in slow.received
    await live(group, 2)  # and it is live again
    for client in (fast, slow):
        await client.close()


async def test_an_unshareable_result_is_delivered_privately_to_each_member(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    executions, _group, clients = await group_of(groups, 2)
    first = await write(database, hub, "/1/")
    executions.unshareable.add(first + 1)
    second = await write(database, hub, "/1/")
    third = await write(database, hub, "/1/")
    await until(lambda: all(len(c.ids) == 3 for c in clients), 5, "three events each")
    for client in clients:
        assert client.received[:2] == [("live", first), ("private", second)]
        assert client.ids == [first, second, third]
        await client.close()


async def test_the_last_member_leaving_retires_the_group(hub: EventHub, groups: LiveGroups) -> None:
    group = groups.group("key", Executions())
    client = Client(group)
    await live(group, 1)
    streams: dict[str, Any] = hub.metrics
    assert streams["streams"] == 1
    await client.close()
    assert groups.groups == {}
    assert hub.metrics["streams"] == 0


async def test_live_frames_are_written_by_the_group_without_waking_the_members_tasks(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    _executions, _group, clients = await group_of(groups, 3)
    await asyncio.sleep(0.05)  # let each member hand its socket to the group
    [await write(database, hub, "/1/") for _ in range(2)]
    await until(lambda: all(len(c.ids) == 2 for c in clients), 5, "two events each")
    for client in clients:
        assert client.writes == 2
        assert client.task not in client.writers
        await client.close()


async def test_a_write_that_must_wait_is_finished_by_the_member_and_later_frames_follow_in_order(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    _executions, group, (fast, slow) = await group_of(groups, 2)
    slow.open.clear()  # its socket's buffer is full for a while
    written = [await write(database, hub, "/1/") for _ in range(OUTBOX - 1)]
    await until(lambda: len(fast.ids) == len(written), 5, "every event at the fast member")
    assert slow.ids == []
    slow.open.set()
    await until(lambda: len(slow.ids) == len(written), 5, "the waiting member's frames")
    assert slow.received == [("live", n) for n in written]
    assert groups.metrics["live_cut_loose_total"] == 0
    written.append(await write(database, hub, "/1/"))
    await until(lambda: len(slow.ids) == len(written), 5, "the next event, written at once")
    assert slow.writers[-1] is not slow.task  # the group's again
    assert len(group.members) == 2
    for client in (fast, slow):
        await client.close()


async def test_a_member_whose_client_is_gone_ends_quietly_at_its_next_frame(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    _executions, group, (staying, leaving) = await group_of(groups, 2)
    await asyncio.sleep(0.05)
    leaving.gone = True
    written = await write(database, hub, "/1/")
    await until(lambda: leaving.task.done(), 5, "the gone member's end")
    assert leaving.task.exception() is None
    assert group.members == {next(iter(group.members))}
    await until(lambda: staying.ids == [written], 5, "the event at the member that stayed")
    await staying.close()


async def test_members_with_the_same_scope_and_filter_are_asked_once_per_event(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    asked: list[int] = []

    def accepts(row: EventRow) -> bool:
        asked.append(row.id)
        return True

    group = groups.group("key", Executions())
    clients = [Client(group, accepts=accepts) for _ in range(20)]
    await live(group, 20)
    written = [await write(database, hub, "/1/") for _ in range(2)]
    await until(lambda: all(c.ids == written for c in clients), 5, "both events at everyone")
    assert asked == written
    for client in clients:
        await client.close()


async def test_members_whose_operations_have_the_same_id_are_written_one_shared_frame(
    database: Database, hub: EventHub, groups: LiveGroups
) -> None:
    # Given three live members whose operations all have the id "1"
    _executions, _group, clients = await group_of(groups, 3)
    await asyncio.sleep(0.05)
    # When an event comes
    await write(database, hub, "/1/")
    await until(lambda: all(len(c.frames) == 1 for c in clients), 5, "the event at everyone")
    # Then the frame was built once and the same bytes were written to every socket
    first = clients[0].frames[0]
    assert all(client.frames[0] is first for client in clients)
    for client in clients:
        await client.close()


async def test_a_fan_out_yields_the_event_loop_between_slices_and_still_delivers_once_in_order(
    database: Database, hub: EventHub, groups: LiveGroups, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given slices of two members, five live members, and a task watching between its turns
    monkeypatch.setattr(live_groups, "FAN_OUT_SLICE", 2)
    _executions, _group, clients = await group_of(groups, 5)
    await asyncio.sleep(0.05)
    seen: set[int] = set()

    async def watch() -> None:
        while True:
            seen.add(sum(client.writes for client in clients))
            await asyncio.sleep(0)

    watcher = asyncio.create_task(watch())
    # When two events come
    written = [await write(database, hub, "/1/") for _ in range(2)]
    await until(lambda: all(c.ids == written for c in clients), 5, "both events at everyone")
    watcher.cancel()
    # Then other tasks ran while an event was half written, and each member has each once
    assert seen & {2, 4, 7, 9}
    assert all(client.received == [("live", n) for n in written] for client in clients)
    for client in clients:
        await client.close()
