"""Reads of the organisation tree: nodes by id, filtered lists, children pages and counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.list_shapes import (
    LIKE_ESCAPE,
    ListQuery,
    Shape,
    escaped_contains,
    one_of,
    scope_values,
    within_scope,
)
from db.organizations.models import GovernanceLevel, OrganizationRow, PartyOrgKind, Sector
from db.pagination import Page, PageRequest, fetch_pages_by_partition
from db.records import ByKeys, record_columns, row_record


@row_record
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
_PARENT = _TABLE.parent_id  # a collection's attribute costs a call each time it is read
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
) -> ListQuery:
    """Organisations of the subtrees at `roots`, narrowed; page it by ORGANIZATION_KEY."""
    scope, values = scope_values(roots)
    for name, chosen in (("levels", levels), ("kinds", kinds), ("sectors", sectors)):
        if chosen:
            values[name] = [item.value for item in chosen]
    if name_contains:
        values["name"] = escaped_contains(name_contains)
    shape = (scope, bool(levels), bool(kinds), bool(sectors), bool(name_contains))
    return ListQuery(_listed, shape, values)


def _listed(dialect: str, shape: Shape) -> Select[Any]:
    scope, levels, kinds, sectors, named = shape
    query = _ALL.where(within_scope(_TABLE.path, scope))
    for chosen, column, name in (
        (levels, _TABLE.level, "levels"),
        (kinds, _TABLE.kind, "kinds"),
        (sectors, _TABLE.sector, "sectors"),
    ):
        if chosen:
            query = query.where(one_of(dialect, column, name, String()))
    if named:
        query = query.where(_TABLE.name.like(bindparam("name"), escape=LIKE_ESCAPE))
    return query


async def children_pages(
    connection: AsyncConnection, parent_ids: Sequence[int], request: PageRequest
) -> dict[int, Page[OrganizationRecord]]:
    """A page of direct children for each parent, in one statement."""
    return await fetch_pages_by_partition(
        connection,
        _ALL,
        ORGANIZATION_KEY,
        _PARENT,
        parent_ids,
        request,
        OrganizationRecord,
    )


async def child_counts(connection: AsyncConnection, parent_ids: Sequence[int]) -> dict[int, int]:
    rows = await _CHILD_COUNTS.rows(connection, parent_ids)
    counts: dict[int, int] = {row[0]: row[1] for row in rows}
    return {parent_id: counts.get(parent_id, 0) for parent_id in parent_ids}
