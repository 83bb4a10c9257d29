"""Station registry mutations: registering stations and adding their devices."""

from __future__ import annotations

from datetime import time
from typing import Annotated

import strawberry

from db.stations import models as rows
from resolvers.stations.registry import StationDraft, add_device, create_station, update_station
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id
from schema.stations.enums import DeviceKind, ServiceType
from schema.stations.types import TYPE_NAME, WGS84, Station, StationDevice


@strawberry.input(description="新建服务站 A new station of an organisation.")
class CreateStationInput:
    organization_id: strawberry.ID = strawberry.field(
        description="所属组织 The organisation it serves."
    )
    name: str = strawberry.field(description="名称 Name (at most 200 characters).")
    address: str = strawberry.field(description="地址 Street address.")
    longitude: float = strawberry.field(description=f"经度 Longitude, {WGS84}.")
    latitude: float = strawberry.field(description=f"纬度 Latitude, {WGS84}.")
    capacity: int = strawberry.field(description="容量 People it holds at once (1-100000).")
    opens_at: time = strawberry.field(description="开放时间 Opening time, China Standard Time.")
    closes_at: time = strawberry.field(description="关闭时间 Closing time, China Standard Time.")
    weekdays: list[int] | None = strawberry.field(
        default=None,
        description="开放日 Open weekdays, 1 = Monday … 7 = Sunday; default every day.",
    )
    services: list[ServiceType] = strawberry.field(
        default_factory=list, description="服务项目 Services offered."
    )


@strawberry.input(
    description="修改服务站信息 Changes to a station; omitted fields stay as they are."
)
class UpdateStationInput:
    id: strawberry.ID = strawberry.field(description="服务站 The station to change.")
    name: str | None = strawberry.field(default=None, description="名称 New name.")
    address: str | None = strawberry.field(default=None, description="地址 New street address.")
    longitude: float | None = strawberry.field(
        default=None, description=f"经度 Longitude, {WGS84}."
    )
    latitude: float | None = strawberry.field(default=None, description=f"纬度 Latitude, {WGS84}.")
    capacity: int | None = strawberry.field(
        default=None, description="容量 People it holds at once."
    )
    opens_at: time | None = strawberry.field(
        default=None, description="开放时间 Opening time (CST)."
    )
    closes_at: time | None = strawberry.field(
        default=None, description="关闭时间 Closing time (CST)."
    )
    weekdays: list[int] | None = strawberry.field(
        default=None, description="开放日 Open weekdays, 1 = Monday … 7 = Sunday."
    )
    services: list[ServiceType] | None = strawberry.field(
        default=None, description="服务项目 Services offered (replaces the list)."
    )


def _station_edits(data: UpdateStationInput) -> dict[str, object]:
    given = {
        "name": data.name,
        "address": data.address,
        "longitude": data.longitude,
        "latitude": data.latitude,
        "capacity": data.capacity,
        "opens_at": data.opens_at,
        "closes_at": data.closes_at,
        "open_weekdays": _weekday_mask(data.weekdays) if data.weekdays is not None else None,
        "services": [rows.ServiceType[service.name] for service in data.services]
        if data.services is not None
        else None,
    }
    return {key: value for key, value in given.items() if value is not None}


@strawberry.input(description="新增终端 A new device of a station.")
class AddStationDeviceInput:
    station_id: strawberry.ID = strawberry.field(description="服务站 The station.")
    kind: DeviceKind = strawberry.field(description="终端类型 What the device is.")
    name: str = strawberry.field(description="终端名称 A label (at most 100 characters).")


@strawberry.type(description="服务站操作结果 The result of a station mutation.")
class StationPayload:
    station: Station = strawberry.field(description="当前服务站 The station as it is now.")


@strawberry.type(description="新增终端结果 A new device and its token.")
class AddStationDevicePayload:
    device: StationDevice = strawberry.field(description="终端 The device.")
    token: str = strawberry.field(
        description="终端令牌 The device token, shown this once (only its hash is stored): "
        "configure it on the device, which sends it as `deviceToken` with every reading."
    )


def _weekday_mask(days: list[int] | None) -> int:
    if days is None:
        return rows.ALL_WEEKDAYS
    return sum(1 << (day - 1) for day in set(days) if 1 <= day <= 7)


@strawberry.type
class StationMutations:
    @strawberry.mutation(
        description="新建服务站 Register a station (station staff or administrators)."
    )
    async def create_station(
        self, info: Info, input: Annotated[CreateStationInput, INPUT]
    ) -> StationPayload:
        draft = StationDraft(
            organization_id=expect_global_id(
                input.organization_id, ORGANIZATION, field="organizationId"
            ),
            organization_global_id=input.organization_id,
            name=input.name,
            address=input.address,
            longitude=input.longitude,
            latitude=input.latitude,
            capacity=input.capacity,
            opens_at=input.opens_at,
            closes_at=input.closes_at,
            open_weekdays=_weekday_mask(input.weekdays),
            services=[rows.ServiceType[service.name] for service in input.services],
        )
        row = await create_station(info.context, draft)
        return StationPayload(station=Station.from_row(row))

    @strawberry.mutation(
        description="修改服务站信息 Change a station's details (station staff, administrators)."
    )
    async def update_station(
        self, info: Info, input: Annotated[UpdateStationInput, INPUT]
    ) -> StationPayload:
        row = await update_station(
            info.context,
            expect_global_id(input.id, TYPE_NAME, field="id"),
            input.id,
            _station_edits(input),
        )
        return StationPayload(station=Station.from_row(row))

    @strawberry.mutation(description="新增终端 Add a device to a station; returns its token once.")
    async def add_station_device(
        self, info: Info, input: Annotated[AddStationDeviceInput, INPUT]
    ) -> AddStationDevicePayload:
        device, token = await add_device(
            info.context,
            expect_global_id(input.station_id, TYPE_NAME, field="stationId"),
            input.station_id,
            rows.DeviceKind[input.kind.name],
            input.name,
        )
        return AddStationDevicePayload(device=StationDevice.from_row(device), token=token)
