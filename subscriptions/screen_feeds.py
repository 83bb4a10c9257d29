"""The command-centre screen feed: one shared, coalescing snapshot computation per subtree.

Contract: `CommandCentre.watch(roots)` gives a screen the newest snapshot at once (or as soon
as the first is computed) and then each newer one; `compute(roots)` runs at most once per
`interval` per subtree, whatever the number of screens, and only after an event of the
subtrees (of the `watched` entity types) arrived or `idle_refresh` passed. `compute` is a plain
function given once, when the centre is made (resolvers/stations/screens.py), not a callback
per screen or per event.

Screens watching the same subtrees (the same scope key) in a process share one `Feed`. The
first screen starts it: the feed subscribes to the event log for the subtrees (before its
first computation, so no change can slip between), computes the snapshot, and hands it to
every screen. After that it recomputes at most once per `interval`, and only when an event of
the subtrees arrived meanwhile (for the stations' board: station changes, and the per-batch
STATION_READINGS wake-ups that telemetry ingestion records) or when `idle_refresh` passed
(day roll-overs).
Because the events come through the log, changes made on any instance reach every screen.

Each screen holds only the newest snapshot (a latest-value slot): a slow screen skips to the
newest one and never builds a backlog. The last screen leaving stops the feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from db.paths import minimal_roots
from subscriptions.hub import EventHub
from subscriptions.streams import EventStream

logger = logging.getLogger("zhdj.command_centre")

S = TypeVar("S")
Compute = Callable[[tuple[str, ...]], Awaitable[S]]


class Screen(Generic[S]):
    """One subscriber's view of a feed: iterate for snapshots, newest only."""

    def __init__(self, feed: Feed[S]) -> None:
        self._feed = feed
        self._latest: S | None = None
        self._ready = asyncio.Event()
        self._closed = False

    def put(self, snapshot: S) -> None:
        self._latest = snapshot
        self._ready.set()

    def __aiter__(self) -> Screen[S]:
        return self

    async def __anext__(self) -> S:
        await self._ready.wait()
        if self._closed or self._latest is None:
            raise StopAsyncIteration
        self._ready.clear()
        return self._latest

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            self._ready.set()
            await self._feed.leave(self)


class Feed(Generic[S]):
    def __init__(self, centre: CommandCentre[S], key: tuple[str, ...]) -> None:
        self.centre = centre
        self.key = key
        self.screens: set[Screen[S]] = set()
        self.latest: S | None = None
        self.computations = 0
        self._dirty = asyncio.Event()
        self._stream: EventStream | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._stream = self.centre.hub.stream(self.key)
        self._tasks = [
            asyncio.create_task(self._listen(self._stream), name="zhdj-screen-listen"),
            asyncio.create_task(self._tick(), name="zhdj-screen-tick"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._stream is not None:
            await self._stream.aclose()

    def join(self, screen: Screen[S]) -> None:
        self.screens.add(screen)
        if self.latest is not None:
            screen.put(self.latest)

    async def leave(self, screen: Screen[S]) -> None:
        self.screens.discard(screen)
        if not self.screens:
            await self.centre.retire(self)

    async def _listen(self, stream: EventStream) -> None:
        watched = self.centre.watched
        async for row in stream:
            if watched is None or row.entity_type in watched:
                self._dirty.set()

    async def _tick(self) -> None:
        while True:
            try:
                snapshot = await self.centre.compute(self.key)
            except Exception:
                logger.exception("computing a command-centre snapshot failed; retrying")
                self._dirty.set()
            else:
                self.computations += 1
                self.centre.computations += 1
                self.latest = snapshot
                for screen in list(self.screens):
                    screen.put(snapshot)
            await asyncio.sleep(self.centre.interval)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.centre.idle_refresh):
                    await self._dirty.wait()
            self._dirty.clear()


class CommandCentre(Generic[S]):
    """The feeds of one process, by scope key."""

    def __init__(
        self,
        hub: EventHub,
        compute: Compute[S],
        *,
        interval: float = 1.0,
        idle_refresh: float = 60.0,
        watched: frozenset[str] | None = None,
    ) -> None:
        self.hub = hub
        self.compute = compute
        self.interval = interval
        self.idle_refresh = idle_refresh
        self.watched = watched
        self.feeds: dict[tuple[str, ...], Feed[S]] = {}
        self.computations = 0

    def watch(self, roots: Sequence[str]) -> Screen[S]:
        key = tuple(minimal_roots(roots))
        feed = self.feeds.get(key)
        if feed is None:
            feed = self.feeds[key] = Feed(self, key)
            feed.start()
        screen = Screen(feed)
        feed.join(screen)
        return screen

    async def retire(self, feed: Feed[S]) -> None:
        if self.feeds.get(feed.key) is feed:
            del self.feeds[feed.key]
        await feed.stop()

    async def close(self) -> None:
        for feed in list(self.feeds.values()):
            await self.retire(feed)
