"""Reads of the station registry: stations, their live rows and devices, lists and the map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, String, bindparam, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.compiled_reads import CompiledRead, compile_read, dialect_of
from db.list_shapes import (
    LIKE_ESCAPE,
    ListQuery,
    Shape,
    escaped_contains,
    one_of,
    scope_values,
    within_scope,
)
from db.records import ByKeys, record_columns, row_record
from db.stations.models import DeviceKind, DeviceRow, StationLiveRow, StationRow, StationStatus


@row_record
class StationRecord:
    id: int
    organization_id: int
    org_path: str
    name: str
    address: str
    longitude: float
    latitude: float
    capacity: int
    opens_at: time
    closes_at: time
    open_weekdays: int
    services: list[str]
    created_at: datetime
    updated_at: datetime


@row_record
class LiveRecord:
    """A station's current figures (occupancy may dip below 0 while readings are late)."""

    station_id: int
    status: StationStatus
    status_changed_at: datetime
    last_heartbeat_at: datetime | None
    occupancy: int
    queue_length: int
    staff_on_duty: int


@row_record
class DeviceRecord:
    """A device as read; its token's hash stays in the database."""

    id: int
    station_id: int
    kind: DeviceKind
    name: str
    last_seq: int | None
    last_seen_at: datetime | None
    reports_online: bool
    created_at: datetime


COLUMNS = record_columns(StationRecord, StationRow)
LIVE_COLUMNS = record_columns(LiveRecord, StationLiveRow)
DEVICE_COLUMNS = record_columns(DeviceRecord, DeviceRow)
_STATIONS = core_table(StationRow).c
_LIVE = core_table(StationLiveRow).c
_DEVICES = core_table(DeviceRow).c
STATION_KEY = _STATIONS.id
_ALL = select(*COLUMNS)
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _STATIONS.id)
_LIVE_OF = ByKeys(lambda keys: select(*LIVE_COLUMNS).where(keys), _LIVE.station_id)
_DEVICES_OF = ByKeys(
    lambda keys: select(*DEVICE_COLUMNS).where(keys).order_by(_DEVICES.id), _DEVICES.station_id
)
_DEVICE_BY_ID = ByKeys(lambda keys: select(*DEVICE_COLUMNS).where(keys), _DEVICES.id)


async def stations_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, StationRecord]:
    return {row[0]: StationRecord(*row) for row in await _BY_ID.rows(connection, ids)}


async def live_by_station_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, LiveRecord]:
    return {row[0]: LiveRecord(*row) for row in await _LIVE_OF.rows(connection, ids)}


async def devices_by_station_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, list[DeviceRecord]]:
    found: dict[int, list[DeviceRecord]] = {station_id: [] for station_id in ids}
    for row in await _DEVICES_OF.rows(connection, ids):
        device = DeviceRecord(*row)
        found[device.station_id].append(device)
    return found


async def devices_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, DeviceRecord]:
    return {row[0]: DeviceRecord(*row) for row in await _DEVICE_BY_ID.rows(connection, ids)}


@dataclass(frozen=True, slots=True)
class StationFilter:
    """What narrows a station list; `within` is (west, south, east, north) in WGS-84."""

    statuses: Sequence[StationStatus] = ()
    name_contains: str | None = None
    within: tuple[float, float, float, float] | None = None


def station_list(roots: Sequence[str], narrow: StationFilter) -> ListQuery:
    """Stations of the subtrees at `roots`, narrowed; page it by STATION_KEY."""
    scope, values = scope_values(roots)
    if narrow.statuses:
        values["statuses"] = [status.value for status in narrow.statuses]
    if narrow.name_contains:
        values["name"] = escaped_contains(narrow.name_contains)
    if narrow.within is not None:
        values.update(zip(("west", "south", "east", "north"), narrow.within, strict=True))
    shape = (scope, bool(narrow.statuses), bool(narrow.name_contains), narrow.within is not None)
    return ListQuery(_listed, shape, values)


def _listed(dialect: str, shape: Shape) -> Select[Any]:
    scope, statuses, named, within = shape
    query = _ALL.where(within_scope(_STATIONS.org_path, scope))
    if statuses:
        query = query.join(core_table(StationLiveRow), _LIVE.station_id == _STATIONS.id).where(
            one_of(dialect, _LIVE.status, "statuses", String())
        )
    if named:
        query = query.where(_STATIONS.name.like(bindparam("name"), escape=LIKE_ESCAPE))
    if within:
        query = query.where(
            _STATIONS.longitude.between(bindparam("west"), bindparam("east")),
            _STATIONS.latitude.between(bindparam("south"), bindparam("north")),
        )
    return query


@lru_cache(maxsize=64)
def _map_read(dialect: Dialect, shape: Shape) -> CompiledRead:
    query = _listed(dialect.name, shape).add_columns(*LIVE_COLUMNS)
    if not shape[1]:  # no statuses asked for: the live rows are not joined yet
        query = query.join(core_table(StationLiveRow), _LIVE.station_id == _STATIONS.id)
    limit = bindparam("limit", type_=Integer())
    return compile_read(query.order_by(_STATIONS.id).limit(limit), dialect)


async def station_map(
    connection: AsyncConnection, roots: Sequence[str], narrow: StationFilter, limit: int
) -> list[tuple[StationRecord, LiveRecord]]:
    """Stations with their live rows, in id order, at most `limit`."""
    listed = station_list(roots, narrow)
    read = _map_read(dialect_of(connection), listed.shape)
    rows = await read.rows(connection, {**listed.values, "limit": limit})
    width = len(COLUMNS)
    return [(StationRecord(*row[:width]), LiveRecord(*row[width:])) for row in rows]


async def station_of_device(connection: AsyncConnection, token_hash: str) -> int | None:
    """The station of the device with this token hash, if any."""
    result = await connection.execute(
        select(_DEVICES.station_id).where(core_table(DeviceRow).c.token_hash == token_hash)
    )
    return result.scalar()
