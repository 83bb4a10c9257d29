"""Demo service stations: one per demo community, with devices and 90 days of hourly history.

Deterministic (seeded; history reckoned back from `now`'s hour), idempotent (nothing is written
when the communities already have stations) and fast (bulk inserts with ids assigned here).

Device tokens: real devices get a random token shown once. Demo devices get a token derived
from the demo seed (HMAC-SHA256 of the device id keyed by the seed), stored as usual as its
sha256, so the simulator (`server.py simulate`, and the demo's built-in simulation) can
recompute every demo token without anything secret being kept. Anyone who knows the seed can
compute them too, which is fine for a demo and why only demo devices are made this way.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from db.bulk import count_under, insert_rows, next_id, organizations_under, reset_id_sequences
from db.engine import Session
from db.organizations.models import GovernanceLevel
from db.stations.models import (
    ALL_WEEKDAYS,
    DeviceKind,
    DeviceRow,
    ServiceType,
    StationLiveRow,
    StationRow,
    StationStatus,
)
from db.stations.organization_hours import rebuild_organization_hours
from db.stations.telemetry import StationHourRow, StationHourServiceRow, hour_of

HISTORY_DAYS = 90
_TABLES = ("stations", "station_devices")
_CORE_SERVICES = (ServiceType.PARTY_AFFAIRS, ServiceType.PETITION_RECEPTION)
_OPTIONAL_SERVICES = tuple(s for s in ServiceType if s not in (*_CORE_SERVICES, ServiceType.OTHER))
DEVICES = (
    (DeviceKind.DOOR_COUNTER, "正门客流计数器"),
    (DeviceKind.CAMERA, "大厅摄像头"),
    (DeviceKind.SERVICE_TERMINAL, "综合服务终端"),
)


def demo_device_token(seed: int, device_id: int) -> str:
    key = f"zhdj-demo-devices-{seed}".encode()
    digest = hmac.new(key, str(device_id).encode(), hashlib.sha256).hexdigest()
    return f"zhdj_demo_{digest[:40]}"


def demand(local_hour: int) -> float:
    """Relative visitor demand by local hour: lunchtime and evening peaks 午间/傍晚高峰."""
    if 11 <= local_hour < 13:
        return 1.0
    if 17 <= local_hour < 20:
        return 0.9
    if 9 <= local_hour < 11 or 14 <= local_hour < 17:
        return 0.55
    return 0.25


def is_open_hour(opens: time, closes: time, local_hour: int) -> bool:
    return opens.hour <= local_hour < closes.hour


@dataclass(frozen=True)
class StationsSummary:
    created: bool
    stations: int
    devices: int
    hours: int


async def seed_stations(
    session: Session,
    *,
    root_path: str,
    seed: int,
    now: datetime,
    history_days: int = HISTORY_DAYS,
) -> StationsSummary:
    """One station per community under `root_path`, once."""
    existing = await count_under(session, StationRow.__tablename__, root_path)
    if existing:
        return StationsSummary(False, existing, 0, 0)
    communities = await organizations_under(session, root_path, GovernanceLevel.COMMUNITY)
    rng = random.Random(seed * 7 + 4)
    station_id = await next_id(session, StationRow.__tablename__)
    device_id = await next_id(session, DeviceRow.__tablename__)
    stations: list[dict[str, Any]] = []
    devices: list[dict[str, Any]] = []
    for community in communities:
        short = community.name.removesuffix("党委").removesuffix("党总支")
        opens = time(8, 30) if rng.random() < 0.6 else time(9, 0)
        closes = time(20, 0) if rng.random() < 0.5 else time(18, 0)
        stations.append(
            {
                "id": station_id,
                "organization_id": community.id,
                "org_path": community.path,
                "name": f"{short}党群服务站",
                "address": f"{short}服务中心一楼",
                "longitude": round((community.longitude or 120.15) + rng.uniform(-0.002, 0.002), 6),
                "latitude": round((community.latitude or 30.28) + rng.uniform(-0.002, 0.002), 6),
                "capacity": rng.choice((30, 40, 50, 60, 80, 100, 120)),
                "opens_at": opens,
                "closes_at": closes,
                "open_weekdays": ALL_WEEKDAYS if rng.random() < 0.7 else 0b0111111,
                "services": sorted(
                    s.value for s in (*_CORE_SERVICES, *rng.sample(_OPTIONAL_SERVICES, 3))
                ),
                "created_at": now - timedelta(days=history_days),
                "updated_at": now,
            }
        )
        for kind, label in DEVICES:
            devices.append(
                {
                    "id": device_id,
                    "station_id": station_id,
                    "kind": kind,
                    "name": label,
                    "token_hash": hashlib.sha256(
                        demo_device_token(seed, device_id).encode()
                    ).hexdigest(),
                    "last_seq": None,
                    "last_seen_at": now,
                    "reports_online": True,
                    "reports_online_at": now,
                    "created_at": now - timedelta(days=history_days),
                }
            )
            device_id += 1
        station_id += 1
    if not stations:
        return StationsSummary(False, 0, 0, 0)
    await insert_rows(session, StationRow, stations)
    await insert_rows(session, DeviceRow, devices)
    await insert_rows(session, StationLiveRow, [_live(row, now, rng) for row in stations])
    hours, services = _history(stations, now, history_days, rng)
    await insert_rows(session, StationHourRow, hours)
    await insert_rows(session, StationHourServiceRow, services)
    await rebuild_organization_hours(session)
    await reset_id_sequences(session, _TABLES)
    return StationsSummary(True, len(stations), len(devices), len(hours))


def _live(station: dict[str, Any], now: datetime, rng: random.Random) -> dict[str, Any]:
    """Plausible figures for now; status is left OFFLINE-free: open by hours, else closed."""
    local = now + timedelta(hours=8)
    open_now = is_open_hour(station["opens_at"], station["closes_at"], local.hour) and bool(
        station["open_weekdays"] & (1 << local.weekday())
    )
    occupancy = (
        int(station["capacity"] * demand(local.hour) * rng.uniform(0.2, 0.6)) if open_now else 0
    )
    return {
        "station_id": station["id"],
        "status": StationStatus.OPEN if open_now else StationStatus.CLOSED,
        "status_changed_at": now,
        "last_heartbeat_at": now,
        "occupancy": occupancy,
        "occupancy_base_at": now,
        "queue_length": occupancy // 8,
        "queue_at": now,
        "staff_on_duty": rng.randint(2, 5) if open_now else 0,
        "staff_at": now,
        "reported_open": None,
        "reported_open_at": None,
    }


def _history(
    stations: list[dict[str, Any]], now: datetime, days: int, rng: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Hourly roll-ups for the open hours of the last `days` days (up to the current hour).

    Services by type are kept per day in the demo (on the day's first open hour), which is
    exact for every window of whole days and keeps the demo quick to seed.
    """
    hours: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    current = hour_of(now)
    first = current - timedelta(days=days)
    for station in stations:
        popularity = rng.uniform(0.5, 1.3) * station["capacity"] / 60
        offered = [ServiceType(s) for s in station["services"]]
        day_start: datetime | None = None
        day_served = 0
        moment = first
        while moment <= current:
            local = moment + timedelta(hours=8)
            if local.hour == 0 and day_start is not None:
                services += _split(station["id"], day_start, day_served, offered, rng)
                day_start, day_served = None, 0
            if station["open_weekdays"] & (1 << local.weekday()) and is_open_hour(
                station["opens_at"], station["closes_at"], local.hour
            ):
                weekend = 1.2 if local.weekday() >= 5 else 1.0
                mean = 14 * demand(local.hour) * popularity * weekend
                visitors = max(0, round(mean * rng.uniform(0.6, 1.4)))
                served = round(visitors * rng.uniform(0.6, 0.85))
                hours.append(
                    {
                        "station_id": station["id"],
                        "hour": moment,
                        "local_hour": local.hour,
                        "readings": visitors * 2 + served + 12,
                        "visitors_in": visitors,
                        "visitors_out": visitors,
                        "served": served,
                        "peak_occupancy": min(station["capacity"], round(visitors * 0.6)),
                        "peak_queue": served // 5,
                    }
                )
                day_start = day_start or moment
                day_served += served
            moment += timedelta(hours=1)
        if day_start is not None:
            services += _split(station["id"], day_start, day_served, offered, rng)
    return hours, services


def _split(
    station_id: int, hour: datetime, served: int, offered: list[ServiceType], rng: random.Random
) -> list[dict[str, Any]]:
    """A day's people served, spread over the station's services."""
    if not served:
        return []
    weights = [rng.uniform(0.2, 1.0) for _ in offered]
    shares = [round(served * w / sum(weights)) for w in weights]
    shares[0] += served - sum(shares)
    return [
        {"station_id": station_id, "hour": hour, "service_type": s, "served": n}
        for s, n in zip(offered, shares, strict=True)
        if n > 0
    ]
