"""Telemetry in: validate, authenticate by device token, drop duplicates, apply, roll up.

A batch is all-or-nothing: one bad reading refuses the whole batch with an error naming it,
and nothing is written. A batch is one transaction of a few statements whatever its size:
look up the devices (locked on PostgreSQL, so batches of one device apply one at a time),
find the (device, seq) pairs already stored, insert the new readings, add them to the hourly
roll-ups (upserts), update the devices and the stations' live rows, append events.

Duplicates (a seq already stored for that device) are ignored. Readings that arrive out of
order are stored and rolled up under the hour they happened in; a live measure only takes a
reading at least as new as the one it holds, so late readings never regress it.

Events: a STATION_STATUS_CHANGED event only when a station's derived status changes, and
one STATION_READINGS wake-up per station per batch (carrying no figures). Command-centre
screens learn of telemetry from those wake-ups through the ordinary event log, so a screen on
any instance recomputes after any instance ingested; the log is the truth, the broadcast only
the wake-up. One small event per station per batch, not per reading, keeps ingest cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from db.base import utcnow
from db.engine import Database
from db.errors import ConstraintViolation
from db.events.types import EventType
from db.stations.live import lock_live_rows
from db.stations.models import DeviceKind, DeviceRow, get_stations_by_ids
from db.stations.organization_hours import add_to_organization_hours
from db.stations.telemetry import (
    ReadingKind,
    add_to_hour_services,
    add_to_hours,
    existing_sequences,
    insert_readings,
    lock_devices,
)
from resolvers.changes import ChangeSet, Publish, recording
from resolvers.errors import Conflict, Unauthenticated
from resolvers.stations.config import StationConfig
from resolvers.stations.status import derive_status, record_status_change
from resolvers.stations.telemetry_apply import StationBatch
from resolvers.stations.telemetry_checks import (
    MAX_BATCH,
    IngestResult,
    ReadingDraft,
    check_kinds,
    hash_token,
    validate,
)

__all__ = ["MAX_BATCH", "IngestResult", "ReadingDraft", "hash_token", "ingest"]


async def ingest(
    database: Database,
    publish: Publish,
    readings: Sequence[ReadingDraft],
    config: StationConfig,
    now: datetime | None = None,
) -> IngestResult:
    """Validate, then apply in one transaction; its events are published after commit."""
    moment = now or utcnow()
    validate(readings, moment, config)
    for attempt in (1, 2):
        try:
            async with recording(database, publish) as changes:
                return await _apply(changes, readings, config, moment)
        except ConstraintViolation:
            # A concurrent batch stored some of these sequence numbers first: redo the check.
            if attempt == 2:
                raise Conflict("The same readings are being sent concurrently; retry.") from None
    raise AssertionError("unreachable")


async def _apply(
    changes: ChangeSet, readings: Sequence[ReadingDraft], config: StationConfig, now: datetime
) -> IngestResult:
    session = changes.session
    devices = await lock_devices(session, sorted({hash_token(r.device_token) for r in readings}))
    for index, reading in enumerate(readings):
        if hash_token(reading.device_token) not in devices:
            where = "" if len(readings) == 1 else f" (reading {index})"
            raise Unauthenticated(
                f"Unknown device token{where}: use the token shown once when the device "
                "was added (addStationDevice); nothing was recorded."
            )
    paired = [(devices[hash_token(r.device_token)], r) for r in readings]
    check_kinds(paired)
    stored = await existing_sequences(session, [(d.id, r.seq) for d, r in paired])
    fresh: list[tuple[DeviceRow, ReadingDraft]] = []
    seen: set[tuple[int, int]] = set()
    for device, reading in paired:
        key = (device.id, reading.seq)
        if key not in stored and key not in seen:
            fresh.append((device, reading))
        seen.add(key)
    station_ids = sorted({device.station_id for device in devices.values()})
    stations = await get_stations_by_ids(session, station_ids)
    lives = await lock_live_rows(session, station_ids)
    batches: dict[int, StationBatch] = defaultdict(StationBatch)
    for device, reading in sorted(fresh, key=lambda pair: (pair[1].occurred_at, pair[1].seq)):
        batches[device.station_id].add(device, reading)
    await StationBatch.load_late_door_readings(session, batches, lives)
    reading_rows, hour_rows, service_rows = [], [], []
    for station_id, batch in batches.items():
        rows, hours, services = batch.apply(station_id, lives[station_id], now)
        reading_rows += rows
        hour_rows += hours
        service_rows += services
    await insert_readings(session, reading_rows)
    await add_to_hours(session, hour_rows)
    await add_to_hour_services(session, service_rows)
    for device, reading in fresh:
        _touch_device(device, reading)
    for device in devices.values():
        device.last_seen_at = now
    for station_id in station_ids:
        station, live = stations[station_id], lives[station_id]
        live.last_heartbeat_at = now
        old, new = live.status, derive_status(station, live, now, config)
        if new != old:
            live.status, live.status_changed_at = new, now
            record_status_change(changes, station_id, station.org_path, old, new)
    paths = {station_id: station.org_path for station_id, station in stations.items()}
    # Late: the subtree rows (the city's current hour above all) stay locked until commit,
    # and the events, recorded here, are appended after them, last.
    await add_to_organization_hours(session, paths, hour_rows, service_rows)
    for station_id, batch in batches.items():
        changes.record(
            EventType.STATION_READINGS,
            station_id,
            at=stations[station_id].org_path,
            changes={"readings": len(batch.readings)},
        )
    return IngestResult(
        accepted=len(fresh),
        duplicates=len(readings) - len(fresh),
        status_changes=changes.count(EventType.STATION_STATUS_CHANGED),
    )


def _touch_device(device: DeviceRow, reading: ReadingDraft) -> None:
    device.last_seq = max(device.last_seq or 0, reading.seq)
    if device.kind == DeviceKind.CAMERA and reading.kind == ReadingKind.CAMERA:
        at = device.reports_online_at
        if at is None or reading.occurred_at >= at:
            device.reports_online = bool(reading.value)
            device.reports_online_at = reading.occurred_at
