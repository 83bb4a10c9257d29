"""Presence queries: a member's presence, your own, and a subtree's members without any."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.pagination import page_request
from resolvers.presence.reads import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    Presence,
    read_presence,
    resolve_absent_members,
    resolve_member_presence,
    resolve_my_presence,
)
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.presence.types import MemberPresence
from schema.relay import Connection, build_connection, expect_global_id, page_argument
from schema.selections import selects_listed

MONTHS = strawberry.argument(
    description=f"The window: this month and the ones before it, {DEFAULT_MONTHS} by default "
    f"(1-{MAX_MONTHS}) 统计月数."
)


# The fields a row answers from its figures (MemberPresence), read for the page at once.
FIGURES = ("meetingsAttended", "duesMonthsPaid", "checkIns", "presentMonths", "lastPresentMonth")


@strawberry.type
class PresenceQueries:
    @strawberry.field(
        description="A member's presence 在场 over the last months; null if you may not read "
        "the member."
    )
    async def member_presence(
        self,
        info: Info,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="The member 党员.")],
        months: Annotated[int, MONTHS] = DEFAULT_MONTHS,
    ) -> MemberPresence | None:
        key = expect_global_id(member_id, MEMBER, field="memberId")
        found = await resolve_member_presence(info.context, key, months)
        return MemberPresence.of(found) if found else None

    @strawberry.field(
        description="Your own presence 我的在场 (a party member's account); null otherwise."
    )
    async def my_presence(
        self, info: Info, months: Annotated[int, MONTHS] = DEFAULT_MONTHS
    ) -> MemberPresence | None:
        found = await resolve_my_presence(info.context, months)
        return MemberPresence.of(found) if found else None

    @strawberry.field(
        description="Party members (probationary and full) where you may read members with no "
        "presence in the window 长期未参加活动党员 (口袋党员 candidates): no meeting attended, no "
        "dues month paid, no activity check-in; from kept figures, by member id."
    )
    async def absent_members(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="组织范围 Only this subtree.")
        ] = None,
        months: Annotated[int, MONTHS] = DEFAULT_MONTHS,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[MemberPresence]:
        request = page_request(first=first, after=after, last=last, before=before)
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        page, count, since = await resolve_absent_members(
            info.context, under_key, under, months, request
        )
        await read_presence(
            info.context,
            page.rows,
            since,
            figures=any(selects_listed(info, field) for field in FIGURES),
            months=selects_listed(info, "byMonth"),
        )
        return build_connection(
            page, lambda row: MemberPresence.of(Presence(row, months, since)), count
        )
