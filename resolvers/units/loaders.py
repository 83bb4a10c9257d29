"""Batched reads of co-building units for one request."""

from __future__ import annotations

from db.shared_reads import SharedReads
from db.units.queries import AgreementRecord, UnitRecord, agreements_by_unit, units_by_ids
from resolvers.batches import LoaderSet, in_order


class UnitLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.by_id = self.loader(self._by_id)
        self.agreements = self.loader(self._agreements)
        # Each unit as a field answered it this request (schema/answers.py), kept only
        # while reads are cached: a page's rows name a few units.
        self.answers: dict[int, object] = {}

    async def _by_id(self, ids: list[int]) -> list[UnitRecord | None]:
        return in_order(ids, await self.read(lambda c: units_by_ids(c, ids)))

    async def _agreements(self, ids: list[int]) -> list[list[AgreementRecord]]:
        found = await self.read(lambda c: agreements_by_unit(c, ids))
        return [found[key] for key in ids]
