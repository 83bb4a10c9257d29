"""Who sees what on the resource wall, and its lists.

- A resource: its unit's own accounts, and those who may read units in a community the unit
  serves under an agreement in force today.
- A need: READ_NEEDS where it was posted (community staff; the units serving the community).
- An exchange: READ_NEEDS where its community is, and its unit's own accounts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from db.base import china_day, utcnow
from db.pagination import Page, PageRequest, paginate
from db.resources.models import ExchangeStatus
from db.resources.queries import (
    EXCHANGE_KEY,
    NEED_KEY,
    RESOURCE_KEY,
    ExchangeRecord,
    NeedFilter,
    NeedRecord,
    ResourceFilter,
    ResourceRecord,
    exchange_list,
    need_list,
    resource_list,
    resources_visible,
)
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.organizations.reads import resolve_scope_under
from resolvers.units.reads import is_own_unit


async def may_read_resource(context: Context, row: ResourceRecord) -> bool:
    if is_own_unit(context, row.unit_id):
        return True
    today = china_day(utcnow())
    agreements = await context.loaders.units.agreements.load(row.unit_id)
    return any(
        a.in_force(today) and context.viewer.can(Permission.READ_UNITS, a.community_path)
        for a in agreements
    )


async def resolve_resource_by_id(context: Context, resource_id: int) -> ResourceRecord | None:
    context.require_account()
    row = await context.loaders.resources.resource.load(resource_id)
    return row if row is not None and await may_read_resource(context, row) else None


def may_read_need(context: Context, row: NeedRecord) -> bool:
    return context.viewer.can(Permission.READ_NEEDS, row.org_path)


async def resolve_need_by_id(context: Context, need_id: int) -> NeedRecord | None:
    context.require_account()
    row = await context.loaders.resources.need.load(need_id)
    return row if row is not None and may_read_need(context, row) else None


def may_read_exchange(context: Context, row: ExchangeRecord) -> bool:
    return is_own_unit(context, row.unit_id) or context.viewer.can(
        Permission.READ_NEEDS, row.org_path
    )


async def resolve_exchange_by_id(context: Context, exchange_id: int) -> ExchangeRecord | None:
    context.require_account()
    row = await context.loaders.resources.exchange.load(exchange_id)
    return row if row is not None and may_read_exchange(context, row) else None


async def resolve_need_exchanges(context: Context, row: NeedRecord) -> list[ExchangeRecord]:
    found = await context.loaders.resources.need_exchanges.load(row.id)
    return [exchange for exchange in found if may_read_exchange(context, exchange)]


@dataclass(frozen=True, slots=True)
class WallCriteria:
    under: int | None = None
    under_global_id: str | None = None
    resources: ResourceFilter = field(default_factory=ResourceFilter)
    needs: NeedFilter = field(default_factory=NeedFilter)
    exchange_statuses: Sequence[ExchangeStatus] = ()


async def _roots(context: Context, permission: Permission, criteria: WallCriteria) -> list[str]:
    return await resolve_scope_under(
        context, permission, criteria.under, global_id=criteria.under_global_id
    )


def _own_unit(context: Context, criteria: WallCriteria) -> int | None:
    """The viewer's unit, whose own records join the list unless it is narrowed to a subtree."""
    return context.viewer.unit_id if criteria.under is None else None


async def resolve_resources(
    context: Context, criteria: WallCriteria, request: PageRequest
) -> tuple[Page[ResourceRecord], Callable[[], Awaitable[int]]]:
    roots = await _roots(context, Permission.READ_UNITS, criteria)
    visible = resources_visible(roots, _own_unit(context, criteria), china_day(utcnow()))
    query = resource_list(visible, criteria.resources)
    return await paginate(context.loaders.reads.read, query, RESOURCE_KEY, request, ResourceRecord)


async def resolve_needs(
    context: Context, criteria: WallCriteria, request: PageRequest
) -> tuple[Page[NeedRecord], Callable[[], Awaitable[int]]]:
    roots = await _roots(context, Permission.READ_NEEDS, criteria)
    query = need_list(roots, criteria.needs)
    return await paginate(context.loaders.reads.read, query, NEED_KEY, request, NeedRecord)


async def resolve_exchanges(
    context: Context, criteria: WallCriteria, request: PageRequest
) -> tuple[Page[ExchangeRecord], Callable[[], Awaitable[int]]]:
    roots = await _roots(context, Permission.READ_NEEDS, criteria)
    query = exchange_list(roots, _own_unit(context, criteria), criteria.exchange_statuses)
    return await paginate(context.loaders.reads.read, query, EXCHANGE_KEY, request, ExchangeRecord)
