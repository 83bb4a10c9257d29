"""The device simulator: realistic telemetry for the demo stations at a chosen rate.

It drives the same ingestion code path as the `recordReadings` mutation (the resolver function
`resolvers.stations.telemetry.ingest`: token check, validation, de-duplication, roll-ups,
status events, screen wake-ups), called in-process rather than over HTTP, so it needs no
running server and its readings behave exactly like a gateway's. Demo device tokens are
recomputed from the demo seed (see generators/demo/stations.py). Visitors follow opening hours
with lunchtime and evening peaks; now and then a station's gateway loses power for a while, so
the station goes offline and comes back.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from db.base import CHINA_STANDARD_TIME, utcnow
from db.engine import Database
from db.organizations.models import get_organization_by_code
from db.stations.live import stations_with_live
from db.stations.models import DeviceKind, ServiceType, get_devices_by_station_ids
from db.stations.telemetry import ReadingKind
from generators.demo.seed import DEFAULT_SEED, ROOT_CODE
from generators.demo.stations import demand, demo_device_token
from resolvers.changes import Publish
from resolvers.stations.config import StationConfig
from resolvers.stations.telemetry import MAX_BATCH, ReadingDraft, ingest

logger = logging.getLogger("zhdj.simulator")
GENTLE_RATE = 5.0


@dataclass
class SimStation:
    station_id: int
    capacity: int
    opens_at: time
    closes_at: time
    weekdays: int
    services: list[ServiceType]
    tokens: dict[DeviceKind, str]
    seqs: dict[DeviceKind, int]
    inside: int
    outage_until: datetime | None = None
    last_beat: datetime | None = None
    was_open: bool | None = None
    readings: list[ReadingDraft] = field(default_factory=list)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(CHINA_STANDARD_TIME)
        moment = local.time().replace(tzinfo=None)
        return bool(self.weekdays & (1 << local.weekday())) and (
            self.opens_at <= moment < self.closes_at
        )

    def emit(
        self,
        kind: DeviceKind,
        reading: ReadingKind,
        at: datetime,
        value: int = 1,
        service: ServiceType | None = None,
    ) -> None:
        if kind not in self.tokens:
            return
        self.seqs[kind] += 1
        self.readings.append(
            ReadingDraft(self.tokens[kind], self.seqs[kind], at, reading, value, service)
        )


class Simulator:
    def __init__(
        self,
        database: Database,
        publish: Publish,
        config: StationConfig,
        *,
        rate: float = GENTLE_RATE,
        seed: int = DEFAULT_SEED,
        outage_every: float = 600.0,
        rng: random.Random | None = None,
    ) -> None:
        self.database = database
        self.publish = publish
        self.config = config
        self.rate = rate
        self.seed = seed
        self.outage_every = outage_every
        self.rng = rng or random.Random()
        self.stations: list[SimStation] = []
        self.sent = 0

    async def load(self) -> int:
        """The demo stations and their devices; 0 when the demo is not seeded."""
        async with self.database.session() as session:
            root = await get_organization_by_code(session, ROOT_CODE)
            if root is None:
                return 0
            rows = await stations_with_live(session, under=[root.path])
            stations = {station.id: (station, live) for station, live in rows}
            by_station = await get_devices_by_station_ids(session, list(stations))
        self.stations = [
            SimStation(
                station_id=station.id,
                capacity=station.capacity,
                opens_at=station.opens_at,
                closes_at=station.closes_at,
                weekdays=station.open_weekdays,
                services=[ServiceType(s) for s in station.services] or [ServiceType.OTHER],
                tokens={d.kind: demo_device_token(self.seed, d.id) for d in by_station[station.id]},
                seqs={d.kind: d.last_seq or 0 for d in by_station[station.id]},
                inside=max(live.occupancy, 0),
            )
            for station, live in stations.values()
        ]
        return len(self.stations)

    def generate(self, now: datetime, seconds: float) -> list[ReadingDraft]:
        """The readings of the last `seconds` up to `now`."""
        rng = self.rng
        beat_every = min(30.0, self.config.offline_seconds / 3)
        live: list[SimStation] = []
        for station in self.stations:
            station.readings = []
            if station.outage_until is not None and now < station.outage_until:
                continue
            outage_chance = seconds / (self.outage_every * max(len(self.stations), 1))
            if rng.random() < outage_chance:
                length = self.config.offline_seconds * rng.uniform(1.5, 3.0)
                station.outage_until = now + timedelta(seconds=length)
                logger.info("simulated power cut at station %d", station.station_id)
                continue
            live.append(station)
            self._upkeep(station, now, beat_every)
        weights = [self._weight(station, now) for station in live]
        budget = int(self.rate * seconds + rng.random())
        if any(weights):
            for station in rng.choices(live, weights=weights, k=budget):
                self._visit(station, now - timedelta(seconds=rng.uniform(0, seconds)))
        return [reading for station in live for reading in station.readings]

    def _weight(self, station: SimStation, now: datetime) -> float:
        if station.is_open(now):
            hour = now.astimezone(CHINA_STANDARD_TIME).hour
            return demand(hour) * station.capacity
        return 1.0 if station.inside else 0.0

    def _upkeep(self, station: SimStation, now: datetime, beat_every: float) -> None:
        is_open = station.is_open(now)
        if is_open != station.was_open:
            staff = self.rng.randint(2, 5) if is_open else 0
            station.emit(DeviceKind.SERVICE_TERMINAL, ReadingKind.STAFF, now, staff)
            if station.was_open and not is_open:  # closing time: everyone still in leaves
                for _ in range(station.inside):
                    station.emit(DeviceKind.DOOR_COUNTER, ReadingKind.LEFT, now)
                station.inside = 0
            station.was_open = is_open
        if station.last_beat is None or (now - station.last_beat).total_seconds() >= beat_every:
            station.last_beat = now
            station.emit(DeviceKind.DOOR_COUNTER, ReadingKind.HEARTBEAT, now, 0)
            camera_up = int(self.rng.random() > 0.02)
            station.emit(DeviceKind.CAMERA, ReadingKind.CAMERA, now, camera_up)
            station.emit(DeviceKind.SERVICE_TERMINAL, ReadingKind.HEARTBEAT, now, 0)

    def _visit(self, station: SimStation, at: datetime) -> None:
        rng = self.rng
        if not station.is_open(at):
            if station.inside:
                station.inside -= 1
                station.emit(DeviceKind.DOOR_COUNTER, ReadingKind.LEFT, at)
            return
        hour = at.astimezone(CHINA_STANDARD_TIME).hour
        target = station.capacity * demand(hour) * 0.75
        roll = rng.random()
        if roll < 0.75:
            entering = rng.random() < (0.65 if station.inside < target else 0.3)
            if entering or not station.inside:
                station.inside += 1
                station.emit(DeviceKind.DOOR_COUNTER, ReadingKind.ENTERED, at)
            else:
                station.inside -= 1
                station.emit(DeviceKind.DOOR_COUNTER, ReadingKind.LEFT, at)
        elif roll < 0.92:
            service = rng.choice(station.services)
            station.emit(DeviceKind.SERVICE_TERMINAL, ReadingKind.SERVICE, at, 1, service)
        else:
            queue = max(0, round(station.inside / 6 + rng.uniform(-1, 1)))
            station.emit(DeviceKind.CAMERA, ReadingKind.QUEUE, at, queue)

    async def tick(self, seconds: float = 1.0) -> int:
        """Generate and ingest one interval's readings; the number sent."""
        if not self.stations and not await self.load():
            return 0
        readings = self.generate(utcnow(), seconds)
        for start in range(0, len(readings), MAX_BATCH):
            await ingest(
                self.database, self.publish, readings[start : start + MAX_BATCH], self.config
            )
        self.sent += len(readings)
        return len(readings)

    async def run(self, interval: float = 1.0) -> None:
        """Tick every `interval` seconds until cancelled."""
        if not await self.load():
            raise RuntimeError("no demo stations: seed the demo first (python server.py seed)")
        logger.info("simulating %d stations at %.0f readings/s", len(self.stations), self.rate)
        while True:
            started = asyncio.get_running_loop().time()
            try:
                await self.tick(interval)
            except Exception:
                logger.exception("a simulated batch was refused; continuing")
            elapsed = asyncio.get_running_loop().time() - started
            await asyncio.sleep(max(0.0, interval - elapsed))
