"""Dues queries: a member's dues account, your own, a subtree's collection and arrears."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.dues.months import parse_month
from resolvers.dues.reads import (
    ARREARS_FLAG_MONTHS,
    resolve_arrears,
    resolve_collection,
    resolve_dues_account,
    resolve_my_dues_account,
)
from resolvers.pagination import page_request
from schema.dues.types import DuesAccount, DuesArrears, DuesCollection, DuesCollectionMonth
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.members.types import answer_members
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import Organization
from schema.relay import Connection, build_connection, expect_global_id, page_argument
from schema.selections import selects_listed


@strawberry.type
class DuesQueries:
    @strawberry.field(
        description="A member's dues account 党费账户: months due, paid and owed, arrears, "
        "the ledger; null if you may not read their dues or none is declared."
    )
    async def dues_account(
        self,
        info: Info,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="The member 党员.")],
    ) -> DuesAccount | None:
        key = expect_global_id(member_id, MEMBER, field="memberId")
        view = await resolve_dues_account(info.context, key)
        return DuesAccount.of(view) if view else None

    @strawberry.field(
        description="Your own dues account 我的党费 (a party member's account); null otherwise."
    )
    async def my_dues_account(self, info: Info) -> DuesAccount | None:
        view = await resolve_my_dues_account(info.context)
        return DuesAccount.of(view) if view else None

    @strawberry.field(
        description="A subtree's dues collection 党费收缴统计 month by month: members and fen "
        "due and paid, the collection rate; read from kept figures."
    )
    async def dues_collection(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID, strawberry.argument(description="The subtree's organisation 组织.")
        ],
        since: Annotated[
            str | None,
            strawberry.argument(description="From this month 起始月份 (YYYY-MM); default: until."),
        ] = None,
        until: Annotated[
            str | None,
            strawberry.argument(description="To this month 截止月份 (YYYY-MM); default: this one."),
        ] = None,
    ) -> DuesCollection:
        key = expect_global_id(under, ORGANIZATION, field="under")
        node, figures = await resolve_collection(
            info.context,
            key,
            under,
            parse_month(since, field="since") if since is not None else None,
            parse_month(until, field="until") if until is not None else None,
        )
        return DuesCollection(
            organization=Organization.from_row(node),
            months=[DuesCollectionMonth.of(month) for month in figures],
        )

    @strawberry.field(
        description="Members in arrears 欠缴党员 where you may read dues, from kept figures."
    )
    async def dues_arrears(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="组织范围 Only this subtree.")
        ] = None,
        at_least: Annotated[
            int,
            strawberry.argument(
                description="At least this many months in arrears 欠缴月数 (default: the flag)."
            ),
        ] = ARREARS_FLAG_MONTHS,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[DuesArrears]:
        request = page_request(first=first, after=after, last=last, before=before)
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        page, count, this_month = await resolve_arrears(
            info.context, under_key, under, at_least, request
        )
        if selects_listed(info, "member"):
            await answer_members(info.context, [row.member_id for row in page.rows])
        return build_connection(page, lambda row: DuesArrears.of(row, this_month), count)
