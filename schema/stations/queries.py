"""Station queries: one by ID, the filtered list, the map layer."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from db.stations import models as rows
from resolvers.pagination import page_request
from resolvers.stations.reads import (
    BoundingBox,
    StationCriteria,
    resolve_station_by_id,
    resolve_station_map,
    resolve_stations,
)
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import Connection, build_connection, expect_global_id, page_argument, to_global_id
from schema.stations.enums import StationStatus
from schema.stations.types import TYPE_NAME, WGS84, Station


@strawberry.input(description="地图范围 A WGS-84 bounding box (west <= east, south <= north).")
class BoundingBoxInput:
    west: float = strawberry.field(description="最小经度 Smallest longitude.")
    south: float = strawberry.field(description="最小纬度 Smallest latitude.")
    east: float = strawberry.field(description="最大经度 Largest longitude.")
    north: float = strawberry.field(description="最大纬度 Largest latitude.")


@strawberry.input(description="服务站筛选 Which stations to list.")
class StationFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None, description="组织范围 Only stations of this organisation's subtree."
    )
    statuses: list[StationStatus] | None = strawberry.field(
        default=None, description="状态 Only these live statuses."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="名称关键词 Only names containing this text."
    )
    within: BoundingBoxInput | None = strawberry.field(
        default=None, description="地图范围 Only stations inside this box (for map views)."
    )


def _criteria(where: StationFilter | None) -> StationCriteria:
    if where is None:
        return StationCriteria()
    box = where.within
    return StationCriteria(
        under=expect_global_id(where.under, ORGANIZATION, field="under") if where.under else None,
        under_global_id=where.under,
        statuses=[rows.StationStatus[status.name] for status in where.statuses or ()],
        name_contains=where.name_contains,
        within=BoundingBox(box.west, box.south, box.east, box.north) if box else None,
    )


def _station_id(key: int) -> str:
    return str(to_global_id(TYPE_NAME, key))


@strawberry.type
class StationQueries:
    @strawberry.field(description="服务站 One station by ID; null if not in your scope.")
    async def station(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Station | None:
        key = expect_global_id(id, TYPE_NAME, field="id")
        found = await resolve_station_by_id(info.context, key)
        return Station.from_row(found) if found else None

    @strawberry.field(description="服务站列表 Stations in your scope, in registration order.")
    async def stations(
        self,
        info: Info,
        filter: Annotated[
            StationFilter | None, strawberry.argument(description="筛选 Narrow the list.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Station]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_stations(info.context, _criteria(filter), request)
        return build_connection(page, Station.from_row, count)

    @strawberry.field(
        description="A GeoJSON FeatureCollection (RFC 7946; Point [longitude, latitude], "
        f"{WGS84}) of the stations, for map layers 一张图; properties: id, name, status, "
        "occupancy, capacity. At most 5000 features."
    )
    async def station_map(
        self,
        info: Info,
        filter: Annotated[
            StationFilter | None, strawberry.argument(description="服务站筛选 Which stations.")
        ] = None,
    ) -> JSON:
        found = await resolve_station_map(info.context, _criteria(filter), _station_id)
        return JSON(found)
