"""The status job's reads and writes: the stations whose derived status differs from the stored
one, found by the database (so the event loop builds no row for a station that stays as it
is), and each group of like changes claimed in one conditional UPDATE … RETURNING.

The derivation here is `resolvers.stations.status.derive_status` written as one CASE over
the clock's values; tests/test_station_status_due.py holds the two equal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.stations.models import StationLiveRow, StationRow, StationStatus

StatusValue = String(32)


@dataclass(frozen=True, slots=True)
class StatusClock:
    """The moment of one run as the derivation reads it: heartbeats before `offline_cutoff`
    are silent; `local_time` and `weekday_bit` place it in China Standard Time, whose local
    day runs from `day_start` to `day_end` (UTC)."""

    offline_cutoff: datetime
    local_time: time
    weekday_bit: int
    day_start: datetime
    day_end: datetime
    busy_share: float


@dataclass(frozen=True, slots=True)
class StatusDue:
    station_id: int
    org_path: str
    old: StationStatus
    new: StationStatus


def _silent(cutoff: datetime) -> ColumnElement[bool]:
    heartbeat = StationLiveRow.last_heartbeat_at
    return or_(heartbeat.is_(None), heartbeat < cutoff)


def _within_hours(clock: StatusClock) -> ColumnElement[bool]:
    opens, closes, moment = StationRow.opens_at, StationRow.closes_at, clock.local_time
    return and_(
        StationRow.open_weekdays.op("&")(clock.weekday_bit) != 0,
        or_(
            opens == closes,  # open around the clock
            and_(opens < closes, opens <= moment, closes > moment),
            and_(opens > closes, or_(opens <= moment, closes > moment)),  # past midnight
        ),
    )


def _derived(clock: StatusClock) -> ColumnElement[str]:
    live = StationLiveRow
    reported_today = and_(
        live.reported_open.is_not(None),
        live.reported_open_at >= clock.day_start,
        live.reported_open_at < clock.day_end,
    )
    is_open = case((reported_today, live.reported_open), else_=_within_hours(clock))
    occupancy = case((live.occupancy > 0, live.occupancy), else_=0)
    busy = and_(
        StationRow.capacity > 0,
        occupancy >= literal(clock.busy_share) * StationRow.capacity,
    )
    return case(
        (_silent(clock.offline_cutoff), literal(StationStatus.OFFLINE.value, StatusValue)),
        (is_open.is_(False), literal(StationStatus.CLOSED.value, StatusValue)),
        (busy, literal(StationStatus.BUSY.value, StatusValue)),
        else_=literal(StationStatus.OPEN.value, StatusValue),
    )


async def statuses_due(session: AsyncSession, clock: StatusClock, *, limit: int) -> list[StatusDue]:
    """The first `limit` stations (in id order) not offline whose derived status is not their
    stored one."""
    derived = _derived(clock).label("derived")
    query = (
        select(StationRow.id, StationRow.org_path, StationLiveRow.status, derived)
        .join(StationLiveRow, StationLiveRow.station_id == StationRow.id)
        .where(
            StationLiveRow.status != StationStatus.OFFLINE,
            StationLiveRow.status != derived,
        )
        .order_by(StationRow.id)
        .limit(limit)
    )
    rows = (await session.execute(query)).all()
    return [
        StatusDue(station_id, org_path, old, StationStatus(new))
        for station_id, org_path, old, new in rows
    ]


async def claim_status_changes(
    session: AsyncSession,
    station_ids: Sequence[int],
    old: StationStatus,
    new: StationStatus,
    now: datetime,
    *,
    silent_since: datetime | None = None,
) -> set[int]:
    """Move the stations from `old` to `new` where they are still `old` (and, with
    `silent_since`, no device has been heard from since then); the ids this UPDATE changed,
    so exactly one instance records each change."""
    statement = (
        update(StationLiveRow)
        .where(StationLiveRow.station_id.in_(station_ids), StationLiveRow.status == old)
        .values(status=new, status_changed_at=now)
        .returning(StationLiveRow.station_id)
        .execution_options(synchronize_session=False)
    )
    if silent_since is not None:
        statement = statement.where(_silent(silent_since))
    return set((await session.scalars(statement)).all())
