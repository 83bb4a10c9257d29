"""A station's derived status, and the background job that moves it with the clock.

Status is derived, never reported: offline when no device has been heard from for the
configured time; otherwise closed outside opening hours (a terminal's open/closed report
overrides the hours for the rest of that local day); otherwise busy when occupancy reaches the
configured share of capacity; otherwise open. Every change records one STATION_STATUS_CHANGED
event (changes {from, to}) in the transaction that makes it.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from db.base import CHINA_STANDARD_TIME, utcnow
from db.engine import Database
from db.events.types import EventType
from db.stations.models import StationLiveRow, StationRow, StationStatus
from db.stations.status_due import StatusClock, StatusDue, claim_status_changes, statuses_due
from resolvers.changes import ChangeSet, Publish, recording
from resolvers.stations.config import StationConfig

# Changes per transaction of the status job: a few ms of the loop's time each (bench.station_job).
STATUS_BATCH = 50


def within_hours(station: StationRow, now: datetime) -> bool:
    local = now.astimezone(CHINA_STANDARD_TIME)
    if not station.open_weekdays & (1 << local.weekday()):
        return False
    moment = local.time().replace(tzinfo=None)
    if station.opens_at == station.closes_at:
        return True  # open around the clock
    if station.opens_at < station.closes_at:
        return station.opens_at <= moment < station.closes_at
    return moment >= station.opens_at or moment < station.closes_at  # open past midnight


def derive_status(
    station: StationRow, live: StationLiveRow, now: datetime, config: StationConfig
) -> StationStatus:
    heartbeat = live.last_heartbeat_at
    if heartbeat is None or heartbeat < now - config.offline_after:
        return StationStatus.OFFLINE
    is_open = within_hours(station, now)
    reported_at = live.reported_open_at
    if (
        live.reported_open is not None
        and reported_at is not None
        and reported_at.astimezone(CHINA_STANDARD_TIME).date()
        == now.astimezone(CHINA_STANDARD_TIME).date()
    ):
        is_open = live.reported_open
    if not is_open:
        return StationStatus.CLOSED
    if station.capacity > 0 and max(live.occupancy, 0) >= config.busy_share * station.capacity:
        return StationStatus.BUSY
    return StationStatus.OPEN


def record_status_change(
    changes: ChangeSet, station_id: int, org_path: str, old: StationStatus, new: StationStatus
) -> None:
    changes.record(
        EventType.STATION_STATUS_CHANGED,
        station_id,
        at=org_path,
        changes={"from": old.value, "to": new.value},
    )


def status_clock(now: datetime, config: StationConfig) -> StatusClock:
    local = now.astimezone(CHINA_STANDARD_TIME)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return StatusClock(
        offline_cutoff=now - config.offline_after,
        local_time=local.time().replace(tzinfo=None),
        weekday_bit=1 << local.weekday(),
        day_start=midnight.astimezone(UTC),
        day_end=(midnight + timedelta(days=1)).astimezone(UTC),
        busy_share=config.busy_share,
    )


async def refresh_statuses(
    database: Database,
    publish: Publish,
    config: StationConfig,
    now: datetime | None = None,
    *,
    batch: int = STATUS_BATCH,
) -> int:
    """Flip silent stations to offline and move the others with their opening hours.

    Safe on every instance at once: each flip is a conditional UPDATE, so exactly one
    instance changes a station and records its event. At most `batch` changes are made per
    transaction, and the loop is let go between transactions, so a mass change (a district's
    network down, the city's closing hour) never holds the event loop for long. Returns the
    number of changes made.
    """
    moment = now or utcnow()
    clock = status_clock(moment, config)
    made = 0
    while True:
        async with recording(database, publish) as changes:
            due = await statuses_due(changes.session, clock, limit=batch)
            await _claim_and_record(changes, due, clock, moment)
        made += changes.count(EventType.STATION_STATUS_CHANGED)
        if len(due) < batch:
            return made
        await asyncio.sleep(0)


async def _claim_and_record(
    changes: ChangeSet, due: list[StatusDue], clock: StatusClock, moment: datetime
) -> None:
    groups: dict[tuple[StationStatus, StationStatus], list[int]] = defaultdict(list)
    for change in due:
        groups[change.old, change.new].append(change.station_id)
    claimed: set[int] = set()
    for (old, new), station_ids in groups.items():
        silent_since = clock.offline_cutoff if new == StationStatus.OFFLINE else None
        claimed |= await claim_status_changes(
            changes.session, station_ids, old, new, moment, silent_since=silent_since
        )
    for change in due:
        if change.station_id in claimed:
            record_status_change(
                changes, change.station_id, change.org_path, change.old, change.new
            )
