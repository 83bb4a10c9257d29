"""Per-request DataLoaders: batched reads, each batch in its own short session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.audit import write_audit_entries
from db.engine import Database
from db.members.models import MemberRow, get_members_by_ids
from db.members.tallies import read_tallies
from db.organizations.models import (
    GovernanceLevel,
    OrganizationRow,
    count_organizations_by_level,
    get_organizations_by_ids,
)
from resolvers.pagination import Page, PageRequest, fetch_pages_by_partition

# SQLite caps bound parameters per statement; keep batches well below it.
MAX_BATCH_SIZE = 500

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class Loaders:
    """One set per HTTP request; per websocket event when `cache` is off (no stale reads)."""

    def __init__(self, database: Database, *, cache: bool = True) -> None:
        self._database = database
        self._cache = cache
        self.organization = self._loader(self._organizations)
        self.member = self._loader(self._members)
        self.children = self._loader(self._children)
        self.child_count = self._loader(self._child_counts)
        self.organizations_by_level = self._loader(self._organizations_by_level)
        self._tallies: dict[str, DataLoader[int, dict[str, int]]] = {}
        self.audit = DataLoader(self._write_audit, max_batch_size=MAX_BATCH_SIZE, cache=False)

    def _loader(self, batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        return DataLoader(batch, max_batch_size=MAX_BATCH_SIZE, cache=self._cache)

    def tallies(self, dimension: str) -> DataLoader[int, dict[str, int]]:
        """Member counts of organisations' whole subtrees by one dimension, keyed by id."""
        if dimension not in self._tallies:

            async def batch(organization_ids: list[int]) -> list[dict[str, int]]:
                found = await self._read(lambda s: read_tallies(s, organization_ids, dimension))
                return [found[org] for org in organization_ids]

            self._tallies[dimension] = self._loader(batch)
        return self._tallies[dimension]

    async def _read(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async with self._database.session() as session:
            return await work(session)

    async def _organizations(self, ids: list[int]) -> list[OrganizationRow | None]:
        found = await self._read(lambda s: get_organizations_by_ids(s, ids))
        return [found.get(i) for i in ids]

    async def _members(self, ids: list[int]) -> list[MemberRow | None]:
        found = await self._read(lambda s: get_members_by_ids(s, ids))
        return [found.get(i) for i in ids]

    async def _children(self, keys: list[tuple[int, PageRequest]]) -> list[Page[OrganizationRow]]:
        by_request: dict[PageRequest, list[int]] = defaultdict(list)
        for parent_id, request in keys:
            by_request[request].append(parent_id)
        pages: dict[tuple[int, PageRequest], Page[OrganizationRow]] = {}
        async with self._database.session() as session:
            for request, parent_ids in by_request.items():
                found = await fetch_pages_by_partition(
                    session,
                    OrganizationRow,
                    select(OrganizationRow),
                    OrganizationRow.id,
                    OrganizationRow.parent_id,
                    parent_ids,
                    request,
                )
                pages |= {(parent_id, request): found[parent_id] for parent_id in parent_ids}
        return [pages[key] for key in keys]

    async def _child_counts(self, parent_ids: list[int]) -> list[int]:
        query = (
            select(OrganizationRow.parent_id, func.count())
            .where(OrganizationRow.parent_id.in_(parent_ids))
            .group_by(OrganizationRow.parent_id)
        )
        rows = await self._read(lambda s: s.execute(query))
        counts: dict[Any, int] = dict(rows.all())
        return [counts.get(parent_id, 0) for parent_id in parent_ids]

    async def _organizations_by_level(
        self, paths: list[str]
    ) -> list[dict[GovernanceLevel | None, int]]:
        found = await self._read(lambda s: count_organizations_by_level(s, paths))
        return [found[path] for path in paths]

    async def _write_audit(self, entries: list[tuple[Any, ...]]) -> list[None]:
        """Entries are (account_id, action, entity_type, entity_id, detail items) tuples."""
        async with self._database.transaction() as session:
            await write_audit_entries(
                session,
                [
                    {
                        "account_id": account_id,
                        "action": action,
                        "entity_type": entity_type,
                        "entity_id": entity_id,
                        "detail": dict(detail),
                    }
                    for account_id, action, entity_type, entity_id, detail in entries
                ],
            )
        return [None] * len(entries)
