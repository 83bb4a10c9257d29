"""The wake-up supervisor: heartbeats, dead-link detection, reconnect with backoff, no raises."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from broadcaster._backends.memory import MemoryBackend
from broadcaster._base import Event

from subscriptions.wakeup import WakeupSupervisor, backoff_delay
from tests.waits import until


class Broker:
    """Switches shared by every backend a test's supervisor creates."""

    def __init__(self) -> None:
        self.down = False  # connect and publish fail, as when the server is gone
        self.silent = False  # messages stop arriving, publish still succeeds
        self.backends: list[FakeBackend] = []

    def factory(self, url: str) -> FakeBackend:
        backend = FakeBackend(url, self)
        self.backends.append(backend)
        return backend


class FakeBackend(MemoryBackend):
    def __init__(self, url: str, broker: Broker) -> None:
        super().__init__(url)
        self.broker = broker
        self.listener_dead = False

    async def connect(self) -> None:
        if self.broker.down:
            raise ConnectionError("connection refused")
        await super().connect()

    async def publish(self, channel: str, message: Any) -> None:
        if self.broker.down:
            raise ConnectionError("connection reset")
        await super().publish(channel, message)

    async def next_published(self) -> Event:
        if self.broker.silent:
            self.listener_dead = True
        while self.listener_dead:  # like broadcaster's Redis listener after it died
            await asyncio.sleep(3600)
        return await super().next_published()


class Calls:
    def __init__(self) -> None:
        self.wakes = 0
        self.gaps = 0

    def wake(self) -> None:
        self.wakes += 1

    def gap(self) -> None:
        self.gaps += 1


def supervisor(broker: Broker, calls: Calls) -> WakeupSupervisor:
    return WakeupSupervisor(
        "memory://",
        on_wake=calls.wake,
        on_gap=calls.gap,
        heartbeat_interval=0.05,
        heartbeat_timeout=0.2,
        connect_timeout=1.0,
        publish_timeout=0.2,
        backoff_initial=0.02,
        backoff_max=0.1,
        backend_factory=broker.factory,
    )


async def test_connects_reports_a_gap_and_passes_wakeups_but_not_heartbeats() -> None:
    calls, broker = Calls(), Broker()
    link = supervisor(broker, calls)
    await link.start()
    try:
        assert link.connected
        assert calls.gaps == 1
        await asyncio.sleep(0.3)  # several heartbeats go round
        assert calls.wakes == 1  # only the "connected" announcement
        assert await link.publish("42")
        await until(lambda: calls.wakes == 2, 10, "the wake-up")
        assert link.reconnects == 0
    finally:
        await link.stop()
    assert not link.connected


async def test_heartbeat_detects_a_silently_dead_listener_and_reconnects() -> None:
    calls, broker = Calls(), Broker()
    link = supervisor(broker, calls)
    await link.start()
    try:
        broker.silent = True  # publishing still works; nothing comes back
        await until(lambda: not link.connected, 10, "the heartbeat to declare the link dead")
        broker.silent = False
        await until(lambda: link.connected, 10, "the reconnect")
        assert link.reconnects == 1
        assert calls.gaps == 2
        assert len(broker.backends) == 2  # a fresh backend; the dead one was torn down
    finally:
        await link.stop()


async def test_publish_never_raises_and_a_failed_publish_triggers_a_reconnect() -> None:
    calls, broker = Calls(), Broker()
    link = supervisor(broker, calls)
    link.heartbeat_interval = 60.0  # only the failed publish can reveal the dead link
    await link.start()
    try:
        broker.down = True
        assert await link.publish("7") is False
        assert await link.publish("8") is False
        assert not link.connected
        broker.down = False
        await until(lambda: link.connected, 10, "the reconnect")
        assert link.reconnects == 1
        assert calls.gaps == 2
        assert link.publish_failures == 2
    finally:
        await link.stop()


async def test_broker_down_at_start_does_not_fail_start_and_is_retried() -> None:
    calls, broker = Calls(), Broker()
    broker.down = True
    link = supervisor(broker, calls)
    await link.start()
    try:
        assert not link.connected
        assert await link.publish("1") is False
        await until(lambda: len(broker.backends) >= 3, 2, "retries with backoff")
        assert calls.gaps == 0
        broker.down = False
        await until(lambda: link.connected, 10, "the first connection")
        assert calls.gaps == 1
    finally:
        await link.stop()


def test_backoff_grows_exponentially_is_capped_and_jittered() -> None:
    delays = [backoff_delay(attempt, initial=0.1, maximum=5.0) for attempt in range(12)]
    for attempt, delay in enumerate(delays):
        base = min(5.0, 0.1 * 2**attempt)
        assert base / 2 <= delay <= base
    assert max(delays) <= 5.0
    samples = {backoff_delay(10, initial=0.1, maximum=5.0) for _ in range(20)}
    assert len(samples) > 1  # jittered, so that many processes do not reconnect in step


def test_an_unsupported_url_fails_at_construction() -> None:
    with pytest.raises(ValueError, match="unsupported broadcast URL"):
        WakeupSupervisor("kafka://localhost", on_wake=lambda: None, on_gap=lambda: None)
