"""Service stations 党群服务站: the registry, their devices, and each station's live state."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Time,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum

ALL_WEEKDAYS = 0b1111111  # bit 0 is Monday … bit 6 is Sunday


class StationStatus(enum.StrEnum):
    OPEN = "open"
    BUSY = "busy"
    CLOSED = "closed"
    OFFLINE = "offline"


class DeviceKind(enum.StrEnum):
    DOOR_COUNTER = "door_counter"
    CAMERA = "camera"
    SERVICE_TERMINAL = "service_terminal"


class ServiceType(enum.StrEnum):
    PARTY_AFFAIRS = "party_affairs"
    SOCIAL_SECURITY = "social_security"
    CIVIL_AFFAIRS = "civil_affairs"
    ELDERLY_CARE = "elderly_care"
    EMPLOYMENT = "employment"
    LEGAL_AID = "legal_aid"
    HEALTH = "health"
    VOLUNTEERING = "volunteering"
    PETITION_RECEPTION = "petition_reception"
    OTHER = "other"


class StationRow(Base):
    __tablename__ = "stations"
    __table_args__ = (Index("ix_stations_longitude_latitude", "longitude", "latitude"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    # The organisation's path, so subtree roll-ups are one index range (as members.org_path).
    org_path: Mapped[str] = mapped_column(PathString, index=True, info=FOLLOWS_MOVES)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200))
    # WGS-84 degrees (GPS), not GCJ-02: convert before showing on a Chinese web map.
    longitude: Mapped[float] = mapped_column(Float)
    latitude: Mapped[float] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer)
    # Opening hours in China Standard Time on the weekdays of the bit mask.
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    open_weekdays: Mapped[int] = mapped_column(Integer, default=ALL_WEEKDAYS)
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class DeviceRow(Base):
    __tablename__ = "station_devices"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    station_id: Mapped[int] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DeviceKind] = mapped_column(string_enum(DeviceKind, "device_kind"))
    name: Mapped[str] = mapped_column(String(100))
    # sha256 of the token shown once at creation; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_seq: Mapped[int | None] = mapped_column(BigId)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # What the device last said about itself (cameras: stream up); with its device time.
    reports_online: Mapped[bool] = mapped_column(Boolean, default=True)
    reports_online_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class StationLiveRow(Base):
    """Current figures; each measure keeps the device time it was measured at, so a reading
    that arrives late never overwrites a newer value."""

    __tablename__ = "station_live"

    station_id: Mapped[int] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[StationStatus] = mapped_column(string_enum(StationStatus, "station_status"))
    status_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Server time of the newest reading from any of the station's devices.
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # Last absolute count plus every entry/exit measured at or after it (may dip below 0
    # while late readings are in flight; shown clamped at 0).
    occupancy: Mapped[int] = mapped_column(Integer, default=0)
    occupancy_base_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    queue_length: Mapped[int] = mapped_column(Integer, default=0)
    queue_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    staff_on_duty: Mapped[int] = mapped_column(Integer, default=0)
    staff_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A terminal's report that the station opened or closed, valid for that local day.
    reported_open: Mapped[bool | None] = mapped_column(Boolean)
    reported_open_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


def station_live_defaults(station_id: int, now: datetime) -> dict[str, object]:
    """A new station's live row: offline until one of its devices reports."""
    return {
        "station_id": station_id,
        "status": StationStatus.OFFLINE,
        "status_changed_at": now,
        "last_heartbeat_at": None,
        "occupancy": 0,
        "occupancy_base_at": None,
        "queue_length": 0,
        "queue_at": None,
        "staff_on_duty": 0,
        "staff_at": None,
        "reported_open": None,
        "reported_open_at": None,
    }


async def get_stations_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, StationRow]:
    """Stations as ORM rows, for writers that read them inside their own transaction."""
    rows = await session.scalars(select(StationRow).where(StationRow.id.in_(ids)))
    return {row.id: row for row in rows}


async def get_devices_by_station_ids(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, list[DeviceRow]]:
    """Each station's devices as ORM rows, in id order, for writers and the simulator."""
    rows = await session.scalars(
        select(DeviceRow).where(DeviceRow.station_id.in_(ids)).order_by(DeviceRow.id)
    )
    found: dict[int, list[DeviceRow]] = {station_id: [] for station_id in ids}
    for row in rows:
        found[row.station_id].append(row)
    return found
