"""The station registry's writes: registering a station (with its live row), changing its
details, adding a device."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.stations.models import (
    DeviceKind,
    DeviceRow,
    StationLiveRow,
    StationRow,
    station_live_defaults,
)


async def insert_station(
    session: AsyncSession,
    organization_id: int,
    org_path: str,
    values: Mapping[str, object],
    now: datetime,
) -> StationRow:
    """A new station of the organisation; OFFLINE until one of its devices reports."""
    row = StationRow(organization_id=organization_id, org_path=org_path, **values)
    session.add(row)
    await session.flush()
    await session.execute(insert(StationLiveRow), [station_live_defaults(row.id, now)])
    return row


async def change_station(
    session: AsyncSession, station_id: int, values: Mapping[str, object]
) -> StationRow:
    """Set the values on the station, locked for the change."""
    row = await session.get_one(StationRow, station_id, with_for_update=True)
    for key, value in values.items():
        setattr(row, key, value)
    await session.flush()
    return row


async def insert_device(
    session: AsyncSession, station_id: int, kind: DeviceKind, name: str, token_hash: str
) -> DeviceRow:
    """A new device of the station, known by the hash of its token."""
    device = DeviceRow(station_id=station_id, kind=kind, name=name, token_hash=token_hash)
    session.add(device)
    await session.flush()
    return device
