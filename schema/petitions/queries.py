"""Petition queries: one by ID, the filtered list, and the taxonomy."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from db.petitions import models as rows
from db.petitions.queries import PetitionFilter as PetitionListFilter
from resolvers.pagination import page_request
from resolvers.petitions import categories
from resolvers.petitions import reads as resolvers
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.petitions.enums import CategoryKind, PetitionChannel, PetitionStatus
from schema.petitions.types import (
    CATEGORY,
    TYPE_NAME,
    Petition,
    PetitionCategory,
    answer_categories,
)
from schema.relay import (
    Connection,
    build_connection,
    expect_global_id,
    page_argument,
    rows_selected,
)


@strawberry.input(description="诉求筛选 Which petitions to list.")
class PetitionFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None,
        description="组织范围 Only petitions of (or held in) this organisation's subtree.",
    )
    statuses: list[PetitionStatus] | None = strawberry.field(
        default=None, description="状态 Only these statuses."
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="诉求分类 Only these categories."
    )
    kinds: list[CategoryKind] | None = strawberry.field(
        default=None, description="诉求大类 Only petitions of categories of these major kinds."
    )
    channels: list[PetitionChannel] | None = strawberry.field(
        default=None, description="诉求渠道 Only these channels."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="是否超期 Only open ones past their deadline (true), or the others.",
    )
    supervised: bool | None = strawberry.field(
        default=None,
        description="Only petitions an upper level supervised 督办 (true), or the others.",
    )
    since: date | None = strawberry.field(
        default=None, description="起始日期 Raised on or after this day (China time)."
    )
    until: date | None = strawberry.field(
        default=None, description="截止日期 Raised on or before this day (China time)."
    )
    search: str | None = strawberry.field(
        default=None, description="关键词 Title or content contains this text."
    )
    mine: bool = strawberry.field(
        default=False, description="仅我的诉求 Only petitions you raised."
    )


def _criteria(where: PetitionFilter | None) -> resolvers.PetitionCriteria:
    if where is None:
        return resolvers.PetitionCriteria()
    return resolvers.PetitionCriteria(
        under=expect_global_id(where.under, ORGANIZATION, field="under") if where.under else None,
        under_global_id=where.under,
        mine=where.mine,
        narrow=PetitionListFilter(
            statuses=[rows.PetitionStatus[s.name] for s in where.statuses or ()],
            category_ids=[
                expect_global_id(key, CATEGORY, field="categoryIds")
                for key in where.category_ids or ()
            ],
            channels=[rows.PetitionChannel[c.name] for c in where.channels or ()],
            kinds=[rows.CategoryKind[k.name] for k in where.kinds or ()],
            overdue=where.overdue,
            supervised=where.supervised,
            since=where.since,
            until=where.until,
            search=where.search,
        ),
    )


@strawberry.type
class PetitionQueries:
    @strawberry.field(description="诉求 One petition by ID; null if you may not see it.")
    async def petition(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Petition | None:
        key = expect_global_id(id, TYPE_NAME, field="id")
        found = await resolvers.resolve_petition_by_id(info.context, key)
        return Petition.from_row(found) if found else None

    @strawberry.field(
        description="诉求列表 Petitions you may see (your own, and all of your subtrees if your "
        "role reads petitions), in the order they were raised."
    )
    async def petitions(
        self,
        info: Info,
        filter: Annotated[
            PetitionFilter | None, strawberry.argument(description="筛选 Narrow the list.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Petition]:
        # A screen's figure asks for `totalCount` alone: its page would be read for nothing.
        rows = rows_selected(info)
        request = page_request(first=first, after=after, last=last, before=before, rows=rows)
        page, count = await resolvers.resolve_petitions(info.context, _criteria(filter), request)
        await answer_categories(info, page.rows)
        return build_connection(page, Petition.from_row, count)

    @strawberry.field(description="The petition taxonomy 诉求分类, major kinds first.")
    async def petition_categories(
        self,
        info: Info,
        include_retired: Annotated[
            bool, strawberry.argument(description="含已停用分类 Also list retired categories.")
        ] = False,
        kind: Annotated[
            CategoryKind | None,
            strawberry.argument(description="诉求大类 Only this major kind and its subcategories."),
        ] = None,
    ) -> list[PetitionCategory]:
        found = await categories.list_categories(
            info.context,
            include_retired=include_retired,
            kind=rows.CategoryKind[kind.name] if kind else None,
        )
        return [PetitionCategory.from_row(row) for row in found]
