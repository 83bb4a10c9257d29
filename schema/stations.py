"""Service station 党群服务站 types, queries and registry mutations."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime, time
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from db import stations as rows
from resolvers import stations as resolvers
from resolvers.awareness import station_scope
from resolvers.context import Context
from resolvers.pagination import page_request
from schema.info import Info
from schema.organizations import TYPE_NAME as ORGANIZATION
from schema.organizations import Organization, page_argument
from schema.relay import Connection, Node, build_connection, expect_global_id, to_global_id
from schema.station_awareness import StationAwareness
from schema.station_enums import DeviceKind, ServiceType, StationStatus

TYPE_NAME = "Station"
DEVICE = "StationDevice"
WGS84 = "WGS-84 degrees (GPS datum, not GCJ-02)"


def weekdays_of(mask: int) -> list[int]:
    return [day + 1 for day in range(7) if mask & (1 << day)]


@strawberry.type(description="When a station is open, in China Standard Time (UTC+8).")
class OpeningHours:
    opens_at: time = strawberry.field(description="Opening time, local.")
    closes_at: time = strawberry.field(
        description="Closing time, local; earlier than `opensAt` means open past midnight, "
        "equal to it means open around the clock."
    )
    weekdays: list[int] = strawberry.field(description="Open weekdays, 1 = Monday … 7 = Sunday.")


@strawberry.type(description="A station's live state, derived from its devices' readings.")
class StationLive:
    status: StationStatus = strawberry.field(description="Derived status.")
    status_changed_at: datetime = strawberry.field(description="When the status last changed.")
    occupancy: int = strawberry.field(description="People inside now 在站人数.")
    utilisation: float = strawberry.field(description="Occupancy / capacity.")
    queue_length: int = strawberry.field(description="People waiting now.")
    staff_on_duty: int = strawberry.field(description="Staff on duty now.")
    last_heartbeat_at: datetime | None = strawberry.field(
        description="When any of its devices was last heard from (server time); null if never."
    )


@strawberry.type(description="A device feeding a station's live status, with its own token.")
class StationDevice(Node):
    row: strawberry.Private[rows.DeviceRow]
    kind: DeviceKind = strawberry.field(description="What the device is.")
    name: str = strawberry.field(description="A label, e.g. 正门客流计数器.")
    last_seq: int | None = strawberry.field(description="Highest sequence number received.")
    last_seen_at: datetime | None = strawberry.field(description="When last heard from.")
    reports_online: bool = strawberry.field(
        description="What the device last said of itself (cameras: stream up)."
    )

    @classmethod
    def from_row(cls, row: rows.DeviceRow) -> StationDevice:
        return cls(
            row=row,
            id=to_global_id(DEVICE, row.id),
            kind=DeviceKind(row.kind.value),
            name=row.name,
            last_seq=row.last_seq,
            last_seen_at=row.last_seen_at,
            reports_online=row.reports_online,
        )


async def _live(context: Context, row: rows.StationRow) -> StationLive:
    live = await resolvers.resolve_live(context, row)
    occupancy = max(live.occupancy, 0)
    return StationLive(
        status=StationStatus(live.status.value),
        status_changed_at=live.status_changed_at,
        occupancy=occupancy,
        utilisation=round(occupancy / row.capacity, 4) if row.capacity else 0.0,
        queue_length=live.queue_length,
        staff_on_duty=live.staff_on_duty,
        last_heartbeat_at=live.last_heartbeat_at,
    )


@strawberry.type(description="A party-mass service station 党群服务站 of an organisation.")
class Station(Node):
    row: strawberry.Private[rows.StationRow]
    name: str = strawberry.field(description="Name, e.g. 锦绣社区党群服务站.")
    address: str = strawberry.field(description="Street address.")
    longitude: float = strawberry.field(description=f"Longitude 经度, {WGS84}.")
    latitude: float = strawberry.field(description=f"Latitude 纬度, {WGS84}.")
    capacity: int = strawberry.field(description="How many people it holds at once.")
    opening_hours: OpeningHours = strawberry.field(description="Regular opening hours.")
    services: list[ServiceType] = strawberry.field(description="Services offered.")
    created_at: datetime = strawberry.field(description="When it was registered.")

    @classmethod
    def from_row(cls, row: rows.StationRow) -> Station:
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            address=row.address,
            longitude=row.longitude,
            latitude=row.latitude,
            capacity=row.capacity,
            opening_hours=OpeningHours(
                opens_at=row.opens_at,
                closes_at=row.closes_at,
                weekdays=weekdays_of(row.open_weekdays),
            ),
            services=[ServiceType(service) for service in row.services],
            created_at=row.created_at,
        )

    @strawberry.field(description="The organisation it belongs to; null outside your scope.")
    async def organization(self, info: Info) -> Organization | None:
        found = await resolvers.resolve_station_organization(info.context, self.row)
        return Organization.from_row(found) if found else None

    @strawberry.field(description="Live status and figures.", graphql_type=StationLive)
    def live(self, info: Info) -> Awaitable[StationLive]:
        # Not `async def`: graphql-core awaits what a plain resolver returns, without the
        # coroutine Strawberry wraps around every async resolver (once per listed station).
        return _live(info.context, self.row)

    @strawberry.field(description="Its devices, oldest first.")
    async def devices(self, info: Info) -> list[StationDevice]:
        found = await resolvers.resolve_devices(info.context, self.row)
        return [StationDevice.from_row(device) for device in found]

    @strawberry.field(description="This station's situational-awareness figures.")
    def awareness(self) -> StationAwareness:
        return StationAwareness(scope=station_scope(self.row))


@strawberry.input(description="A WGS-84 bounding box (west <= east, south <= north).")
class BoundingBoxInput:
    west: float = strawberry.field(description="Smallest longitude.")
    south: float = strawberry.field(description="Smallest latitude.")
    east: float = strawberry.field(description="Largest longitude.")
    north: float = strawberry.field(description="Largest latitude.")


@strawberry.input(description="Which stations to list.")
class StationFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None, description="Only stations of this organisation's subtree."
    )
    statuses: list[StationStatus] | None = strawberry.field(
        default=None, description="Only these live statuses."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Only names containing this text."
    )
    within: BoundingBoxInput | None = strawberry.field(
        default=None, description="Only stations inside this box (for map views)."
    )


def _criteria(where: StationFilter | None) -> resolvers.StationFilter:
    if where is None:
        return resolvers.StationFilter()
    box = where.within
    return resolvers.StationFilter(
        under=expect_global_id(where.under, ORGANIZATION, field="under") if where.under else None,
        under_global_id=where.under,
        statuses=[rows.StationStatus[status.name] for status in where.statuses or ()],
        name_contains=where.name_contains,
        within=resolvers.BoundingBox(box.west, box.south, box.east, box.north) if box else None,
    )


def _station_id(key: int) -> str:
    return str(to_global_id(TYPE_NAME, key))


@strawberry.type
class StationQueries:
    @strawberry.field(description="One station by ID; null if not in your scope.")
    async def station(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its ID.")]
    ) -> Station | None:
        key = expect_global_id(id, TYPE_NAME, field="id")
        found = await resolvers.resolve_station_by_id(info.context, key)
        return Station.from_row(found) if found else None

    @strawberry.field(description="Stations in your scope, in registration order.")
    async def stations(
        self,
        info: Info,
        filter: Annotated[
            StationFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Station]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolvers.resolve_stations(info.context, _criteria(filter), request)
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
            StationFilter | None, strawberry.argument(description="Which stations.")
        ] = None,
    ) -> JSON:
        found = await resolvers.resolve_station_map(info.context, _criteria(filter), _station_id)
        return JSON(found)
