"""Batched reads of members for one request: members by id and subtree tallies."""

from __future__ import annotations

from db.members.queries import MemberRecord, members_by_ids
from db.members.tallies import read_tallies
from db.shared_reads import SharedReads
from resolvers.batch_loader import Loader
from resolvers.batches import LoaderSet, in_order


class MemberLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.by_id = self.loader(self._by_id)
        # What a field answered for each member this request, as the layer above built it
        # (schema/members/types.py `member_answer`): read, checked and built once however
        # many listed rows name the member. Kept only while reads are cached.
        self.answers: dict[int, object] = {}
        self._tallies: dict[str, Loader[int, dict[str, int]]] = {}

    async def _by_id(self, ids: list[int]) -> list[MemberRecord | None]:
        return in_order(ids, await self.read(lambda c: members_by_ids(c, ids)))

    def tallies(self, dimension: str) -> Loader[int, dict[str, int]]:
        """Member counts of organisations' whole subtrees by one dimension, keyed by id."""
        if dimension not in self._tallies:

            async def batch(organization_ids: list[int]) -> list[dict[str, int]]:
                found = await self.read(lambda c: read_tallies(c, organization_ids, dimension))
                return [found[org] for org in organization_ids]

            self._tallies[dimension] = self.loader(batch)
        return self._tallies[dimension]
