"""Service station 党群服务站 types: the registry, devices and live state."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime, time

import strawberry

from db.records import record_of
from db.stations import models as rows
from db.stations.queries import DeviceRecord, StationRecord
from resolvers.context import Context
from resolvers.stations.awareness import station_scope
from resolvers.stations.reads import resolve_devices, resolve_live, resolve_station_organization
from schema.info import Info
from schema.organizations.types import Organization
from schema.plain_fields import direct
from schema.relay import Node, to_global_id
from schema.stations.awareness import StationAwareness
from schema.stations.enums import DeviceKind, ServiceType, StationStatus

TYPE_NAME = "Station"


DEVICE = "StationDevice"


WGS84 = "WGS-84 degrees (GPS datum, not GCJ-02)"


def weekdays_of(mask: int) -> list[int]:
    return [day + 1 for day in range(7) if mask & (1 << day)]


@strawberry.type(description="开放时间 When a station is open, in China Standard Time (UTC+8).")
class OpeningHours:
    opens_at: time = strawberry.field(description="开放时间 Opening time, local.")
    closes_at: time = strawberry.field(
        description="关闭时间 Closing time, local; earlier than `opensAt` means open past "
        "midnight, equal to it means open around the clock."
    )
    weekdays: list[int] = strawberry.field(
        description="开放日 Open weekdays, 1 = Monday … 7 = Sunday."
    )


@strawberry.type(description="实时状态 A station's live state, derived from its devices' readings.")
class StationLive:
    status: StationStatus = strawberry.field(description="状态 Derived status.")
    status_changed_at: datetime = strawberry.field(
        description="状态变更时间 When the status last changed."
    )
    occupancy: int = strawberry.field(description="People inside now 在站人数.")
    utilisation: float = strawberry.field(description="容量利用率 Occupancy / capacity.")
    queue_length: int = strawberry.field(description="排队人数 People waiting now.")
    staff_on_duty: int = strawberry.field(description="在岗人数 Staff on duty now.")
    last_heartbeat_at: datetime | None = strawberry.field(
        description="最近心跳 When any of its devices was last heard from (server time); null if "
        "never."
    )


@strawberry.type(
    description="服务站终端 A device feeding a station's live status, with its own token."
)
class StationDevice(Node):
    row: strawberry.Private[DeviceRecord]
    kind: DeviceKind = strawberry.field(description="终端类型 What the device is.")
    name: str = strawberry.field(description="A label, e.g. 正门客流计数器.")
    last_seq: int | None = strawberry.field(
        description="最大序号 Highest sequence number received."
    )
    last_seen_at: datetime | None = strawberry.field(
        description="最近上报时间 When last heard from."
    )
    reports_online: bool = strawberry.field(
        description="是否在线 What the device last said of itself (cameras: stream up)."
    )

    @classmethod
    def from_row(cls, row: DeviceRecord | rows.DeviceRow) -> StationDevice:
        if isinstance(row, rows.DeviceRow):  # as a write path has just written it
            row = record_of(DeviceRecord, row)
        return cls(
            row=row,
            id=to_global_id(DEVICE, row.id),
            kind=DeviceKind(row.kind.value),
            name=row.name,
            last_seq=row.last_seq,
            last_seen_at=row.last_seen_at,
            reports_online=row.reports_online,
        )


async def _live(context: Context, row: StationRecord) -> StationLive:
    live = await resolve_live(context, row)
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
    row: strawberry.Private[StationRecord]
    name: str = strawberry.field(description="Name, e.g. 锦绣社区党群服务站.")
    address: str = strawberry.field(description="地址 Street address.")
    longitude: float = strawberry.field(description=f"Longitude 经度, {WGS84}.")
    latitude: float = strawberry.field(description=f"Latitude 纬度, {WGS84}.")
    capacity: int = strawberry.field(description="容量 How many people it holds at once.")
    opening_hours: OpeningHours = strawberry.field(description="开放时间 Regular opening hours.")
    services: list[ServiceType] = strawberry.field(description="服务项目 Services offered.")
    created_at: datetime = strawberry.field(description="登记时间 When it was registered.")

    @classmethod
    def from_row(cls, row: StationRecord | rows.StationRow) -> Station:
        if isinstance(row, rows.StationRow):  # as a write path has just written it
            row = record_of(StationRecord, row)
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

    @strawberry.field(
        description="所属组织 The organisation it belongs to; null outside your scope."
    )
    async def organization(self, info: Info) -> Organization | None:
        found = await resolve_station_organization(info.context, self.row)
        return Organization.from_row(found) if found else None

    @strawberry.field(description="实时状态 Live status and figures.", graphql_type=StationLive)
    @direct  # once per listed station
    def live(self, info: Info) -> Awaitable[StationLive]:
        return _live(info.context, self.row)

    @strawberry.field(description="终端列表 Its devices, oldest first.")
    async def devices(self, info: Info) -> list[StationDevice]:
        found = await resolve_devices(info.context, self.row)
        return [StationDevice.from_row(device) for device in found]

    @strawberry.field(description="态势感知 This station's situational-awareness figures.")
    def awareness(self) -> StationAwareness:
        return StationAwareness(scope=station_scope(self.row))
