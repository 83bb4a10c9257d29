"""The per-process event hub: one tail reader over the event log, fanned out to local streams.

Contract: `publish(ids)` announces committed events (writers call it after commit, through
resolvers/changes.py) and never raises or waits on the broker; `stream(scope, after)` gives a
local subscriber the events of its subtrees in id order, each once (subscriptions/streams.py);
every event committed on any instance reaches every local stream whose scope holds it, at the
latest one `poll_interval` after its commit. `ready` says the broadcast link is proven live.

Mutations append their events to the log inside their transaction, commit, then call
`publish(ids)`. The hub reads the log from its position whenever it is woken (its own
publish, a broadcast wake-up from another process, a reconnect of the broadcast link) and
every `poll_interval` seconds as a safety net for a wake-up that was never sent, for example
when a writer crashed between commit and publish. Concurrent wake-ups coalesce into one read
loop. Each event read is offered, without waiting, to every local stream whose scope holds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable, Sequence

from db.engine import Database
from db.errors import is_unreachable
from db.events.log import EventRow, last_event_id, read_events_after
from subscriptions.backends import BackendFactory, make_backend
from subscriptions.streams import EventStream, Subscription
from subscriptions.wakeup import CHANNEL, WakeupSupervisor

logger = logging.getLogger("zhdj.subscriptions")


class EventHub:
    """Owns the wake-up link, the tail reader and the registry of local streams."""

    def __init__(
        self,
        database: Database,
        broadcast_url: str,
        *,
        queue_size: int = 256,
        poll_interval: float = 1.0,
        heartbeat_interval: float = 5.0,
        heartbeat_timeout: float = 10.0,
        page_size: int = 500,
        channel: str = CHANNEL,
        connect_timeout: float = 10.0,
        publish_timeout: float = 5.0,
        backoff_initial: float = 0.2,
        backoff_max: float = 30.0,
        backend_factory: BackendFactory = make_backend,
    ) -> None:
        if queue_size < 1:
            raise ValueError("queue_size must be at least 1 (queues are always bounded)")
        if page_size < 1 or poll_interval <= 0:
            raise ValueError("page_size and poll_interval must be positive")
        self.database = database
        self.queue_size = queue_size
        self.poll_interval = poll_interval
        self.page_size = page_size
        self.supervisor = WakeupSupervisor(
            broadcast_url,
            on_wake=self._on_wake,
            on_gap=self._on_gap,
            channel=channel,
            heartbeat_interval=heartbeat_interval,
            heartbeat_timeout=heartbeat_timeout,
            connect_timeout=connect_timeout,
            publish_timeout=publish_timeout,
            backoff_initial=backoff_initial,
            backoff_max=backoff_max,
            backend_factory=backend_factory,
        )
        self.metrics: dict[str, int] = {
            "streams": 0,
            "watches": 0,  # subscriptions following the log now (subscriptions/watches.py)
            "lagged_total": 0,
            "delivered_total": 0,
            "events_read_total": 0,
            "wakeups_total": 0,
            "gaps_total": 0,
            "polls_total": 0,
            "read_errors_total": 0,
            "publish_failures_total": 0,
        }
        self._position = 0
        self._subscriptions: set[Subscription] = set()
        self._wake = asyncio.Event()
        self._lost = asyncio.Event()  # set (and replaced) when a read finds no database
        self._tail: asyncio.Task[None] | None = None
        self._announcements: set[asyncio.Task[None]] = set()

    # -- life cycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Start at the log's newest event, connect the wake-up link, start the tail reader."""
        if self._tail is not None:
            raise RuntimeError("the event hub is already started")
        async with self.database.session() as session:
            self._position = await last_event_id(session)
        self._tail = asyncio.create_task(self._tail_loop(), name="zhdj-event-hub-tail")
        await self.supervisor.start()
        logger.info("event hub started at event %d", self._position)

    async def stop(self) -> None:
        """Stop the link and the reader; open streams end (their iteration stops)."""
        if self._announcements:  # let the last wake-ups reach the other instances
            await asyncio.wait(self._announcements, timeout=self.supervisor.publish_timeout)
        await self.supervisor.stop()
        tail, self._tail = self._tail, None
        if tail is not None:
            tail.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await tail
        for subscription in list(self._subscriptions):
            subscription.close()
            self.unregister(subscription)

    @property
    def ready(self) -> bool:
        """For /readyz: the broadcast link is connected and proven by its heartbeat."""
        return self._tail is not None and self.supervisor.connected

    async def database_lost(self) -> None:
        """Returns when the tail reader next finds the database out of reach (it tries every
        poll interval): streams then fall silent, so websockets are told
        (transport/outages.py)."""
        await self._lost.wait()

    @property
    def position(self) -> int:
        """The id of the newest event this hub has read and fanned out."""
        return self._position

    # -- writers --------------------------------------------------------------------------

    async def publish(self, event_ids: Iterable[int]) -> None:
        """Announce committed events (call after commit). Never raises on broker trouble."""
        newest = max(event_ids, default=None)
        if newest is None:
            return
        self._wake.set()  # this process's streams need no round trip through the broker
        # The writer's response must not wait on the broker: announce in the background.
        announcement = asyncio.create_task(self._announce(str(newest)))
        self._announcements.add(announcement)
        announcement.add_done_callback(self._announcements.discard)

    async def _announce(self, message: str) -> None:
        if not await self.supervisor.publish(message):
            self.metrics["publish_failures_total"] += 1

    # -- readers --------------------------------------------------------------------------

    def stream(self, scope: Sequence[str], after: int | None = None) -> EventStream:
        """Events within `scope` (materialized paths) in id order, exactly once.

        With `after` (a cursor: the last event id the client has), missed events are
        replayed from the log first; with None only events newer than now are delivered.
        """
        if self._tail is None:
            raise RuntimeError("the event hub is not started")
        return EventStream(self, scope, after)

    async def read_log(self, after: int, scope: Sequence[str] | None) -> list[EventRow]:
        """One page of the log after `after`, in its own short session."""
        async with self.database.session() as session:
            return await read_events_after(session, after, scope=scope, limit=self.page_size)

    def register(self, subscription: Subscription) -> None:
        self._subscriptions.add(subscription)
        self.metrics["streams"] = len(self._subscriptions)

    def unregister(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)
        self.metrics["streams"] = len(self._subscriptions)

    # -- the tail reader ------------------------------------------------------------------

    def _on_wake(self) -> None:
        self.metrics["wakeups_total"] += 1
        self._wake.set()

    def _on_gap(self) -> None:
        self.metrics["gaps_total"] += 1
        self._wake.set()

    async def _tail_loop(self) -> None:
        while True:
            try:
                async with asyncio.timeout(self.poll_interval):
                    await self._wake.wait()
            except TimeoutError:
                self.metrics["polls_total"] += 1
            # Wake-ups arriving from here on set the flag again and cause one more pass.
            self._wake.clear()
            try:
                await self._read_to_end()
            except Exception as exc:
                self.metrics["read_errors_total"] += 1
                if is_unreachable(exc):
                    lost, self._lost = self._lost, asyncio.Event()
                    lost.set()
                logger.warning("reading the event log failed, retrying: %r", exc)
                await asyncio.sleep(min(self.poll_interval, 1.0))

    async def _read_to_end(self) -> None:
        while True:
            rows = await self.read_log(self._position, None)
            for row in rows:
                self._fan_out(row)
            if len(rows) < self.page_size:
                return

    def _fan_out(self, row: EventRow) -> None:
        self._position = row.id
        self.metrics["events_read_total"] += 1
        path, also = row.org_path, row.also_paths  # ORM attributes: read once
        for subscription in self._subscriptions:
            if (
                subscription.covers(path)
                or (also is not None and any(map(subscription.covers, also)))
            ) and not subscription.offer(row):
                self.metrics["lagged_total"] += 1
                logger.info(
                    "a stream fell %d events behind at event %d; it continues from the log",
                    self.queue_size,
                    row.id,
                )
