"""Queries of members elsewhere: mobile members 流动党员 and registrations 双报到."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.pagination import Page
from resolvers.mobility.reads import (
    resolve_community_registrations,
    resolve_member_mobility,
    resolve_member_registrations,
    resolve_mobile_members,
    with_whereabouts,
)
from resolvers.pagination import page_request
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.mobility.types import CommunityRegistration, MemberMobility
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import answer_organizations
from schema.relay import Connection, build_connection, expect_global_id, page_argument
from schema.selections import selects_listed


@strawberry.type
class MobilityQueries:
    @strawberry.field(
        description="A member's mobility 流动党员 (whereabouts and history); null if you may not "
        "read the member."
    )
    async def member_mobility(
        self,
        info: Info,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="The member 党员.")],
    ) -> MemberMobility | None:
        key = expect_global_id(member_id, MEMBER, field="memberId")
        found = await resolve_member_mobility(info.context, key)
        return MemberMobility.of(found) if found else None

    @strawberry.field(
        description="Mobile members 流动党员 of branches where you may read members, with where "
        "they are now; by member id."
    )
    async def mobile_members(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="组织范围 Only this subtree.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[MemberMobility]:
        request = page_request(first=first, after=after, last=last, before=before)
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        page, count = await resolve_mobile_members(info.context, under_key, under, request)
        rows = await with_whereabouts(info.context, page.rows)
        if selects_listed(info, "organization"):
            ids = [
                r.whereabouts.organization_id for r in rows if r.whereabouts and r.member.is_mobile
            ]
            await answer_organizations(info.context, [key for key in ids if key is not None])
        mobility = Page(rows, page.keys, page.has_next_page, page.has_previous_page)
        return build_connection(mobility, MemberMobility.of, count)

    @strawberry.field(
        description="Members registered 双报到 with communities where you may read members: "
        "members of other branches who live there. They are listed as registered, never as "
        "the community's own members."
    )
    async def community_registrations(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="组织范围 Only communities in this subtree."),
        ] = None,
        active_only: Annotated[
            bool,
            strawberry.argument(description="仅限有效报到 Only registrations not ended (default)."),
        ] = True,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[CommunityRegistration]:
        request = page_request(first=first, after=after, last=last, before=before)
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        page, count = await resolve_community_registrations(
            info.context, under_key, under, active_only, request
        )
        if selects_listed(info, "community"):
            await answer_organizations(
                info.context, [r.registration.community_id for r in page.rows]
            )
        return build_connection(page, CommunityRegistration.from_row, count)

    @strawberry.field(
        description="A member's registrations with communities 双报到, active and ended; null if "
        "you may not read the member."
    )
    async def member_community_registrations(
        self,
        info: Info,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="The member 党员.")],
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[CommunityRegistration] | None:
        request = page_request(first=first, after=after, last=last, before=before)
        key = expect_global_id(member_id, MEMBER, field="memberId")
        found = await resolve_member_registrations(info.context, key, request)
        if found is None:
            return None
        return build_connection(found[0], CommunityRegistration.from_row, found[1])
