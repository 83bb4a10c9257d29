"""Stations: scoped reads of the registry, devices, live rows and the map layer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from db.organizations.models import OrganizationRow
from db.paths import within_any
from db.stations.models import (
    DeviceRow,
    StationLiveRow,
    StationRow,
    StationStatus,
)
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.organizations.reads import resolve_organization_by_id, resolve_scope_under
from resolvers.pagination import Page, PageRequest, paginate
from resolvers.stations.loaders import station_loaders
from resolvers.validation import check_coordinates, clean_search

MAX_MAP_FEATURES = 5000


def _visible(context: Context, row: StationRow | None) -> StationRow | None:
    if row is not None and context.viewer.can(Permission.READ_STATIONS, row.org_path):
        return row
    return None


async def resolve_station_by_id(context: Context, station_id: int) -> StationRow | None:
    """The station if it exists and the viewer may read stations there; None otherwise."""
    return _visible(context, await station_loaders(context).station.load(station_id))


async def resolve_device_by_id(context: Context, device_id: int) -> DeviceRow | None:
    device = await station_loaders(context).device.load(device_id)
    if device is None or await resolve_station_by_id(context, device.station_id) is None:
        return None
    return device


async def resolve_live(context: Context, row: StationRow) -> StationLiveRow:
    live = await station_loaders(context).live.load(row.id)
    assert live is not None, "every station has its live row"
    return live


async def resolve_devices(context: Context, row: StationRow) -> list[DeviceRow]:
    return await station_loaders(context).devices.load(row.id)


async def resolve_station_organization(context: Context, row: StationRow) -> OrganizationRow | None:
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


async def _station_query(context: Context, criteria: StationCriteria) -> Select[Any]:
    roots = await resolve_scope_under(
        context, Permission.READ_STATIONS, criteria.under, global_id=criteria.under_global_id
    )
    query = select(StationRow).where(within_any(StationRow.org_path, roots))
    if criteria.statuses:
        query = query.join(StationLiveRow, StationLiveRow.station_id == StationRow.id).where(
            StationLiveRow.status.in_(criteria.statuses)
        )
    name_contains = clean_search(criteria.name_contains, field="nameContains")
    if name_contains:
        query = query.where(StationRow.name.contains(name_contains, autoescape=True))
    if criteria.within is not None:
        box = criteria.within
        box.check()
        query = query.where(
            StationRow.longitude.between(box.west, box.east),
            StationRow.latitude.between(box.south, box.north),
        )
    return query


async def resolve_stations(
    context: Context, criteria: StationCriteria, request: PageRequest
) -> tuple[Page[StationRow], Callable[[], Awaitable[int]]]:
    query = await _station_query(context, criteria)
    return await paginate(context.services.database, query, StationRow.id, request)


async def resolve_station_map(
    context: Context, criteria: StationCriteria, global_id: Callable[[int], str]
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946, WGS-84 [longitude, latitude]) of the stations."""
    query = (await _station_query(context, criteria)).add_columns(StationLiveRow)
    if not criteria.statuses:
        query = query.join(StationLiveRow, StationLiveRow.station_id == StationRow.id)
    query = query.order_by(StationRow.id).limit(MAX_MAP_FEATURES)
    async with context.services.database.session() as session:
        rows = (await session.execute(query)).all()
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
