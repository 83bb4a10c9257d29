"""Batched reads of the organisation tree for one request: nodes, children, counts."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from db.organizations.models import GovernanceLevel, count_organizations_by_level
from db.organizations.queries import (
    OrganizationRecord,
    child_counts,
    children_pages,
    organizations_by_ids,
)
from db.pagination import Page, PageRequest
from db.shared_reads import SharedReads
from resolvers.batch_loader import Loader
from resolvers.batches import LoaderSet, in_order

ChildrenKey = tuple[int, PageRequest]  # (parent id, the page asked for)


class OrganizationLoaders(LoaderSet):
    """Each loader is built the first time the request reaches for it."""

    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        # What a field answered for each organisation this request, as the layer above built
        # it (schema/organizations/types.py `organization_answer`): read, checked and built
        # once however many listed rows name it. Kept only while reads are cached.
        self.answers: dict[int, object] = {}

    @cached_property
    def by_id(self) -> Loader[int, OrganizationRecord | None]:
        return self.loader(self._by_id)

    @cached_property
    def children(self) -> Loader[ChildrenKey, Page[OrganizationRecord]]:
        return self.loader(self._children)

    @cached_property
    def child_count(self) -> Loader[int, int]:
        return self.loader(self._child_counts)

    @cached_property
    def by_level(self) -> Loader[str, dict[GovernanceLevel | None, int]]:
        return self.loader(self._by_level)

    async def _by_id(self, ids: list[int]) -> list[OrganizationRecord | None]:
        return in_order(ids, await self.read(lambda c: organizations_by_ids(c, ids)))

    async def _children(self, keys: list[ChildrenKey]) -> list[Page[OrganizationRecord]]:
        """One statement per distinct page request, whatever the number of parents."""
        by_request: dict[PageRequest, list[int]] = defaultdict(list)
        for parent_id, request in keys:
            by_request[request].append(parent_id)
        pages: dict[ChildrenKey, Page[OrganizationRecord]] = {}
        async with self.reads.read() as connection:
            for request, parent_ids in by_request.items():
                found = await children_pages(connection, parent_ids, request)
                pages |= {(parent_id, request): found[parent_id] for parent_id in parent_ids}
        return [pages[key] for key in keys]

    async def _child_counts(self, parent_ids: list[int]) -> list[int]:
        counts = await self.read(lambda c: child_counts(c, parent_ids))
        return [counts[parent_id] for parent_id in parent_ids]

    async def _by_level(self, paths: list[str]) -> list[dict[GovernanceLevel | None, int]]:
        found = await self.read(lambda c: count_organizations_by_level(c, paths))
        return [found[path] for path in paths]
