"""Batched reads of members elsewhere for one request: whereabouts by member, registrations
by ID."""

from __future__ import annotations

from db.mobility.queries import (
    RegistrationRecord,
    WhereaboutsRecord,
    active_registrations_by_members,
    registrations_by_ids,
    whereabouts_by_members,
)
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order


class MobilityLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.whereabouts = self.loader(self._whereabouts)
        self.registration = self.loader(self._registrations)
        self.active_registration = self.loader(self._active_registrations)

    async def _whereabouts(self, member_ids: list[int]) -> list[WhereaboutsRecord | None]:
        found = await self.read(lambda c: whereabouts_by_members(c, member_ids))
        return in_order(member_ids, found)

    async def _registrations(self, ids: list[int]) -> list[RegistrationRecord | None]:
        return in_order(ids, await self.read(lambda c: registrations_by_ids(c, ids)))

    async def _active_registrations(self, member_ids: list[int]) -> list[RegistrationRecord | None]:
        found = await self.read(lambda c: active_registrations_by_members(c, member_ids))
        return in_order(member_ids, found)
