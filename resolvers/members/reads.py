"""Members: scoped reads of the registry (one by ID, filtered lists, branch and residence)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from db.members.models import MemberStatus
from db.members.queries import MEMBER_KEY, MemberRecord, member_list
from db.pagination import Page, PageRequest, paginate
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.organizations.reads import resolve_scope_under
from resolvers.validation import clean_search

ENTITY = "member"


def _visible(context: Context, row: MemberRecord | None) -> MemberRecord | None:
    if row is not None and context.viewer.acts_for_member(
        Permission.READ_MEMBERS, row.id, row.org_path
    ):
        return row
    return None


async def resolve_member_by_id(context: Context, member_id: int) -> MemberRecord | None:
    """The member if it exists and the viewer may read members there (or is that member);
    None otherwise."""
    return _visible(context, await context.loaders.members.by_id.load(member_id))


async def resolve_members_by_ids(context: Context, ids: Sequence[int]) -> list[MemberRecord | None]:
    """Each member as `resolve_member_by_id` answers it, in one batch."""
    rows = await context.loaders.members.by_id.load_many(list(ids))
    return [_visible(context, row) for row in rows]


@dataclass(frozen=True, slots=True)
class MemberCriteria:
    under: int | None = None
    under_global_id: str | None = None
    statuses: Sequence[MemberStatus] = ()
    name_contains: str | None = None
    is_mobile: bool | None = None


async def resolve_members(
    context: Context, criteria: MemberCriteria, request: PageRequest
) -> tuple[Page[MemberRecord], Callable[[], Awaitable[int]]]:
    context.require_account()
    context.viewer.require_anywhere(Permission.READ_MEMBERS, what="party members")
    roots = await resolve_scope_under(
        context, Permission.READ_MEMBERS, criteria.under, global_id=criteria.under_global_id
    )
    query = member_list(
        roots,
        statuses=criteria.statuses,
        name_contains=clean_search(criteria.name_contains, field="nameContains"),
        is_mobile=criteria.is_mobile,
    )
    return await paginate(context.loaders.reads.read, query, MEMBER_KEY, request, MemberRecord)


async def resolve_own_member(context: Context) -> MemberRecord | None:
    """The signed-in party member's own record (None for an account that is no member)."""
    member_id = context.viewer.member_id
    return None if member_id is None else await resolve_member_by_id(context, member_id)
