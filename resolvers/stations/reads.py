"""Stations: scoped reads of the registry, devices, live rows and the map layer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from db.organizations.queries import OrganizationRecord
from db.pagination import Page, PageRequest, paginate
from db.stations.models import StationStatus
from db.stations.queries import (
    STATION_KEY,
    DeviceRecord,
    LiveRecord,
    StationFilter,
    StationRecord,
    station_list,
    station_map,
)
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.organizations.reads import resolve_organization_by_id, resolve_scope_under
from resolvers.validation import check_coordinates, clean_search

MAX_MAP_FEATURES = 5000


def _visible(context: Context, row: StationRecord | None) -> StationRecord | None:
    if row is not None and context.viewer.can(Permission.READ_STATIONS, row.org_path):
        return row
    return None


async def resolve_station_by_id(context: Context, station_id: int) -> StationRecord | None:
    """The station if it exists and the viewer may read stations there; None otherwise."""
    return _visible(context, await context.loaders.stations.by_id.load(station_id))


async def resolve_device_by_id(context: Context, device_id: int) -> DeviceRecord | None:
    device = await context.loaders.stations.device.load(device_id)
    if device is None or await resolve_station_by_id(context, device.station_id) is None:
        return None
    return device


async def resolve_live(context: Context, row: StationRecord) -> LiveRecord:
    live = await context.loaders.stations.live.load(row.id)
    assert live is not None, "every station has its live row"
    return live


async def resolve_devices(context: Context, row: StationRecord) -> list[DeviceRecord]:
    return await context.loaders.stations.devices.load(row.id)


async def resolve_station_organization(
    context: Context, row: StationRecord
) -> OrganizationRecord | None:
    return await resolve_organization_by_id(context, row.organization_id)


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """WGS-84 degrees; west > east crosses the antimeridian and is refused."""

    west: float
    south: float
    east: float
    north: float

    def check(self) -> None:
        check_coordinates(self.west, self.south)
        check_coordinates(self.east, self.north)
        if self.west > self.east or self.south > self.north:
            raise BadUserInput(
                "The box needs west <= east and south <= north (WGS-84 degrees).", field="within"
            )


@dataclass(frozen=True, slots=True)
class StationCriteria:
    under: int | None = None
    under_global_id: str | None = None
    statuses: Sequence[StationStatus] = ()
    name_contains: str | None = None
    within: BoundingBox | None = None


async def _roots_and_filter(
    context: Context, criteria: StationCriteria
) -> tuple[list[str], StationFilter]:
    roots = await resolve_scope_under(
        context, Permission.READ_STATIONS, criteria.under, global_id=criteria.under_global_id
    )
    box = criteria.within
    if box is not None:
        box.check()
    narrow = StationFilter(
        statuses=criteria.statuses,
        name_contains=clean_search(criteria.name_contains, field="nameContains"),
        within=(box.west, box.south, box.east, box.north) if box is not None else None,
    )
    return roots, narrow


async def resolve_stations(
    context: Context, criteria: StationCriteria, request: PageRequest
) -> tuple[Page[StationRecord], Callable[[], Awaitable[int]]]:
    roots, narrow = await _roots_and_filter(context, criteria)
    query = station_list(roots, narrow)
    return await paginate(context.loaders.reads.read, query, STATION_KEY, request, StationRecord)


async def resolve_station_map(
    context: Context, criteria: StationCriteria, global_id: Callable[[int], str]
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946, WGS-84 [longitude, latitude]) of the stations."""
    roots, narrow = await _roots_and_filter(context, criteria)
    async with context.services.database.read() as connection:
        rows = await station_map(connection, roots, narrow, MAX_MAP_FEATURES)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": global_id(station.id),
                "geometry": {"type": "Point", "coordinates": [station.longitude, station.latitude]},
                "properties": {
                    "id": global_id(station.id),
                    "name": station.name,
                    "status": live.status.name,
                    "occupancy": max(live.occupancy, 0),
                    "capacity": station.capacity,
                },
            }
            for station, live in rows
        ],
    }
