"""Resource wall queries: resources, needs and exchanges by ID and as lists, and the map."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from db.resources import models as rows
from db.resources.queries import NeedFilter, ResourceFilter
from resolvers.pagination import page_request
from resolvers.resources.map import resolve_wall_map
from resolvers.resources.reads import (
    WallCriteria,
    resolve_exchange_by_id,
    resolve_exchanges,
    resolve_need_by_id,
    resolve_needs,
    resolve_resource_by_id,
    resolve_resources,
)
from resolvers.validation import clean_search
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import Connection, build_connection, expect_global_id, page_argument, to_global_id
from schema.resources.enums import ExchangeStatus, NeedStatus, ResourceCategory, ResourceStatus
from schema.resources.named import answer_named
from schema.resources.types import (
    EXCHANGE,
    NEED,
    RESOURCE,
    CoBuildingExchange,
    CoBuildingNeed,
    CoBuildingResource,
)
from schema.units.types import TYPE_NAME as UNIT

ID_ARGUMENT = strawberry.argument(description="标识 Its ID.")
UNDER = "Only those of this organisation's subtree 组织范围."


@strawberry.input(description="Which resources to list 资源筛选.")
class ResourceListFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None,
        description="组织范围 Only resources of units serving a community of this subtree.",
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this unit's 共建单位."
    )
    categories: list[ResourceCategory] | None = strawberry.field(
        default=None, description="Only these categories 类别."
    )
    statuses: list[ResourceStatus] | None = strawberry.field(
        default=None, description="Only these statuses 状态."
    )
    search: str | None = strawberry.field(
        default=None, description="Only those whose title or description contains this 关键词."
    )


@strawberry.input(description="Which needs to list 需求筛选.")
class NeedListFilter:
    under: strawberry.ID | None = strawberry.field(default=None, description=UNDER)
    categories: list[ResourceCategory] | None = strawberry.field(
        default=None, description="Only these categories 类别."
    )
    statuses: list[NeedStatus] | None = strawberry.field(
        default=None, description="Only these statuses 状态."
    )
    search: str | None = strawberry.field(
        default=None, description="Only those whose title or description contains this 关键词."
    )


def _under(under: strawberry.ID | None) -> int | None:
    return expect_global_id(under, ORGANIZATION, field="under") if under else None


@strawberry.type
class ResourceWallQueries:
    @strawberry.field(description="One resource 共建资源 by ID; null if not in your scope.")
    async def co_building_resource(
        self, info: Info, id: Annotated[strawberry.ID, ID_ARGUMENT]
    ) -> CoBuildingResource | None:
        found = await resolve_resource_by_id(
            info.context, expect_global_id(id, RESOURCE, field="id")
        )
        return CoBuildingResource.from_row(found) if found else None

    @strawberry.field(
        description="Resources 资源库 of the units serving your communities (and your unit's "
        "own), in publication order."
    )
    async def co_building_resources(
        self,
        info: Info,
        filter: Annotated[
            ResourceListFilter | None, strawberry.argument(description="Narrow the list 筛选.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[CoBuildingResource]:
        request = page_request(first=first, after=after, last=last, before=before)
        where = filter or ResourceListFilter()
        criteria = WallCriteria(
            under=_under(where.under),
            under_global_id=where.under,
            resources=ResourceFilter(
                categories=[rows.ResourceCategory[c.name] for c in where.categories or ()],
                statuses=[rows.ResourceStatus[s.name] for s in where.statuses or ()],
                unit_id=expect_global_id(where.unit_id, UNIT, field="unitId")
                if where.unit_id
                else None,
                search=clean_search(where.search, field="search"),
            ),
        )
        page, count = await resolve_resources(info.context, criteria, request)
        await answer_named(info, unit_ids=[row.unit_id for row in page.rows])
        return build_connection(page, CoBuildingResource.from_row, count)

    @strawberry.field(description="One need 社区需求 by ID; null if not in your scope.")
    async def co_building_need(
        self, info: Info, id: Annotated[strawberry.ID, ID_ARGUMENT]
    ) -> CoBuildingNeed | None:
        found = await resolve_need_by_id(info.context, expect_global_id(id, NEED, field="id"))
        return CoBuildingNeed.from_row(found) if found else None

    @strawberry.field(description="Needs 需求库 posted in your scope, in posting order.")
    async def co_building_needs(
        self,
        info: Info,
        filter: Annotated[
            NeedListFilter | None, strawberry.argument(description="Narrow the list 筛选.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[CoBuildingNeed]:
        request = page_request(first=first, after=after, last=last, before=before)
        where = filter or NeedListFilter()
        criteria = WallCriteria(
            under=_under(where.under),
            under_global_id=where.under,
            needs=NeedFilter(
                categories=[rows.ResourceCategory[c.name] for c in where.categories or ()],
                statuses=[rows.NeedStatus[s.name] for s in where.statuses or ()],
                search=clean_search(where.search, field="search"),
            ),
        )
        page, count = await resolve_needs(info.context, criteria, request)
        await answer_named(info, organization_ids=[row.organization_id for row in page.rows])
        return build_connection(page, CoBuildingNeed.from_row, count)

    @strawberry.field(description="One exchange 对接 by ID; null if not in your scope.")
    async def co_building_exchange(
        self, info: Info, id: Annotated[strawberry.ID, ID_ARGUMENT]
    ) -> CoBuildingExchange | None:
        found = await resolve_exchange_by_id(
            info.context, expect_global_id(id, EXCHANGE, field="id")
        )
        return CoBuildingExchange.from_row(found) if found else None

    @strawberry.field(
        description="Exchanges 对接 of your communities (and your unit's own), oldest first."
    )
    async def co_building_exchanges(
        self,
        info: Info,
        under: Annotated[strawberry.ID | None, strawberry.argument(description=UNDER)] = None,
        statuses: Annotated[
            list[ExchangeStatus] | None, strawberry.argument(description="Only these 状态.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[CoBuildingExchange]:
        request = page_request(first=first, after=after, last=last, before=before)
        criteria = WallCriteria(
            under=_under(under),
            under_global_id=under,
            exchange_statuses=[rows.ExchangeStatus[s.name] for s in statuses or ()],
        )
        page, count = await resolve_exchanges(info.context, criteria, request)
        listed = page.rows
        await answer_named(
            info, [row.unit_id for row in listed], [row.organization_id for row in listed]
        )
        return build_connection(page, CoBuildingExchange.from_row, count)

    @strawberry.field(
        description="The resource wall on the map 一张图: a GeoJSON FeatureCollection (RFC 7946, "
        "Point [longitude, latitude], WGS-84) of the open and claimed needs and the open "
        "resources you may see; properties: id, kind (NEED or RESOURCE), name, category, "
        "status, people or quantity. At most 2000 of each."
    )
    async def co_building_map(
        self,
        info: Info,
        under: Annotated[strawberry.ID | None, strawberry.argument(description=UNDER)] = None,
    ) -> JSON:
        found = await resolve_wall_map(
            info.context,
            _under(under),
            under,
            lambda key: str(to_global_id(NEED, key)),
            lambda key: str(to_global_id(RESOURCE, key)),
        )
        return JSON(found)
