"""Resumable per-subscriber streams over the hub: replay from the log, then live, exactly once.

Contract: an `EventStream` yields the events of its scope with ids above `after` (or above the
hub's position when it was made), in id order, each once, however slowly it is read; it never
holds more than `queue_size` events, and it ends when closed or when the hub stops.

Each stream owns a bounded queue that the hub fills without ever waiting. When the queue is
full the stream is marked lagged: its queue is emptied, the hub stops feeding it, and the
stream reads the log from its last delivered id at its own pace until it has caught up, then
rejoins the live feed. So a slow consumer never slows the hub or other streams, never grows
memory, and still receives every event once, in order.

Why nothing is lost or repeated: the hub feeds a stream only events with ids above the hub's
position at the moment the stream starts receiving, and everything up to that position is
already committed in the log (ids commit in id order). A stream therefore starts receiving
first, then reads the log until a read comes back empty; everything the log read missed is
in the queue, and the queue's copies of what the log read delivered are dropped by id.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from db.events.log import EventRow
from db.paths import is_within, minimal_roots

if TYPE_CHECKING:
    from subscriptions.hub import EventHub


class Subscription:
    """The hub-side state of one stream: its scope and its bounded queue."""

    __slots__ = ("closed", "queue", "receiving", "roots")

    def __init__(self, scope: Sequence[str], queue_size: int, *, receiving: bool) -> None:
        self.roots = tuple(minimal_roots(scope))
        # None is a nudge: "you were lagged or closed, look at your flags".
        self.queue: asyncio.Queue[EventRow | None] = asyncio.Queue(maxsize=queue_size)
        self.receiving = receiving
        self.closed = False

    def covers(self, org_path: str) -> bool:
        return any(is_within(org_path, root) for root in self.roots)

    def offer(self, row: EventRow) -> bool:
        """Queue a live event without waiting; False when this made the stream lag."""
        if not self.receiving or self.closed:
            return True
        try:
            self.queue.put_nowait(row)
        except asyncio.QueueFull:
            self.receiving = False
            self._empty_queue()
            self.queue.put_nowait(None)
            return False
        return True

    def resume(self) -> None:
        """Rejoin the live feed (the queue holds nothing worth keeping while not receiving)."""
        self._empty_queue()
        self.receiving = True

    def close(self) -> None:
        self.closed = True
        self.receiving = False
        self._empty_queue()
        self.queue.put_nowait(None)

    def _empty_queue(self) -> None:
        while not self.queue.empty():
            self.queue.get_nowait()


class EventStream(AsyncIterator[EventRow]):
    """The events of `scope` with ids above `after` (or above the hub's position, when None).

    Registered with the hub as soon as it is created, so with `after=None` it sees every
    event the hub reads after this call even if iteration starts later. Close it with
    `aclose()` or `async with`; it also unregisters when the hub stops or when garbage
    collected.
    """

    def __init__(self, hub: EventHub, scope: Sequence[str], after: int | None) -> None:
        self._hub = hub
        # Replaying with `after` starts outside the live feed, so a long replay cannot
        # overflow the queue; it joins the feed once the log has been read to its end.
        self._subscription = Subscription(scope, hub.queue_size, receiving=after is None)
        self.last_id = hub.position if after is None else after
        hub.register(self._subscription)
        self._events = self._run()
        self._iterating = False

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> EventRow:
        self._iterating = True
        try:
            return await self._events.__anext__()
        finally:
            self._iterating = False

    async def aclose(self) -> None:
        """Stop the stream; an iteration running in another task then ends normally."""
        self._hub.unregister(self._subscription)
        if self._iterating:
            self._subscription.close()
        else:
            await self._events.aclose()

    async def __aenter__(self) -> EventStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __del__(self) -> None:
        subscription = getattr(self, "_subscription", None)
        if subscription is not None:
            self._hub.unregister(subscription)

    @property
    def lagging(self) -> bool:
        """True while the stream is reading the log instead of its live queue."""
        return not self._subscription.receiving and not self._subscription.closed

    async def _run(self) -> AsyncGenerator[EventRow]:
        subscription = self._subscription
        try:
            while not subscription.closed:
                if not subscription.receiving:
                    async for row in self._catch_up():
                        yield row
                    continue
                item = await subscription.queue.get()
                if item is None or item.id <= self.last_id:
                    continue
                yield self._deliver(item)
        finally:
            self._hub.unregister(subscription)

    async def _catch_up(self) -> AsyncGenerator[EventRow]:
        """Read the log from the last delivered id until it is empty while receiving."""
        subscription = self._subscription
        while not subscription.closed:
            rows = await self._hub.read_log(self.last_id, subscription.roots)
            if not rows:
                if subscription.receiving:
                    return
                # Caught up: rejoin the live feed, then read once more, because the hub may
                # have fanned out an event committed after this read's snapshot.
                subscription.resume()
                continue
            for row in rows:
                if row.id > self.last_id:
                    yield self._deliver(row)

    def _deliver(self, row: EventRow) -> EventRow:
        self.last_id = row.id
        self._hub.metrics["delivered_total"] += 1
        return row
