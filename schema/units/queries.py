"""Co-building unit queries: one by ID, the list in scope, the viewer's own unit."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.units import models as rows
from resolvers.pagination import page_request
from resolvers.units.reads import UnitCriteria, resolve_unit_by_id, resolve_units
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import Connection, build_connection, expect_global_id, page_argument
from schema.units.types import TYPE_NAME, CoBuildingUnit, UnitSector, answer_unit_organizations


@strawberry.input(description="Which co-building units to list 共建单位筛选.")
class UnitFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None,
        description="组织范围 Only units registered in, or serving a community of, this subtree.",
    )
    sectors: list[UnitSector] | None = strawberry.field(
        default=None, description="Only these kinds of unit 单位类型."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Only names containing this text 名称包含."
    )


@strawberry.type
class UnitQueries:
    @strawberry.field(description="One co-building unit 共建单位 by ID; null if not in your scope.")
    async def co_building_unit(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> CoBuildingUnit | None:
        found = await resolve_unit_by_id(info.context, expect_global_id(id, TYPE_NAME, field="id"))
        return CoBuildingUnit.from_row(found) if found else None

    @strawberry.field(
        description="Co-building units 共建单位 in your scope (and your own unit), in "
        "registration order."
    )
    async def co_building_units(
        self,
        info: Info,
        filter: Annotated[
            UnitFilter | None, strawberry.argument(description="Narrow the list 筛选.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[CoBuildingUnit]:
        request = page_request(first=first, after=after, last=last, before=before)
        where = filter or UnitFilter()
        criteria = UnitCriteria(
            under=expect_global_id(where.under, ORGANIZATION, field="under")
            if where.under
            else None,
            under_global_id=where.under,
            sectors=[rows.UnitSector[sector.name] for sector in where.sectors or ()],
            name_contains=where.name_contains,
        )
        page, count = await resolve_units(info.context, criteria, request)
        await answer_unit_organizations(info, page.rows)
        return build_connection(page, CoBuildingUnit.from_row, count)

    @strawberry.field(
        description="The co-building unit your account acts for 本单位 (the `unit` role); null "
        "for other accounts."
    )
    async def my_co_building_unit(self, info: Info) -> CoBuildingUnit | None:
        info.context.require_account()
        unit_id = info.context.viewer.unit_id
        found = await resolve_unit_by_id(info.context, unit_id) if unit_id is not None else None
        return CoBuildingUnit.from_row(found) if found else None
