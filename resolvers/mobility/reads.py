"""Reads of members elsewhere.

Mobile members 流动党员: who may read members where the member's branch is sees them, their
whereabouts and timeline (the member sees their own). Registrations 双报到: the community's
side (who may read members where the community is) sees the registrations with it and their
members, though those members are not its own and stay outside its subtree for everything
else; the member's side (the member, who may read members where their branch is) sees the
member's registrations wherever they are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from db.members.queries import MEMBER_KEY, MemberRecord
from db.mobility.queries import (
    MOBILITY_STEP_KEY,
    REGISTRATION_KEY,
    REGISTRATION_STEP_KEY,
    ListedRegistration,
    MobilityStepRecord,
    RegistrationRecord,
    RegistrationStepRecord,
    WhereaboutsRecord,
    member_registrations,
    mobile_list,
    mobility_timeline,
    registration_list,
    registration_timeline,
)
from db.pagination import Page, PageRequest, paginate
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.members.reads import resolve_member_by_id
from resolvers.organizations.reads import resolve_scope_under

Paged = tuple[Page[MemberRecord], Callable[[], Awaitable[int]]]


@dataclass(frozen=True, slots=True)
class Mobility:
    """A member with their whereabouts (None when not mobile, or none recorded)."""

    member: MemberRecord
    whereabouts: WhereaboutsRecord | None


async def with_whereabouts(context: Context, members: Sequence[MemberRecord]) -> list[Mobility]:
    """The members with their whereabouts (one batched read for them all)."""
    found = await context.loaders.mobility.whereabouts.load_many([m.id for m in members])
    return [Mobility(member, where) for member, where in zip(members, found, strict=True)]


async def resolve_member_mobility(context: Context, member_id: int) -> Mobility | None:
    """The member's mobility if the viewer may read them (or is them); None otherwise."""
    member = await resolve_member_by_id(context, member_id)
    return None if member is None else (await with_whereabouts(context, [member]))[0]


async def resolve_mobile_members(
    context: Context, under: int | None, under_global_id: str | None, request: PageRequest
) -> Paged:
    """Mobile members 流动党员 where the viewer may read members."""
    context.viewer.require_anywhere(Permission.READ_MEMBERS, what="the list of mobile members")
    roots = await resolve_scope_under(
        context, Permission.READ_MEMBERS, under, global_id=under_global_id
    )
    return await paginate(
        context.loaders.reads.read, mobile_list(roots), MEMBER_KEY, request, MemberRecord
    )


async def resolve_mobility_timeline(
    context: Context, member_id: int, request: PageRequest
) -> tuple[Page[MobilityStepRecord], Callable[[], Awaitable[int]]]:
    """The member's mobility steps (the caller has checked access)."""
    query = mobility_timeline(member_id)
    return await paginate(
        context.loaders.reads.read, query, MOBILITY_STEP_KEY, request, MobilityStepRecord
    )


async def resolve_community_registrations(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    active_only: bool,
    request: PageRequest,
) -> tuple[Page[ListedRegistration], Callable[[], Awaitable[int]]]:
    """Registrations 双报到 with communities where the viewer may read members."""
    context.viewer.require_anywhere(Permission.READ_MEMBERS, what="the list of registered members")
    roots = await resolve_scope_under(
        context, Permission.READ_MEMBERS, under, global_id=under_global_id
    )
    query = registration_list(roots, active_only=active_only)
    return await paginate(
        context.loaders.reads.read, query, REGISTRATION_KEY, request, ListedRegistration.of_row
    )


async def resolve_member_registrations(
    context: Context, member_id: int, request: PageRequest
) -> tuple[Page[ListedRegistration], Callable[[], Awaitable[int]]] | None:
    """The member's registrations, if the viewer may read the member (or is them)."""
    if await resolve_member_by_id(context, member_id) is None:
        return None
    query = member_registrations(member_id)
    return await paginate(
        context.loaders.reads.read, query, REGISTRATION_KEY, request, ListedRegistration.of_row
    )


async def resolve_registered_member(context: Context, member_id: int) -> MemberRecord | None:
    """The member if they are registered 双报到 now with a community where the viewer may read
    members (the community's side sees who lives there); None otherwise."""
    registration = await context.loaders.mobility.active_registration.load(member_id)
    if registration is None or not context.viewer.can(
        Permission.READ_MEMBERS, registration.community_path
    ):
        return None
    return await context.loaders.members.by_id.load(member_id)


def may_see_registration(context: Context, row: RegistrationRecord, member: MemberRecord) -> bool:
    """The community's side, or the member's."""
    viewer = context.viewer
    return viewer.can(Permission.READ_MEMBERS, row.community_path) or viewer.acts_for_member(
        Permission.READ_MEMBERS, member.id, member.org_path
    )


async def resolve_registration_by_id(
    context: Context, registration_id: int
) -> ListedRegistration | None:
    row = await context.loaders.mobility.registration.load(registration_id)
    if row is None:
        return None
    member = await context.loaders.members.by_id.load(row.member_id)
    if member is None or not may_see_registration(context, row, member):
        return None
    return ListedRegistration(row, member, row.id)


async def resolve_registration_timeline(
    context: Context, registration_id: int, request: PageRequest
) -> tuple[Page[RegistrationStepRecord], Callable[[], Awaitable[int]]]:
    """A registration's steps (the caller has checked access)."""
    query = registration_timeline(registration_id)
    return await paginate(
        context.loaders.reads.read, query, REGISTRATION_STEP_KEY, request, RegistrationStepRecord
    )
