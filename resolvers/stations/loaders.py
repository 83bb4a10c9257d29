"""Per-request DataLoaders for stations, devices and awareness figures.

They hang off the request's core `Loaders` object (one per request, or per websocket event),
so they share its lifetime and caching policy without a slot on the context.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.base import utcnow
from db.engine import Database
from db.stations.awareness import Moments, Totals, awareness_totals, peak_hours, served_by_type
from db.stations.models import (
    DeviceRow,
    StationLiveRow,
    StationRow,
    get_devices_by_ids,
    get_devices_by_station_ids,
    get_live_by_station_ids,
    get_stations_by_ids,
)
from resolvers.context import Context
from resolvers.loaders import MAX_BATCH_SIZE
from resolvers.stations.config import StationConfig

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class StationLoaders:
    def __init__(self, database: Database, config: StationConfig, *, cache: bool) -> None:
        self._database = database
        self._cache = cache
        self.config = config
        self._now = utcnow()
        self.station = self._loader(self._stations)
        self.live = self._loader(self._lives)
        self.devices = self._loader(self._devices_of)
        self.device = self._loader(self._devices)
        self.totals = self._loader(self._totals)
        self.peak_hours = self._loader(self._peak_hours)
        self.services = self._loader(self._services)

    @property
    def now(self) -> datetime:
        """The request's clock: fixed per request, live on a websocket (no caching there)."""
        return self._now if self._cache else utcnow()

    @property
    def moments(self) -> Moments:
        return self.config.moments(self.now)

    def _loader(self, batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        return DataLoader(batch, max_batch_size=MAX_BATCH_SIZE, cache=self._cache)

    async def _read(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async with self._database.session() as session:
            return await work(session)

    async def _stations(self, ids: list[int]) -> list[StationRow | None]:
        found = await self._read(lambda s: get_stations_by_ids(s, ids))
        return [found.get(i) for i in ids]

    async def _lives(self, ids: list[int]) -> list[StationLiveRow | None]:
        found = await self._read(lambda s: get_live_by_station_ids(s, ids))
        return [found.get(i) for i in ids]

    async def _devices_of(self, ids: list[int]) -> list[list[DeviceRow]]:
        found = await self._read(lambda s: get_devices_by_station_ids(s, ids))
        return [found[i] for i in ids]

    async def _devices(self, ids: list[int]) -> list[DeviceRow | None]:
        found = await self._read(lambda s: get_devices_by_ids(s, ids))
        return [found.get(i) for i in ids]

    async def _totals(self, keys: list[str]) -> list[Totals]:
        found = await self._read(lambda s: awareness_totals(s, keys, self.moments))
        return [found[key] for key in keys]

    async def _peak_hours(
        self, keys: list[tuple[str, datetime]]
    ) -> list[dict[int, tuple[int, int]]]:
        by_since: dict[datetime, list[str]] = defaultdict(list)
        for key, since in keys:
            by_since[since].append(key)
        found: dict[tuple[str, datetime], dict[int, tuple[int, int]]] = {}
        async with self._database.session() as session:
            for since, paths in by_since.items():
                counts = await peak_hours(session, paths, since)
                found |= {(path, since): counts[path] for path in paths}
        return [found[key] for key in keys]

    async def _services(self, keys: list[tuple[str, datetime]]) -> list[dict[str, int]]:
        by_since: dict[datetime, list[str]] = defaultdict(list)
        for key, since in keys:
            by_since[since].append(key)
        found: dict[tuple[str, datetime], dict[str, int]] = {}
        async with self._database.session() as session:
            for since, paths in by_since.items():
                counts = await served_by_type(session, paths, since)
                found |= {(path, since): counts[path] for path in paths}
        return [found[key] for key in keys]


_per_request: WeakKeyDictionary[object, StationLoaders] = WeakKeyDictionary()


def station_loaders(context: Context) -> StationLoaders:
    loaders = _per_request.get(context.loaders)
    if loaders is None:
        services = context.services
        loaders = StationLoaders(services.database, services.stations, cache=context.cache_reads)
        _per_request[context.loaders] = loaders
    return loaders
