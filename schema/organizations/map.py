"""The organisations' map layer 一张图: points with their level, or their outlines."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from db.organizations import models as rows
from resolvers.organizations.map import resolve_organization_map
from schema.info import Info
from schema.organizations.enums import GovernanceLevel
from schema.organizations.types import TYPE_NAME
from schema.relay import expect_global_id, to_global_id


@strawberry.type
class OrganizationMapQueries:
    @strawberry.field(
        description="Organisations on the map 一张图: a GeoJSON FeatureCollection (RFC 7946, "
        "WGS-84 [longitude, latitude]) of the organisations in your scope, each a Point, or "
        "with `outlines` its Polygon outline 辖区边界 where one is kept (the demo city's "
        "districts and streets); properties: id, name, level, kind, parentId, outlined. At "
        "most 5000."
    )
    async def organization_map(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this organisation's subtree 组织范围."),
        ] = None,
        levels: Annotated[
            list[GovernanceLevel] | None,
            strawberry.argument(description="Only these levels 层级 (e.g. DISTRICT, STREET)."),
        ] = None,
        outlines: Annotated[
            bool, strawberry.argument(description="Outlines instead of points where kept 边界.")
        ] = False,
    ) -> JSON:
        found = await resolve_organization_map(
            info.context,
            expect_global_id(under, TYPE_NAME, field="under") if under else None,
            under,
            [rows.GovernanceLevel[level.name] for level in levels or ()],
            outlines,
            lambda key: str(to_global_id(TYPE_NAME, key)),
        )
        return JSON(found)
