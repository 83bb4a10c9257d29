"""Batched reads of the resource wall for one request."""

from __future__ import annotations

from db.base import china_day, utcnow
from db.resources.queries import (
    ExchangeRecord,
    ExchangeStepRecord,
    NeedRecord,
    ResourceRecord,
    exchanges_by_ids,
    exchanges_by_need,
    needs_by_ids,
    open_resources_of_units,
    resources_by_ids,
    steps_by_exchange,
)
from db.shared_reads import SharedReads
from db.units.queries import units_serving_paths
from resolvers.batches import LoaderSet, in_order


class ResourceLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.resource = self.loader(self._resources)
        self.need = self.loader(self._needs)
        self.exchange = self.loader(self._exchanges)
        self.steps = self.loader(self._steps)
        self.need_exchanges = self.loader(self._need_exchanges)
        self.serving = self.loader(self._serving)
        self.open_of_unit = self.loader(self._open_of_unit)

    async def _resources(self, ids: list[int]) -> list[ResourceRecord | None]:
        return in_order(ids, await self.read(lambda c: resources_by_ids(c, ids)))

    async def _needs(self, ids: list[int]) -> list[NeedRecord | None]:
        return in_order(ids, await self.read(lambda c: needs_by_ids(c, ids)))

    async def _exchanges(self, ids: list[int]) -> list[ExchangeRecord | None]:
        return in_order(ids, await self.read(lambda c: exchanges_by_ids(c, ids)))

    async def _steps(self, ids: list[int]) -> list[list[ExchangeStepRecord]]:
        found = await self.read(lambda c: steps_by_exchange(c, ids))
        return [found[key] for key in ids]

    async def _need_exchanges(self, ids: list[int]) -> list[list[ExchangeRecord]]:
        found = await self.read(lambda c: exchanges_by_need(c, ids))
        return [found[key] for key in ids]

    async def _serving(self, paths: list[str]) -> list[list[int]]:
        """The units serving each place today (suggestions' candidates come from them)."""
        today = china_day(utcnow())
        found = await self.read(lambda c: units_serving_paths(c, paths, today))
        return [found[path] for path in paths]

    async def _open_of_unit(self, ids: list[int]) -> list[list[ResourceRecord]]:
        found = await self.read(lambda c: open_resources_of_units(c, ids))
        return [found[key] for key in ids]
