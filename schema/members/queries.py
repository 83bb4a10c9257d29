"""Member queries: one by ID and the filtered list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.members import models as rows
from resolvers.members.reads import MemberCriteria, resolve_member_by_id, resolve_members
from resolvers.pagination import page_request
from schema.info import Info
from schema.members.enums import MemberStatus
from schema.members.types import TYPE_NAME, Member, answer_named_organizations
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import Connection, build_connection, expect_global_id, page_argument


@strawberry.input(description="党员筛选 Which members to list.")
class MemberFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None,
        description="组织范围 Only members of branches in this organisation's subtree.",
    )
    statuses: list[MemberStatus] | None = strawberry.field(
        default=None,
        description=(
            "阶段 Only these stages. Without it, every stage but TRANSFERRED_OUT: former members "
            "who left the platform 已转出党员 are listed only when asked for (statuses: "
            "[TRANSFERRED_OUT]); when and where they went is their transfer's (`transfers`)."
        ),
    )
    name_contains: str | None = strawberry.field(
        default=None, description="名称关键词 Only names containing this text."
    )
    is_mobile: bool | None = strawberry.field(
        default=None, description="是否流动党员 Only mobile (true) or only settled (false) members."
    )


def _criteria(where: MemberFilter | None) -> MemberCriteria:
    if where is None:
        return MemberCriteria()
    return MemberCriteria(
        under=expect_global_id(where.under, ORGANIZATION, field="under") if where.under else None,
        under_global_id=where.under,
        statuses=[rows.MemberStatus[status.name] for status in where.statuses or ()],
        name_contains=where.name_contains,
        is_mobile=where.is_mobile,
    )


@strawberry.type
class MemberQueries:
    @strawberry.field(description="党员 One member by ID; null if not in your scope.")
    async def member(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Member | None:
        key = expect_global_id(id, TYPE_NAME, field="id")
        found = await resolve_member_by_id(info.context, key)
        return Member.from_row(found) if found else None

    @strawberry.field(description="党员列表 Members in your scope, in creation order.")
    async def members(
        self,
        info: Info,
        filter: Annotated[
            MemberFilter | None, strawberry.argument(description="筛选 Narrow the list.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Member]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_members(info.context, _criteria(filter), request)
        await answer_named_organizations(info, page.rows)
        return build_connection(page, Member.from_row, count)
