"""Payloads of service-station events 服务站事件."""

from __future__ import annotations

import strawberry

from db.events.types import EventType
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.stations.enums import DeviceKind, StationStatus
from schema.stations.types import DEVICE
from schema.stations.types import TYPE_NAME as STATION


@event_payload(
    EventType.STATION_CREATED,
    subject=STATION,
    description="服务站登记 A service station was registered.",
)
class StationCreatedEventPayload(EventPayload):
    name: str | None = change("name", "名称 Its name.")
    host_organization_id: strawberry.ID | None = change(
        "organizationId", "所属组织 The organisation it belongs to.", node=ORGANIZATION
    )


@event_payload(
    EventType.STATION_UPDATED,
    subject=STATION,
    description="服务站信息变更 A station's details changed: which fields.",
)
class StationUpdatedEventPayload(EventPayload):
    fields: list[str] | None = change("fields", "变更字段 The names of the fields that changed.")


@event_payload(
    EventType.STATION_DEVICE_ADDED,
    subject=STATION,
    description="设备接入 A device was added to a station.",
)
class StationDeviceAddedEventPayload(EventPayload):
    device_id: strawberry.ID | None = change("deviceId", "设备 The device.", node=DEVICE)
    kind: DeviceKind | None = change("kind", "设备类型 Its kind.")


@event_payload(
    EventType.STATION_STATUS_CHANGED,
    subject=STATION,
    description="服务站状态 A station's derived live status changed.",
)
class StationStatusEventPayload(EventPayload):
    from_status: StationStatus | None = change("from", "原状态 The status before.")
    to_status: StationStatus | None = change("to", "新状态 The status now.")
