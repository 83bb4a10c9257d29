"""Batched reads of dues for one request."""

from __future__ import annotations

from db.dues.queries import AccountRecord, PaymentRecord, accounts_by_members, payments_by_ids
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order


class DuesLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.account = self.loader(self._accounts)
        self.payment = self.loader(self._payments)

    async def _accounts(self, member_ids: list[int]) -> list[AccountRecord | None]:
        return in_order(member_ids, await self.read(lambda c: accounts_by_members(c, member_ids)))

    async def _payments(self, ids: list[int]) -> list[PaymentRecord | None]:
        return in_order(ids, await self.read(lambda c: payments_by_ids(c, ids)))
