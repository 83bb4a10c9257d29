"""Batched reads of reminders for one request."""

from __future__ import annotations

from db.reminders.queries import ReminderRecord, reminders_by_ids
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order


class ReminderLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.by_id = self.loader(self._by_id)

    async def _by_id(self, ids: list[int]) -> list[ReminderRecord | None]:
        return in_order(ids, await self.read(lambda c: reminders_by_ids(c, ids)))
