"""Situational-awareness aggregates 态势感知 over stations: live figures and roll-up history.

Every query takes scope keys: a materialized path (a subtree: one index range on
stations.org_path for live figures; its root organisation's hour roll-ups for history) or
`station:<id>` (one station), and answers all keys in one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from db.paths import path_ids, within_any
from db.records import Connectable
from db.stations.models import DeviceKind, DeviceRow, StationLiveRow, StationRow, StationStatus
from db.stations.organization_hours import OrganizationHourRow, OrganizationHourServiceRow
from db.stations.telemetry import StationHourRow, StationHourServiceRow

STATION_KEY = "station:"


def station_key(station_id: int) -> str:
    return f"{STATION_KEY}{station_id}"


def _condition(key: str) -> ColumnElement[bool]:
    if key.startswith(STATION_KEY):
        return StationRow.id == int(key.removeprefix(STATION_KEY))
    return within_any(StationRow.org_path, [key])


def _hours(key: str) -> tuple[type[StationHourRow | OrganizationHourRow], ColumnElement[bool]]:
    """The hour roll-ups of a key: the station's own, or its subtree root organisation's."""
    if key.startswith(STATION_KEY):
        return StationHourRow, StationHourRow.station_id == int(key.removeprefix(STATION_KEY))
    return OrganizationHourRow, OrganizationHourRow.organization_id == path_ids(key)[-1]


def _service_hours(
    key: str,
) -> tuple[type[StationHourServiceRow | OrganizationHourServiceRow], ColumnElement[bool]]:
    if key.startswith(STATION_KEY):
        station_id = int(key.removeprefix(STATION_KEY))
        return StationHourServiceRow, StationHourServiceRow.station_id == station_id
    organization_id = path_ids(key)[-1]
    return OrganizationHourServiceRow, OrganizationHourServiceRow.organization_id == organization_id


@dataclass(frozen=True, slots=True)
class Moments:
    """The instants the figures are reckoned from (all UTC)."""

    today: datetime  # local (CST) midnight
    week: datetime  # local (CST) Monday midnight
    offline_cutoff: datetime  # devices silent since before this are offline


@dataclass(slots=True)
class Totals:
    stations: int = 0
    by_status: dict[StationStatus, int] = field(default_factory=dict)
    visitors_now: int = 0
    queue_length: int = 0
    staff_on_duty: int = 0
    capacity: int = 0
    served_today: int = 0
    served_this_week: int = 0
    cameras_online: int = 0
    cameras_total: int = 0

    @property
    def utilisation(self) -> float:
        return self.visitors_now / self.capacity if self.capacity else 0.0


_OCCUPANCY = case((StationLiveRow.occupancy < 0, 0), else_=StationLiveRow.occupancy)


def _camera_columns(moments: Moments) -> tuple[Any, Any]:
    camera = DeviceRow.kind == DeviceKind.CAMERA
    online = and_(
        camera, DeviceRow.reports_online.is_(True), DeviceRow.last_seen_at >= moments.offline_cutoff
    )
    return (
        func.coalesce(func.sum(case((online, 1), else_=0)), 0),
        func.coalesce(func.sum(case((camera, 1), else_=0)), 0),
    )


async def awareness_totals(
    session: Connectable, keys: Sequence[str], moments: Moments
) -> dict[str, Totals]:
    """Totals for each key: three statements, whatever the number of keys."""
    if not keys:
        return {}
    result = {key: Totals() for key in keys}
    since = min(moments.today, moments.week)
    served = []
    for index, key in enumerate(keys):
        hours, scope = _hours(key)
        today, week = (
            case((hours.hour >= moment, hours.served)) for moment in (moments.today, moments.week)
        )
        served.append(
            select(
                literal(index, Integer).label("root"),
                func.coalesce(func.sum(today), 0),
                func.coalesce(func.sum(week), 0),
            ).where(scope, hours.hour >= since)
        )
    live = [
        select(
            literal(index, Integer).label("root"),
            StationLiveRow.status,
            func.count(),
            func.sum(_OCCUPANCY),
            func.sum(StationLiveRow.queue_length),
            func.sum(StationLiveRow.staff_on_duty),
            func.sum(StationRow.capacity),
        )
        .join(StationLiveRow, StationLiveRow.station_id == StationRow.id)
        .where(_condition(key))
        .group_by(StationLiveRow.status)
        for index, key in enumerate(keys)
    ]
    for root, status, n, occupancy, queue, staff, capacity in await session.execute(
        union_all(*live)
    ):
        totals = result[keys[root]]
        totals.stations += n
        totals.by_status[StationStatus(status)] = n
        totals.visitors_now += int(occupancy or 0)
        totals.queue_length += int(queue or 0)
        totals.staff_on_duty += int(staff or 0)
        totals.capacity += int(capacity or 0)
    for root, today, week in await session.execute(union_all(*served)):
        result[keys[root]].served_today = int(today)
        result[keys[root]].served_this_week = int(week)
    online, total = _camera_columns(moments)
    cameras = [
        select(literal(index, Integer).label("root"), online, total)
        .join(StationRow, StationRow.id == DeviceRow.station_id)
        .where(_condition(key))
        for index, key in enumerate(keys)
    ]
    for root, cameras_online, cameras_total in await session.execute(union_all(*cameras)):
        result[keys[root]].cameras_online = int(cameras_online)
        result[keys[root]].cameras_total = int(cameras_total)
    return result


async def peak_hours(
    session: Connectable, keys: Sequence[str], since: datetime
) -> dict[str, dict[int, tuple[int, int]]]:
    """For each key: local hour of day → (people served, visitors entering) since `since`."""
    if not keys:
        return {}
    parts = []
    for index, key in enumerate(keys):
        hours, scope = _hours(key)
        parts.append(
            select(
                literal(index, Integer).label("root"),
                hours.local_hour,
                func.sum(hours.served),
                func.sum(hours.visitors_in),
            )
            .where(scope, hours.hour >= since)
            .group_by(hours.local_hour)
        )
    result: dict[str, dict[int, tuple[int, int]]] = {key: {} for key in keys}
    for root, hour, served, visitors in await session.execute(union_all(*parts)):
        result[keys[root]][int(hour)] = (int(served or 0), int(visitors or 0))
    return result


async def served_by_type(
    session: Connectable, keys: Sequence[str], since: datetime
) -> dict[str, dict[str, int]]:
    """For each key: service type → people served since `since`."""
    if not keys:
        return {}
    parts = []
    for index, key in enumerate(keys):
        hours, scope = _service_hours(key)
        parts.append(
            select(
                literal(index, Integer).label("root"),
                hours.service_type,
                func.sum(hours.served),
            )
            .where(scope, hours.hour >= since)
            .group_by(hours.service_type)
        )
    result: dict[str, dict[str, int]] = {key: {} for key in keys}
    for root, service_type, served in await session.execute(union_all(*parts)):
        result[keys[root]][str(service_type)] = int(served or 0)
    return result


@dataclass(frozen=True, slots=True)
class BoardLine:
    """One station's figures on a command-centre screen."""

    station_id: int
    organization_id: int
    name: str
    status: StationStatus
    occupancy: int
    capacity: int
    queue_length: int
    staff_on_duty: int
    served_today: int
    served_this_week: int
    cameras_online: int
    longitude: float
    latitude: float


