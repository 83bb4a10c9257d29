"""Members: scoped reads of the registry (one by ID, filtered lists, branch and residence)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select

from db.members.models import MemberRow, MemberStatus
from db.organizations.models import OrganizationRow
from db.paths import within_any
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.organizations.reads import resolve_organization_by_id, resolve_scope_under
from resolvers.pagination import Page, PageRequest, paginate
from resolvers.validation import clean_search

ENTITY = "member"


def _visible(context: Context, row: MemberRow | None) -> MemberRow | None:
    if row is not None and context.viewer.can(Permission.READ_MEMBERS, row.org_path):
        return row
    return None


async def resolve_member_by_id(context: Context, member_id: int) -> MemberRow | None:
    """The member if it exists and the viewer may read members there; None otherwise."""
    return _visible(context, await context.loaders.member.load(member_id))


@dataclass(frozen=True, slots=True)
class MemberCriteria:
    under: int | None = None
    under_global_id: str | None = None
    statuses: Sequence[MemberStatus] = ()
    name_contains: str | None = None
    is_mobile: bool | None = None


async def resolve_members(
    context: Context, criteria: MemberCriteria, request: PageRequest
) -> tuple[Page[MemberRow], Callable[[], Awaitable[int]]]:
    context.require_account()
    if not context.viewer.paths_for(Permission.READ_MEMBERS):
        raise Forbidden(
            "None of your roles may read party members; ask an administrator for a secretary "
            "or grid-worker binding."
        )
    roots = await resolve_scope_under(
        context, Permission.READ_MEMBERS, criteria.under, global_id=criteria.under_global_id
    )
    query: Select[MemberRow] = select(MemberRow).where(within_any(MemberRow.org_path, roots))
    if criteria.statuses:
        query = query.where(MemberRow.status.in_(criteria.statuses))
    name_contains = clean_search(criteria.name_contains, field="nameContains")
    if name_contains:
        query = query.where(MemberRow.name.contains(name_contains, autoescape=True))
    if criteria.is_mobile is not None:
        query = query.where(MemberRow.is_mobile.is_(criteria.is_mobile))
    return await paginate(context.services.database, query, MemberRow.id, request)


async def resolve_branch(context: Context, row: MemberRow) -> OrganizationRow | None:
    return await resolve_organization_by_id(context, row.branch_id)


async def resolve_residence(context: Context, row: MemberRow) -> OrganizationRow | None:
    if row.residence_community_id is None:
        return None
    return await resolve_organization_by_id(context, row.residence_community_id)
