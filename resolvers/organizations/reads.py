"""Organisations: scoped reads of the tree and its statistics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from db.members.tallies import age_bands
from db.organizations.models import GovernanceLevel, PartyOrgKind, Sector
from db.organizations.queries import ORGANIZATION_KEY, OrganizationRecord, organization_list
from db.pagination import Page, PageRequest, paginate
from db.paths import intersect, path_ids
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import not_found
from resolvers.validation import clean_search


def _visible(context: Context, row: OrganizationRecord | None) -> OrganizationRecord | None:
    if row is not None and context.viewer.can(Permission.READ_ORGANIZATIONS, row.path):
        return row
    return None


async def resolve_organization_by_id(context: Context, org_id: int) -> OrganizationRecord | None:
    """The organisation if it exists and lies in the viewer's scope; None either way otherwise."""
    return _visible(context, await context.loaders.organizations.by_id.load(org_id))


async def resolve_organizations_by_ids(
    context: Context, ids: Sequence[int]
) -> list[OrganizationRecord | None]:
    rows = await context.loaders.organizations.by_id.load_many(list(ids))
    return [_visible(context, row) for row in rows]


async def resolve_scope_under(
    context: Context, permission: Permission, under: int | None, *, global_id: str | None
) -> list[str]:
    """Subtree roots to read: the viewer's scope for `permission`, narrowed to `under`."""
    context.require_account()
    scope = context.viewer.paths_for(permission)
    if under is None:
        return scope
    node = await resolve_organization_by_id(context, under)
    if node is None:
        raise not_found("organization", global_id or str(under), field="under")
    return intersect(scope, node.path)


@dataclass(frozen=True, slots=True)
class OrganizationCriteria:
    under: int | None = None
    under_global_id: str | None = None
    levels: Sequence[GovernanceLevel] = ()
    kinds: Sequence[PartyOrgKind] = ()
    sectors: Sequence[Sector] = ()
    name_contains: str | None = None


async def resolve_organizations(
    context: Context, criteria: OrganizationCriteria, request: PageRequest
) -> tuple[Page[OrganizationRecord], Callable[[], Awaitable[int]]]:
    roots = await resolve_scope_under(
        context, Permission.READ_ORGANIZATIONS, criteria.under, global_id=criteria.under_global_id
    )
    query = organization_list(
        roots,
        levels=criteria.levels,
        kinds=criteria.kinds,
        sectors=criteria.sectors,
        name_contains=clean_search(criteria.name_contains, field="nameContains"),
    )
    return await paginate(
        context.loaders.reads.read, query, ORGANIZATION_KEY, request, OrganizationRecord
    )


async def resolve_ancestors(context: Context, row: OrganizationRecord) -> list[OrganizationRecord]:
    """Root first; only those the viewer may see."""
    found = await resolve_organizations_by_ids(context, path_ids(row.path)[:-1])
    return [ancestor for ancestor in found if ancestor is not None]


async def resolve_children(
    context: Context, row: OrganizationRecord, request: PageRequest
) -> tuple[Page[OrganizationRecord], Callable[[], Awaitable[int]]]:
    loaders = context.loaders.organizations
    page = await loaders.children.load((row.id, request))
    return page, lambda: loaders.child_count.load(row.id)


def whole_list_count(
    page: Page[OrganizationRecord], request: PageRequest
) -> Callable[[], Awaitable[int]] | None:
    """The count of a list whose page holds all of it (a first page with nothing after it):
    its length, without a statement; None for any other page."""
    if (
        request.rows
        and request.after is None
        and request.before is None
        and not page.has_next_page
        and not page.has_previous_page
    ):
        return partial(_known_count, len(page.rows))
    return None


async def _known_count(count: int) -> int:
    return count


def _require_statistics(context: Context, row: OrganizationRecord) -> None:
    context.require(Permission.READ_STATISTICS, row.path, action="read statistics")


async def resolve_member_counts(
    context: Context, row: OrganizationRecord, dimension: str, today: date
) -> dict[str, int]:
    """Members of the subtree by a tally dimension, or by `age_band` (from birth years)."""
    _require_statistics(context, row)
    tallies = context.loaders.members.tallies
    if dimension == "age_band":
        return age_bands(await tallies("birth_year").load(row.id), today.year)
    return await tallies(dimension).load(row.id)


def resolve_members_counts(
    context: Context, rows: Sequence[OrganizationRecord], dimension: str
) -> Awaitable[list[dict[str, int]]]:
    """Members of each subtree by a tally dimension (not `age_band`), read in one batch."""
    for row in rows:
        _require_statistics(context, row)
    return context.loaders.members.tallies(dimension).load_many([row.id for row in rows])


async def resolve_organizations_by_level(
    context: Context, row: OrganizationRecord
) -> dict[GovernanceLevel | None, int]:
    _require_statistics(context, row)
    return await context.loaders.organizations.by_level.load(row.path)
