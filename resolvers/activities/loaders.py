"""Batched reads of activities for one request."""

from __future__ import annotations

from db.activities.queries import (
    ActivityRecord,
    RegistrationRecord,
    activities_by_ids,
    registrations_by_ids,
    registrations_of_account,
)
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order

MineKey = tuple[int, int]  # (account, activity)


class ActivityLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.by_id = self.loader(self._by_id)
        self.registration = self.loader(self._registrations)
        self.mine = self.loader(self._mine)

    async def _by_id(self, ids: list[int]) -> list[ActivityRecord | None]:
        return in_order(ids, await self.read(lambda c: activities_by_ids(c, ids)))

    async def _registrations(self, ids: list[int]) -> list[RegistrationRecord | None]:
        return in_order(ids, await self.read(lambda c: registrations_by_ids(c, ids)))

    async def _mine(self, keys: list[MineKey]) -> list[RegistrationRecord | None]:
        """One statement per account in the batch (a request has one viewer)."""
        found: dict[MineKey, RegistrationRecord] = {}
        async with self.reads.read() as connection:
            for account in sorted({account for account, _ in keys}):
                ids = [activity for who, activity in keys if who == account]
                rows = await registrations_of_account(connection, account, ids)
                found |= {(account, key): row for key, row in rows.items()}
        return in_order(keys, found)
