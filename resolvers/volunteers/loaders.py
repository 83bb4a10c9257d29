"""Batched reads of volunteers for one request."""

from __future__ import annotations

from db.shared_reads import SharedReads
from db.volunteers.queries import (
    HoursEntryRecord,
    VolunteerRecord,
    entries_by_ids,
    volunteers_by_accounts,
    volunteers_by_ids,
)
from resolvers.batches import LoaderSet, in_order


class VolunteerLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.by_id = self.loader(self._by_id)
        self.by_account = self.loader(self._by_account)
        self.entry = self.loader(self._entries)

    async def _by_id(self, ids: list[int]) -> list[VolunteerRecord | None]:
        return in_order(ids, await self.read(lambda c: volunteers_by_ids(c, ids)))

    async def _by_account(self, ids: list[int]) -> list[VolunteerRecord | None]:
        return in_order(ids, await self.read(lambda c: volunteers_by_accounts(c, ids)))

    async def _entries(self, ids: list[int]) -> list[HoursEntryRecord | None]:
        return in_order(ids, await self.read(lambda c: entries_by_ids(c, ids)))
