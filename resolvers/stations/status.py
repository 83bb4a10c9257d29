"""A station's derived status, and the background job that moves it with the clock.

Status is derived, never reported: offline when no device has been heard from for the
configured time; otherwise closed outside opening hours (a terminal's open/closed report
overrides the hours for the rest of that local day); otherwise busy when occupancy reaches the
configured share of capacity; otherwise open. Every change records one STATION_STATUS_CHANGED
event (changes {from, to}) in the transaction that makes it.
"""

from __future__ import annotations

from datetime import datetime

from db.base import CHINA_STANDARD_TIME, utcnow
from db.engine import Database
from db.events.types import EventType
from db.stations.live import claim_status_change, stations_with_live
from db.stations.models import StationLiveRow, StationRow, StationStatus
from resolvers.changes import ChangeSet, Publish, recording
from resolvers.stations.config import StationConfig


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
    changes: ChangeSet, station: StationRow, old: StationStatus, new: StationStatus
) -> None:
    changes.record(
        EventType.STATION_STATUS_CHANGED,
        station.id,
        at=station.org_path,
        changes={"from": old.value, "to": new.value},
    )


async def refresh_statuses(
    database: Database, publish: Publish, config: StationConfig, now: datetime | None = None
) -> int:
    """Flip silent stations to offline and move the others with their opening hours.

    Safe on every instance at once: each flip is a conditional UPDATE, so exactly one
    instance changes a station and records its event. Returns the number of changes made.
    """
    moment = now or utcnow()
    cutoff = moment - config.offline_after
    async with recording(database, publish) as changes:
        stations = await stations_with_live(changes.session, except_status=StationStatus.OFFLINE)
        for station, live in stations:
            old = live.status
            new = derive_status(station, live, moment, config)
            if new == old:
                continue
            silent_since = cutoff if new == StationStatus.OFFLINE else None
            if await claim_status_change(
                changes.session, station.id, old, new, moment, silent_since=silent_since
            ):
                record_status_change(changes, station, old, new)
    return changes.count(EventType.STATION_STATUS_CHANGED)
