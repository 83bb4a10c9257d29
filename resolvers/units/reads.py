"""Who sees a co-building unit: its own accounts, and those who may read units where it is
registered or in a community it has signed an agreement with."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from db.pagination import Page, PageRequest, paginate
from db.units.models import UnitSector
from db.units.queries import UNIT_KEY, AgreementRecord, UnitRecord, unit_list
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.organizations.reads import resolve_scope_under
from resolvers.validation import clean_search


def is_own_unit(context: Context, unit_id: int) -> bool:
    return context.viewer.unit_id is not None and context.viewer.unit_id == unit_id


async def may_read_unit(context: Context, row: UnitRecord) -> bool:
    if is_own_unit(context, row.id) or context.viewer.can(Permission.READ_UNITS, row.home_path):
        return True
    agreements = await context.loaders.units.agreements.load(row.id)
    return any(context.viewer.can(Permission.READ_UNITS, a.community_path) for a in agreements)


async def resolve_unit_by_id(context: Context, unit_id: int) -> UnitRecord | None:
    """The unit if it exists and the viewer may see it; None either way otherwise."""
    context.require_account()
    row = await context.loaders.units.by_id.load(unit_id)
    return row if row is not None and await may_read_unit(context, row) else None


async def resolve_agreements(context: Context, row: UnitRecord) -> list[AgreementRecord]:
    """The unit's agreements the viewer may see: all of them for its own accounts and for
    those who may read units where it is registered, else those of communities in scope."""
    agreements = await context.loaders.units.agreements.load(row.id)
    viewer = context.viewer
    if is_own_unit(context, row.id) or viewer.can(Permission.READ_UNITS, row.home_path):
        return agreements
    return [a for a in agreements if viewer.can(Permission.READ_UNITS, a.community_path)]


@dataclass(frozen=True, slots=True)
class UnitCriteria:
    under: int | None = None
    under_global_id: str | None = None
    sectors: Sequence[UnitSector] = ()
    name_contains: str | None = None


async def resolve_units(
    context: Context, criteria: UnitCriteria, request: PageRequest
) -> tuple[Page[UnitRecord], Callable[[], Awaitable[int]]]:
    roots = await resolve_scope_under(
        context, Permission.READ_UNITS, criteria.under, global_id=criteria.under_global_id
    )
    own = context.viewer.unit_id if criteria.under is None else None
    query = unit_list(
        roots,
        own,
        sectors=criteria.sectors,
        name_contains=clean_search(criteria.name_contains, field="nameContains"),
    )
    return await paginate(context.loaders.reads.read, query, UNIT_KEY, request, UnitRecord)
