"""Batched reads of departments and dispatches for one request."""

from __future__ import annotations

from db.departments.queries import (
    DepartmentRecord,
    DispatchRecord,
    departments_by_ids,
    dispatches_by_ids,
    dispatches_by_petition,
)
from db.departments.tallies import tallies_by_department
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order


class DepartmentLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        # What a field answered for each department this request, as the layer above built it
        # (schema/departments/types.py): a department's dispatches all name it. Kept only
        # while reads are cached.
        self.answers: dict[int, object] = {}
        self.by_id = self.loader(self._by_id)
        self.dispatch = self.loader(self._dispatch)
        self.of_petition = self.loader(self._of_petition)
        self.tallies = self.loader(self._tallies)

    async def _by_id(self, ids: list[int]) -> list[DepartmentRecord | None]:
        return in_order(ids, await self.read(lambda c: departments_by_ids(c, ids)))

    async def _dispatch(self, ids: list[int]) -> list[DispatchRecord | None]:
        return in_order(ids, await self.read(lambda c: dispatches_by_ids(c, ids)))

    async def _of_petition(self, ids: list[int]) -> list[list[DispatchRecord]]:
        found = await self.read(lambda c: dispatches_by_petition(c, ids))
        return [found[key] for key in ids]

    async def _tallies(self, ids: list[int]) -> list[tuple[int, ...]]:
        found = await self.read(lambda c: tallies_by_department(c, ids))
        return [found[key] for key in ids]
