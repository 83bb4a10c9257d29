"""Stations and their devices for `node(id:)`."""

from __future__ import annotations

from resolvers.stations.reads import resolve_device_by_id, resolve_station_by_id
from schema.info import Info
from schema.relay import Node
from schema.stations.types import DEVICE as STATION_DEVICE
from schema.stations.types import TYPE_NAME as STATION
from schema.stations.types import Station, StationDevice

__all__ = ["STATION", "STATION_DEVICE", "resolve_station_node"]


async def resolve_station_node(info: Info, type_name: str, key: int) -> Node | None:
    if type_name == STATION:
        station = await resolve_station_by_id(info.context, key)
        return Station.from_row(station) if station else None
    device = await resolve_device_by_id(info.context, key)
    return StationDevice.from_row(device) if device else None
