"""Telemetry in: validate, authenticate by device token, drop duplicates, apply, roll up.

A batch is all-or-nothing: one bad reading refuses the whole batch with an error naming it,
and nothing is written. A batch is one transaction of a few statements whatever its size:
look up the devices (locked on PostgreSQL, so batches of one device apply one at a time),
find the (device, seq) pairs already stored, insert the new readings, add them to the hourly
roll-ups (upserts), update the devices and the stations' live rows, append events.

Duplicates (a seq already stored for that device) are ignored. Readings that arrive out of
order are stored and rolled up under the hour they happened in; a live measure only takes a
reading at least as new as the one it holds, so late readings never regress it.

Events: a `station.status_changed` event only when a station's derived status changes, and
one `station.readings` wake-up per station per batch (carrying no figures). Command-centre
screens learn of telemetry from those wake-ups through the ordinary event log, so a screen on
any instance recomputes after any instance ingested; the log is the truth, the broadcast only
the wake-up. One small event per station per batch, not per reading, keeps ingest cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.base import utcnow
from db.engine import Database
from db.events.log import append_events
from db.stations.models import DeviceKind, DeviceRow, StationLiveRow, StationRow
from db.stations.organization_hours import add_to_organization_hours
from db.stations.telemetry import (
    READINGS_ENTITY,
    READINGS_EVENT,
    ReadingKind,
    add_to_hour_services,
    add_to_hours,
    existing_sequences,
    insert_readings,
)
from resolvers.errors import Conflict, Unauthenticated
from resolvers.stations.config import StationConfig
from resolvers.stations.status import Publish, derive_status, status_event
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
    """Validate, then apply in one transaction; publish its events after commit."""
    moment = now or utcnow()
    validate(readings, moment, config)
    for attempt in (1, 2):
        try:
            result, event_ids = await _ingest_once(database, readings, config, moment)
        except IntegrityError:
            # A concurrent batch stored some of these sequence numbers first: redo the check.
            if attempt == 2:
                raise Conflict("The same readings are being sent concurrently; retry.") from None
            continue
        await publish(event_ids)
        return result
    raise AssertionError("unreachable")


async def _ingest_once(
    database: Database, readings: Sequence[ReadingDraft], config: StationConfig, now: datetime
) -> tuple[IngestResult, list[int]]:
    async with database.transaction() as session:
        hashes = sorted({hash_token(reading.device_token) for reading in readings})
        devices = {
            device.token_hash: device
            for device in await session.scalars(
                select(DeviceRow)
                .where(DeviceRow.token_hash.in_(hashes))
                .order_by(DeviceRow.id)
                .with_for_update()
            )
        }
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
        stations = {
            row.id: row
            for row in await session.scalars(
                select(StationRow).where(StationRow.id.in_(station_ids))
            )
        }
        lives = {
            row.station_id: row
            for row in await session.scalars(
                select(StationLiveRow)
                .where(StationLiveRow.station_id.in_(station_ids))
                .with_for_update()
            )
        }
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
        events = []
        for station_id in station_ids:
            station, live = stations[station_id], lives[station_id]
            live.last_heartbeat_at = now
            old, new = live.status, derive_status(station, live, now, config)
            if new != old:
                live.status, live.status_changed_at = new, now
                events.append(status_event(station, old, new))
        changes = len(events)
        paths = {station_id: station.org_path for station_id, station in stations.items()}
        # Late: the subtree rows (the city's current hour above all) stay locked until commit.
        await add_to_organization_hours(session, paths, hour_rows, service_rows)
        events += [
            {
                "type": READINGS_EVENT,
                "org_path": stations[station_id].org_path,
                "entity_type": READINGS_ENTITY,
                "entity_id": station_id,
                "account_id": None,
                "payload": {"readings": len(batch.readings)},
            }
            for station_id, batch in batches.items()
        ]
        # Last, so the lock that orders event ids covers one insert and the commit.
        event_ids = await append_events(session, events)
    result = IngestResult(
        accepted=len(fresh), duplicates=len(readings) - len(fresh), status_changes=changes
    )
    return result, event_ids


def _touch_device(device: DeviceRow, reading: ReadingDraft) -> None:
    device.last_seq = max(device.last_seq or 0, reading.seq)
    if device.kind == DeviceKind.CAMERA and reading.kind == ReadingKind.CAMERA:
        at = device.reports_online_at
        if at is None or reading.occurred_at >= at:
            device.reports_online = bool(reading.value)
            device.reports_online_at = reading.occurred_at
