"""Batched reads of stations for one request: stations, live rows, devices, awareness."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from db.base import utcnow
from db.records import Connectable
from db.shared_reads import SharedReads
from db.stations.awareness import Moments, Totals, awareness_totals, peak_hours, served_by_type
from db.stations.queries import (
    DeviceRecord,
    LiveRecord,
    StationRecord,
    devices_by_ids,
    devices_by_station_ids,
    live_by_station_ids,
    stations_by_ids,
)
from resolvers.batches import LoaderSet, in_order
from resolvers.stations.config import StationConfig

V = TypeVar("V")

SinceKey = tuple[str, datetime]  # (subtree path or station key, start of the window)


class StationLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, config: StationConfig, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.config = config
        self._now = utcnow()
        self.by_id = self.loader(self._by_id)
        self.live = self.loader(self._lives)
        self.devices = self.loader(self._devices_of)
        self.device = self.loader(self._devices)
        self.totals = self.loader(self._totals)
        self.peak_hours = self.loader(self._since(peak_hours))
        self.services = self.loader(self._since(served_by_type))

    @property
    def now(self) -> datetime:
        """The request's clock: fixed per request, live on a websocket (no caching there)."""
        return self._now if self.cache else utcnow()

    @property
    def moments(self) -> Moments:
        return self.config.moments(self.now)

    async def _by_id(self, ids: list[int]) -> list[StationRecord | None]:
        return in_order(ids, await self.read(lambda c: stations_by_ids(c, ids)))

    async def _lives(self, ids: list[int]) -> list[LiveRecord | None]:
        return in_order(ids, await self.read(lambda c: live_by_station_ids(c, ids)))

    async def _devices_of(self, ids: list[int]) -> list[list[DeviceRecord]]:
        found = await self.read(lambda c: devices_by_station_ids(c, ids))
        return [found[i] for i in ids]

    async def _devices(self, ids: list[int]) -> list[DeviceRecord | None]:
        return in_order(ids, await self.read(lambda c: devices_by_ids(c, ids)))

    async def _totals(self, keys: list[str]) -> list[Totals]:
        found = await self.read(lambda c: awareness_totals(c, keys, self.moments))
        return [found[key] for key in keys]

    def _since(
        self, query: Callable[[Connectable, list[str], datetime], Awaitable[dict[str, V]]]
    ) -> Callable[[list[SinceKey]], Awaitable[list[V]]]:
        """A batch of (key, since) pairs: one statement per distinct `since`."""

        async def batch(keys: list[SinceKey]) -> list[V]:
            by_since: dict[datetime, list[str]] = defaultdict(list)
            for key, since in keys:
                by_since[since].append(key)
            found: dict[SinceKey, V] = {}
            async with self.reads.read() as connection:
                for since, paths in by_since.items():
                    counts = await query(connection, paths, since)
                    found |= {(path, since): counts[path] for path in paths}
            return [found[key] for key in keys]

        return batch
