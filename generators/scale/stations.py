"""City-scale service stations: devices, live rows, and hourly roll-ups of a history of days.

Stations go to the communities in turn (5,000 over 3,000 communities: some have two). Hours
and visitor figures follow the demo's model (generators/demo/stations.py); people served by service
type are kept per day, on the day's first open hour, as in the demo.

Alive for the benches: a live row's heartbeat and its devices' last-seen are stamped
`alive_until` (load time plus some hours, in the future on purpose), so the stations count as
online, and no sweeper marks them offline, until then; about one in twenty-five is left
silent for days (offline). Each run of the command re-stamps them (`restamp_alive`).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from db.stations.models import ALL_WEEKDAYS, ServiceType, StationStatus
from db.stations.telemetry import hour_of
from generators.demo.stations import DEVICES, demand, is_open_hour

STATION_COLUMNS = ("id", "organization_id", "org_path", "name", "address", "longitude",
                   "latitude", "capacity", "opens_at", "closes_at", "open_weekdays", "services",
                   "created_at", "updated_at")  # fmt: skip
DEVICE_COLUMNS = ("id", "station_id", "kind", "name", "token_hash", "last_seen_at",
                  "reports_online", "reports_online_at", "created_at")  # fmt: skip
LIVE_COLUMNS = ("station_id", "status", "status_changed_at", "last_heartbeat_at",
                "occupancy", "occupancy_base_at", "queue_length", "queue_at", "staff_on_duty",
                "staff_at")  # fmt: skip
HOUR_COLUMNS = ("station_id", "hour", "local_hour", "readings", "visitors_in", "visitors_out",
                "served", "peak_occupancy", "peak_queue")  # fmt: skip
SERVICE_COLUMNS = ("station_id", "hour", "service_type", "served")
SILENT_EVERY = 25  # one station in this many is offline (silent for days)
_CORE = (ServiceType.PARTY_AFFAIRS, ServiceType.PETITION_RECEPTION)
_OPTIONAL = tuple(s for s in ServiceType if s not in (*_CORE, ServiceType.OTHER))
_CAPACITIES = (30, 40, 50, 60, 80, 100, 120)


@dataclass(frozen=True)
class Community:
    id: int
    path: str
    longitude: float
    latitude: float


@dataclass(frozen=True)
class Station:
    id: int
    capacity: int
    opens: time
    closes: time
    weekdays: int
    services: tuple[ServiceType, ...]
    popularity: float


def device_token_hash(device_id: int) -> str:
    """sha256 of a token only the scale data uses (the demo's tokens are HMACs of its seed)."""
    return hashlib.sha256(f"zhdj-scale-device-{device_id}".encode()).hexdigest()


def stations(
    count: int, communities: Sequence[Community], first_id: int, created: datetime
) -> tuple[list[Station], list[tuple[Any, ...]]]:
    """The stations (for the history) and their records for COPY."""
    rng = random.Random(5)
    found, records = [], []
    for offset in range(count):
        community = communities[offset % len(communities)]
        station = Station(
            id=first_id + offset,
            capacity=rng.choice(_CAPACITIES),
            opens=time(8, 30) if rng.random() < 0.6 else time(9, 0),
            closes=time(20, 0) if rng.random() < 0.5 else time(18, 0),
            weekdays=ALL_WEEKDAYS if rng.random() < 0.7 else 0b0111111,
            services=(*_CORE, *rng.sample(_OPTIONAL, 3)),
            popularity=rng.uniform(0.5, 1.3),
        )
        found.append(station)
        number = offset // len(communities) + 1
        records.append((
            station.id, community.id, community.path, f"规模测试第{offset + 1}党群服务站",
            f"第{number}服务中心一楼", community.longitude + rng.uniform(-0.002, 0.002),
            community.latitude + rng.uniform(-0.002, 0.002), station.capacity, station.opens,
            station.closes, station.weekdays, json.dumps(sorted(s.value for s in station.services)),
            created, created,
        ))  # fmt: skip
    return found, records


def is_silent(station: Station) -> bool:
    return station.id % SILENT_EVERY == 0


def devices(
    found: Sequence[Station], first_id: int, created: datetime, alive_until: datetime
) -> Iterator[tuple[Any, ...]]:
    device_id = first_id
    for station in found:
        seen = created if is_silent(station) else alive_until
        for kind, label in DEVICES:
            yield (device_id, station.id, kind.value, label, device_token_hash(device_id), seen,
                   True, seen, created)  # fmt: skip
            device_id += 1


def _is_open(station: Station, local: datetime) -> bool:
    return bool(station.weekdays & (1 << local.weekday())) and is_open_hour(
        station.opens, station.closes, local.hour
    )


def live_rows(
    found: Sequence[Station], now: datetime, alive_until: datetime
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(6)
    local = now + timedelta(hours=8)
    for station in found:
        if is_silent(station):
            silent_since = now - timedelta(days=3)
            yield (station.id, StationStatus.OFFLINE.value, silent_since, silent_since, 0, now,
                   0, now, 0, now)  # fmt: skip
            continue
        open_now = _is_open(station, local)
        occupancy = (
            int(station.capacity * demand(local.hour) * rng.uniform(0.2, 0.6)) if open_now else 0
        )
        status = StationStatus.OPEN if open_now else StationStatus.CLOSED
        yield (station.id, status.value, now, alive_until, occupancy, now, occupancy // 8, now,
               rng.randint(2, 5) if open_now else 0, now)  # fmt: skip


@dataclass
class History:
    """Hourly roll-ups over the open hours of `days` days up to now's hour; the per-service
    rows of each day collect in `services` (drained by the loader between chunks)."""

    found: Sequence[Station]
    now: datetime
    days: int

    def __post_init__(self) -> None:
        self.services: list[tuple[Any, ...]] = []

    def hours(self) -> Iterator[tuple[Any, ...]]:
        rng = random.Random(7)
        current = hour_of(self.now)
        moments = [current - timedelta(hours=n) for n in range(self.days * 24, -1, -1)]
        locals_ = [(moment, moment + timedelta(hours=8)) for moment in moments]
        for station in self.found:
            mean_base = 14 * station.popularity * station.capacity / 60
            day_start: datetime | None = None
            day_served = 0
            for moment, local in locals_:
                if local.hour == 0 and day_start is not None:
                    self._split(station, day_start, day_served, rng)
                    day_start, day_served = None, 0
                if not _is_open(station, local):
                    continue
                weekend = 1.2 if local.weekday() >= 5 else 1.0
                visitors = round(mean_base * demand(local.hour) * weekend * rng.uniform(0.6, 1.4))
                served = round(visitors * rng.uniform(0.6, 0.85))
                yield (station.id, moment, local.hour, visitors * 2 + served + 12, visitors,
                       visitors, served, min(station.capacity, round(visitors * 0.6)),
                       served // 5)  # fmt: skip
                day_start = day_start or moment
                day_served += served
            if day_start is not None:
                self._split(station, day_start, day_served, rng)

    def _split(self, station: Station, hour: datetime, served: int, rng: random.Random) -> None:
        if not served:
            return
        weights = [rng.uniform(0.2, 1.0) for _ in station.services]
        total = sum(weights)
        shares = [round(served * weight / total) for weight in weights]
        shares[0] += served - sum(shares)
        self.services += [
            (station.id, hour, service.value, n)
            for service, n in zip(station.services, shares, strict=True)
            if n > 0
        ]
