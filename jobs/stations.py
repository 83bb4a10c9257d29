"""The stations' background jobs: status upkeep (offline detection, opening hours) and the
retention of raw readings. Both are safe to run on every instance at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.base import utcnow
from db.engine import Database
from db.stations.telemetry import delete_readings_before
from jobs.periodic import PeriodicJob
from jobs.simulator import Simulator
from resolvers.changes import Publish
from resolvers.stations.config import StationConfig
from resolvers.stations.status import refresh_statuses

RETENTION_INTERVAL = 3600.0
WAKEUP_RETENTION = timedelta(hours=1)


def status_interval(config: StationConfig) -> float:
    """Often enough that a silent station is flagged within a quarter of the offline time."""
    return min(max(config.offline_seconds / 4, 0.5), 15.0)


async def purge_readings(
    database: Database, config: StationConfig, now: datetime | None = None
) -> int:
    """Delete raw readings older than the retention window (the roll-ups stay)."""
    moment = now or utcnow()
    cutoff = moment - timedelta(days=config.readings_retention_days)
    async with database.transaction() as session:
        return await delete_readings_before(session, cutoff, moment - WAKEUP_RETENTION)


def station_jobs(database: Database, publish: Publish, config: StationConfig) -> list[PeriodicJob]:
    async def statuses() -> int:
        return await refresh_statuses(database, publish, config)

    async def retention() -> int:
        return await purge_readings(database, config)

    return [
        PeriodicJob("station-status", status_interval(config), statuses),
        PeriodicJob("station-readings-retention", RETENTION_INTERVAL, retention),
    ]


def simulation_job(
    database: Database, publish: Publish, config: StationConfig, rate: float
) -> PeriodicJob:
    """The demo's gentle device simulation, one tick a second."""
    simulator = Simulator(database, publish, config, rate=rate)
    return PeriodicJob("demo-simulation", 1.0, simulator.tick)
