"""The station registry's writes: registering and changing stations, adding devices with
their tokens."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

from db.base import utcnow
from db.events.types import EventType
from db.stations.models import ALL_WEEKDAYS, DeviceKind, DeviceRow, ServiceType, StationRow
from db.stations.registry import change_station, insert_device, insert_station
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.stations.reads import resolve_station_by_id
from resolvers.stations.telemetry import hash_token
from resolvers.validation import check_coordinates, clean_text

TOKEN_PREFIX = "zhdj_dev_"


@dataclass(frozen=True, slots=True)
class StationDraft:
    organization_id: int
    organization_global_id: str
    name: str
    address: str
    longitude: float
    latitude: float
    capacity: int
    opens_at: time
    closes_at: time
    open_weekdays: int = ALL_WEEKDAYS
    services: Sequence[ServiceType] = field(default_factory=tuple)


def _check_draft(draft: StationDraft) -> dict[str, Any]:
    check_coordinates(draft.longitude, draft.latitude)
    if not 1 <= draft.capacity <= 100_000:
        raise BadUserInput("`capacity` must be between 1 and 100000 people.", field="capacity")
    if not 1 <= draft.open_weekdays <= ALL_WEEKDAYS:
        raise BadUserInput("Open on at least one weekday.", field="weekdays")
    return {
        "name": clean_text(draft.name, field="name", max_length=200),
        "address": clean_text(draft.address, field="address", max_length=200),
        "longitude": draft.longitude,
        "latitude": draft.latitude,
        "capacity": draft.capacity,
        "opens_at": draft.opens_at,
        "closes_at": draft.closes_at,
        "open_weekdays": draft.open_weekdays,
        "services": sorted({service.value for service in draft.services}),
    }


async def create_station(context: Context, draft: StationDraft) -> StationRow:
    values = _check_draft(draft)
    organization = await resolve_organization_by_id(context, draft.organization_id)
    if organization is None:
        raise not_found("organization", draft.organization_global_id, field="organizationId")
    account_id = context.require(
        Permission.MANAGE_STATIONS, organization.path, action="register stations"
    )
    async with change(context, account_id, conflict="The station changed meanwhile.") as changes:
        row = await insert_station(
            changes.session, organization.id, organization.path, values, utcnow()
        )
        changes.record(
            EventType.STATION_CREATED,
            row.id,
            at=row.org_path,
            changes={"name": row.name, "organizationId": organization.id},
        )
    return row


async def update_station(
    context: Context, station_id: int, global_id: str, edits: dict[str, Any]
) -> StationRow:
    """Change any of a station's details; `edits` holds StationDraft fields to replace."""
    current = await resolve_station_by_id(context, station_id)
    if current is None:
        raise not_found("station", global_id)
    if not edits:
        raise BadUserInput("Nothing to change: give at least one field to update.", field="id")
    account_id = context.require(
        Permission.MANAGE_STATIONS, current.org_path, action="change this station"
    )
    draft = StationDraft(
        organization_id=current.organization_id,
        organization_global_id="",
        name=current.name,
        address=current.address,
        longitude=current.longitude,
        latitude=current.latitude,
        capacity=current.capacity,
        opens_at=current.opens_at,
        closes_at=current.closes_at,
        open_weekdays=current.open_weekdays,
        services=[ServiceType(service) for service in current.services],
    )
    values = _check_draft(replace(draft, **edits))
    async with change(context, account_id, conflict="The station changed meanwhile.") as changes:
        row = await change_station(changes.session, station_id, values)
        changes.record(
            EventType.STATION_UPDATED, row.id, at=row.org_path, changes={"fields": sorted(edits)}
        )
    return row


async def add_device(
    context: Context, station_id: int, station_global_id: str, kind: DeviceKind, name: str
) -> tuple[DeviceRow, str]:
    """The new device and its token, which is shown this once and stored only as a hash."""
    label = clean_text(name, field="name", max_length=100)
    station = await resolve_station_by_id(context, station_id)
    if station is None:
        raise not_found("station", station_global_id, field="stationId")
    account_id = context.require(
        Permission.MANAGE_STATIONS, station.org_path, action="add devices to this station"
    )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with change(context, account_id, conflict="Retry adding the device.") as changes:
        device = await insert_device(changes.session, station.id, kind, label, hash_token(token))
        changes.record(
            EventType.STATION_DEVICE_ADDED,
            station.id,
            at=station.org_path,
            changes={"deviceId": device.id, "kind": kind.value},
        )
    return device, token
