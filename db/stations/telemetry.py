"""Telemetry storage: raw device readings (kept for a while) and hourly roll-ups (kept for good).

The roll-ups are added to on every ingest (an upsert per station hour), so historical
questions read them and never scan raw readings; they equal the sums of the raw readings.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    UniqueConstraint,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, UtcDateTime, core_table
from db.enums import string_enum
from db.events.log import EventRow
from db.events.types import EventType
from db.stations.models import DeviceRow, ServiceType

CHINA_OFFSET = timedelta(hours=8)


class ReadingKind(enum.StrEnum):
    ENTERED = "entered"
    LEFT = "left"
    OCCUPANCY = "occupancy"
    QUEUE = "queue"
    STAFF = "staff"
    CAMERA = "camera"
    SERVICE = "service"
    OPEN_STATE = "open_state"
    HEARTBEAT = "heartbeat"


class ReadingRow(Base):
    __tablename__ = "station_readings"
    __table_args__ = (
        UniqueConstraint("device_id", "seq"),
        Index("ix_station_readings_station_id_occurred_at", "station_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("station_devices.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(BigId)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id", ondelete="CASCADE"))
    kind: Mapped[ReadingKind] = mapped_column(string_enum(ReadingKind, "reading_kind"))
    value: Mapped[int] = mapped_column(Integer)
    service_type: Mapped[ServiceType | None] = mapped_column(
        string_enum(ServiceType, "service_type")
    )
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The station's occupancy once this door reading was applied (the hour's peak comes from it).
    occupancy_after: Mapped[int | None] = mapped_column(Integer)


class StationHourRow(Base):
    __tablename__ = "station_hours"

    station_id: Mapped[int] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)  # UTC, whole hour
    local_hour: Mapped[int] = mapped_column(SmallInteger)  # 0-23 in China Standard Time
    readings: Mapped[int] = mapped_column(Integer, default=0)
    visitors_in: Mapped[int] = mapped_column(Integer, default=0)
    visitors_out: Mapped[int] = mapped_column(Integer, default=0)
    served: Mapped[int] = mapped_column(Integer, default=0)
    peak_occupancy: Mapped[int] = mapped_column(Integer, default=0)
    peak_queue: Mapped[int] = mapped_column(Integer, default=0)


class StationHourServiceRow(Base):
    __tablename__ = "station_hour_services"

    station_id: Mapped[int] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    service_type: Mapped[ServiceType] = mapped_column(
        string_enum(ServiceType, "service_type"), primary_key=True
    )
    served: Mapped[int] = mapped_column(Integer, default=0)


def hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def local_hour_of(hour: datetime) -> int:
    return (hour + CHINA_OFFSET).hour


def _dialect_insert(session: AsyncSession, model: type[Base]) -> Any:
    """A Core insert into the model's table: the ORM's bulk path costs more than the statement."""
    table = core_table(model)
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _greatest(session: AsyncSession, left: Any, right: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.greatest(left, right)
    return func.max(left, right)  # SQLite's two-argument max() is the scalar one


async def lock_devices(session: AsyncSession, token_hashes: Sequence[str]) -> dict[str, DeviceRow]:
    """The devices with these token hashes, by hash; locked in id order until the transaction
    ends (on PostgreSQL), so batches of one device apply one at a time."""
    devices = await session.scalars(
        select(DeviceRow)
        .where(DeviceRow.token_hash.in_(token_hashes))
        .order_by(DeviceRow.id)
        .with_for_update()
    )
    return {device.token_hash: device for device in devices}


async def door_readings_after(
    session: AsyncSession, since: Mapping[int, datetime], kinds: Sequence[ReadingKind]
) -> list[tuple[int, datetime, ReadingKind, int]]:
    """Stored readings of the kinds, per station those that happened after its moment, as
    (station, occurred at, kind, value): one statement for every station."""
    if not since:
        return []
    rows = await session.execute(
        select(ReadingRow.station_id, ReadingRow.occurred_at, ReadingRow.kind, ReadingRow.value)
        .where(ReadingRow.kind.in_(list(kinds)))
        .where(
            or_(
                *(
                    and_(ReadingRow.station_id == station_id, ReadingRow.occurred_at > moment)
                    for station_id, moment in since.items()
                )
            )
        )
    )
    return [(station_id, at, kind, value) for station_id, at, kind, value in rows]


async def existing_sequences(
    session: AsyncSession, keys: Sequence[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Which (device_id, seq) pairs are already stored (one statement)."""
    if not keys:
        return set()
    found = await session.execute(
        select(ReadingRow.device_id, ReadingRow.seq).where(
            tuple_(ReadingRow.device_id, ReadingRow.seq).in_(list(keys))
        )
    )
    return {(device_id, seq) for device_id, seq in found}


async def insert_readings(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(core_table(ReadingRow)), list(rows))


async def add_to_hours(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Add each row's counts to its station hour; peaks take the larger value."""
    if not rows:
        return
    statement = _dialect_insert(session, StationHourRow)
    table = StationHourRow.__table__.c
    new = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["station_id", "hour"],
        set_={
            "readings": table.readings + new.readings,
            "visitors_in": table.visitors_in + new.visitors_in,
            "visitors_out": table.visitors_out + new.visitors_out,
            "served": table.served + new.served,
            "peak_occupancy": _greatest(session, table.peak_occupancy, new.peak_occupancy),
            "peak_queue": _greatest(session, table.peak_queue, new.peak_queue),
        },
    )
    await session.execute(statement, list(rows))


async def add_to_hour_services(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    statement = _dialect_insert(session, StationHourServiceRow)
    statement = statement.on_conflict_do_update(
        index_elements=["station_id", "hour", "service_type"],
        set_={"served": StationHourServiceRow.__table__.c.served + statement.excluded.served},
    )
    await session.execute(statement, list(rows))


async def delete_readings_before(
    session: AsyncSession, cutoff: datetime, wakeups_cutoff: datetime
) -> int:
    """Drop raw readings older than `cutoff`, and the screens' wake-up events (never shown to
    clients, needed only while fresh) older than `wakeups_cutoff`."""
    result = await session.execute(delete(ReadingRow).where(ReadingRow.occurred_at < cutoff))
    await session.execute(
        delete(EventRow).where(
            EventRow.type == EventType.STATION_READINGS, EventRow.occurred_at < wakeups_cutoff
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
