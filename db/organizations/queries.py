"""Reads of the organisation tree: nodes by id, filtered lists, children pages and counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.organizations.models import GovernanceLevel, OrganizationRow, PartyOrgKind, Sector
from db.pagination import Page, PageRequest, fetch_pages_by_partition
from db.paths import within_any
from db.records import ByKeys, record_columns


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    """A node of the tree as read; nothing tracks it."""

    id: int
    parent_id: int | None
    path: str
    depth: int
    name: str
    code: str
    level: GovernanceLevel | None
    kind: PartyOrgKind
    sector: Sector
    longitude: float | None
    latitude: float | None
    created_at: datetime
    updated_at: datetime


COLUMNS = record_columns(OrganizationRecord, OrganizationRow)
_TABLE = core_table(OrganizationRow).c
ORGANIZATION_KEY = _TABLE.id
_ALL = select(*COLUMNS)


_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _TABLE.id)
_CHILD_COUNTS = ByKeys(
    lambda keys: select(_TABLE.parent_id, func.count()).where(keys).group_by(_TABLE.parent_id),
    _TABLE.parent_id,
)


async def organizations_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, OrganizationRecord]:
    return {row[0]: OrganizationRecord(*row) for row in await _BY_ID.rows(connection, ids)}


def organization_list(
    roots: Sequence[str],
    *,
    levels: Sequence[GovernanceLevel] = (),
    kinds: Sequence[PartyOrgKind] = (),
    sectors: Sequence[Sector] = (),
    name_contains: str | None = None,
) -> Select[Any]:
    """Organisations of the subtrees at `roots`, narrowed; page it by ORGANIZATION_KEY."""
    query = _ALL.where(within_any(_TABLE.path, roots))
    if levels:
        query = query.where(_TABLE.level.in_(levels))
    if kinds:
        query = query.where(_TABLE.kind.in_(kinds))
    if sectors:
        query = query.where(_TABLE.sector.in_(sectors))
    if name_contains:
        query = query.where(_TABLE.name.contains(name_contains, autoescape=True))
    return query


async def children_pages(
    connection: AsyncConnection, parent_ids: Sequence[int], request: PageRequest
) -> dict[int, Page[OrganizationRecord]]:
    """A page of direct children for each parent, in one statement."""
    return await fetch_pages_by_partition(
        connection,
        _ALL,
        _TABLE.id,
        _TABLE.parent_id,
        parent_ids,
        request,
        OrganizationRecord,
    )


async def child_counts(connection: AsyncConnection, parent_ids: Sequence[int]) -> dict[int, int]:
    rows = await _CHILD_COUNTS.rows(connection, parent_ids)
    counts: dict[int, int] = {row[0]: row[1] for row in rows}
    return {parent_id: counts.get(parent_id, 0) for parent_id in parent_ids}
