"""Batched reads of transfers for one request."""

from __future__ import annotations

from db.shared_reads import SharedReads
from db.transfers.queries import TransferRecord, transfers_by_ids
from resolvers.batches import LoaderSet, in_order


class TransferLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.by_id = self.loader(self._by_id)

    async def _by_id(self, ids: list[int]) -> list[TransferRecord | None]:
        return in_order(ids, await self.read(lambda c: transfers_by_ids(c, ids)))
