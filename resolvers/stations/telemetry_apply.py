"""Applying one station's new readings of a batch to its live row and its hourly roll-ups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.engine import Session
from db.stations.models import DeviceRow, StationLiveRow
from db.stations.telemetry import ReadingKind, door_readings_after, hour_of, local_hour_of

if TYPE_CHECKING:
    from resolvers.stations.telemetry import ReadingDraft

DOOR = {ReadingKind.ENTERED: 1, ReadingKind.LEFT: -1}


def _not_older(moment: datetime, held: datetime | None) -> bool:
    return held is None or moment >= held


@dataclass
class _Hour:
    readings: int = 0
    visitors_in: int = 0
    visitors_out: int = 0
    served: int = 0
    peak_occupancy: int = 0
    peak_queue: int = 0
    services: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class StationBatch:
    """A station's new readings in device-time order, and door readings stored earlier that
    happened after the batch's first absolute occupancy count (they must be added to it)."""

    readings: list[tuple[DeviceRow, ReadingDraft]] = field(default_factory=list)
    stored_door: list[tuple[datetime, int]] = field(default_factory=list)

    def add(self, device: DeviceRow, reading: ReadingDraft) -> None:
        self.readings.append((device, reading))

    def first_count(self, live: StationLiveRow) -> datetime | None:
        for _device, reading in self.readings:
            if reading.kind == ReadingKind.OCCUPANCY and _not_older(
                reading.occurred_at, live.occupancy_base_at
            ):
                return reading.occurred_at
        return None

    @staticmethod
    async def load_late_door_readings(
        session: Session,
        batches: Mapping[int, StationBatch],
        lives: Mapping[int, StationLiveRow],
    ) -> None:
        """One statement for every station whose batch holds an absolute count."""
        since = {
            station_id: moment
            for station_id, batch in batches.items()
            if (moment := batch.first_count(lives[station_id])) is not None
        }
        for station_id, occurred_at, kind, value in await door_readings_after(
            session, since, list(DOOR)
        ):
            batches[station_id].stored_door.append((occurred_at, DOOR[kind] * value))

    def _net_stored_after(self, moment: datetime) -> int:
        return sum(delta for at, delta in self.stored_door if at > moment)

    def apply(
        self, station_id: int, live: StationLiveRow, now: datetime
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Mutates `live`; returns the reading rows, hour roll-up rows and service rows."""
        hours: dict[datetime, _Hour] = defaultdict(_Hour)
        rows: list[dict[str, Any]] = []
        for device, reading in self.readings:
            at, value, kind = reading.occurred_at, reading.value, reading.kind
            hour = hours[hour_of(at)]
            hour.readings += 1
            occupancy_after = None
            if kind in DOOR:
                if _not_older(at, live.occupancy_base_at):
                    live.occupancy += DOOR[kind] * value
                if kind == ReadingKind.ENTERED:
                    hour.visitors_in += value
                else:
                    hour.visitors_out += value
                occupancy_after = live.occupancy
            elif kind == ReadingKind.OCCUPANCY:
                if _not_older(at, live.occupancy_base_at):
                    live.occupancy = value + self._net_stored_after(at)
                    live.occupancy_base_at = at
                occupancy_after = live.occupancy
            elif kind == ReadingKind.QUEUE:
                hour.peak_queue = max(hour.peak_queue, value)
                if _not_older(at, live.queue_at):
                    live.queue_length, live.queue_at = value, at
            elif kind == ReadingKind.STAFF:
                if _not_older(at, live.staff_at):
                    live.staff_on_duty, live.staff_at = value, at
            elif kind == ReadingKind.OPEN_STATE:
                if _not_older(at, live.reported_open_at):
                    live.reported_open, live.reported_open_at = bool(value), at
            elif kind == ReadingKind.SERVICE:
                assert reading.service_type is not None
                hour.served += value
                hour.services[reading.service_type.value] += value
            if occupancy_after is not None:
                hour.peak_occupancy = max(hour.peak_occupancy, max(occupancy_after, 0))
            rows.append(
                {
                    "device_id": device.id,
                    "seq": reading.seq,
                    "station_id": station_id,
                    "kind": kind,
                    "value": value,
                    "service_type": reading.service_type,
                    "occurred_at": at,
                    "received_at": now,
                    "occupancy_after": occupancy_after,
                }
            )
        hour_rows = [
            {
                "station_id": station_id,
                "hour": start,
                "local_hour": local_hour_of(start),
                "readings": hour.readings,
                "visitors_in": hour.visitors_in,
                "visitors_out": hour.visitors_out,
                "served": hour.served,
                "peak_occupancy": hour.peak_occupancy,
                "peak_queue": hour.peak_queue,
            }
            for start, hour in hours.items()
        ]
        service_rows = [
            {"station_id": station_id, "hour": start, "service_type": kind, "served": served}
            for start, hour in hours.items()
            for kind, served in hour.services.items()
        ]
        return rows, hour_rows, service_rows
