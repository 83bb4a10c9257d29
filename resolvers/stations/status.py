"""A station's derived status, and the background job that moves it with the clock.

Status is derived, never reported: offline when no device has been heard from for the
configured time; otherwise closed outside opening hours (a terminal's open/closed report
overrides the hours for the rest of that local day); otherwise busy when occupancy reaches the
configured share of capacity; otherwise open. Every change appends one `station.status_changed`
event (changes {from, to}) in the transaction that makes it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import CHINA_STANDARD_TIME, utcnow
from db.engine import Database
from db.events.log import append_event
from db.stations.models import StationLiveRow, StationRow, StationStatus
from resolvers.stations.config import StationConfig

STATUS_EVENT = "station.status_changed"
ENTITY = "station"

Publish = Callable[[Iterable[int]], Awaitable[None]]


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


def status_event(station: StationRow, old: StationStatus, new: StationStatus) -> dict[str, Any]:
    """The `station.status_changed` event of a change, as append_event(s) takes it."""
    return {
        "type": STATUS_EVENT,
        "org_path": station.org_path,
        "entity_type": ENTITY,
        "entity_id": station.id,
        "account_id": None,
        "payload": {"changes": {"from": old.value, "to": new.value}},
    }


async def record_status_change(
    session: AsyncSession,
    station: StationRow,
    old: StationStatus,
    new: StationStatus,
) -> int:
    event = await append_event(session, **status_event(station, old, new))
    return event.id


async def _claim(
    session: AsyncSession,
    station: StationRow,
    old: StationStatus,
    new: StationStatus,
    now: datetime,
    cutoff: datetime | None,
) -> bool:
    """Conditional UPDATE: only the instance whose statement changes the row emits the event."""
    statement = (
        update(StationLiveRow)
        .where(StationLiveRow.station_id == station.id, StationLiveRow.status == old)
        .values(status=new, status_changed_at=now)
        .execution_options(synchronize_session=False)
    )
    if cutoff is not None:
        statement = statement.where(
            or_(
                StationLiveRow.last_heartbeat_at.is_(None),
                StationLiveRow.last_heartbeat_at < cutoff,
            )
        )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0) == 1


async def refresh_statuses(
    database: Database, publish: Publish, config: StationConfig, now: datetime | None = None
) -> int:
    """Flip silent stations to offline and move the others with their opening hours.

    Safe on every instance at once: each flip is a conditional UPDATE, so exactly one
    instance changes a station and appends its event. Returns the number of changes made.
    """
    moment = now or utcnow()
    cutoff = moment - config.offline_after
    event_ids: list[int] = []
    async with database.transaction() as session:
        rows = await session.execute(
            select(StationRow, StationLiveRow)
            .join(StationLiveRow, StationLiveRow.station_id == StationRow.id)
            .where(StationLiveRow.status != StationStatus.OFFLINE)
            .order_by(StationRow.id)
        )
        for station, live in rows.all():
            old = live.status
            new = derive_status(station, live, moment, config)
            if new == old:
                continue
            silent = new == StationStatus.OFFLINE
            if await _claim(session, station, old, new, moment, cutoff if silent else None):
                event_ids.append(await record_status_change(session, station, old, new))
    await publish(event_ids)
    return len(event_ids)