async def station_board(
    session: AsyncSession, paths: Sequence[str], moments: Moments
) -> list[BoardLine]:
    """Every station of the subtrees with its figures, in id order: three statements."""
    scope = within_any(StationRow.org_path, paths)
    stations = await session.execute(
        select(StationRow, StationLiveRow)
        .join(StationLiveRow, StationLiveRow.station_id == StationRow.id)
        .where(scope)
        .order_by(StationRow.id)
    )
    since = min(moments.today, moments.week)
    served = {
        station_id: (int(today or 0), int(week or 0))
        for station_id, today, week in await session.execute(
            select(
                StationHourRow.station_id,
                func.sum(case((StationHourRow.hour >= moments.today, StationHourRow.served))),
                func.sum(case((StationHourRow.hour >= moments.week, StationHourRow.served))),
            )
            .join(StationRow, StationRow.id == StationHourRow.station_id)
            .where(scope, StationHourRow.hour >= since)
            .group_by(StationHourRow.station_id)
        )
    }
    online, _total = _camera_columns(moments)
    cameras: dict[int, int] = dict(
        (
            await session.execute(
                select(DeviceRow.station_id, online)
                .join(StationRow, StationRow.id == DeviceRow.station_id)
                .where(scope)
                .group_by(DeviceRow.station_id)
            )
        ).all()
    )
    lines = []
    for station, live in stations:
        today, week = served.get(station.id, (0, 0))
        lines.append(
            BoardLine(
                station_id=station.id,
                organization_id=station.organization_id,
                name=station.name,
                status=live.status,
                occupancy=max(live.occupancy, 0),
                capacity=station.capacity,
                queue_length=live.queue_length,
                staff_on_duty=live.staff_on_duty,
                served_today=today,
                served_this_week=week,
                cameras_online=int(cameras.get(station.id, 0)),
                longitude=station.longitude,
                latitude=station.latitude,
            )
        )
    return lines
