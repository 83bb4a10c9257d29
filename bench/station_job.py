"""The station-status job's event-loop CPU per run at city scale (issue #12's outliers: requests
queue behind a job that holds the loop).

Fills an empty migrated database (it refuses one that has stations) with `--stations`
stations in one organisation, open around the clock and heard from just now, then times
`--runs` runs of `refresh_statuses` with nothing to change (the usual tick) and one run in
which every `--silent-every`th station has gone silent (that many flip to offline). Each run
prints this thread's CPU (`time.thread_time`: the loop's own work, which neighbours on a
shared machine move far less than wall time) and wall time. To compare with another tree, run
this file from that tree's checkout (`cd /tmp/before && python -m bench.station_job …`).

    .venv/bin/python -m bench.station_job --database-url postgresql://postgres@127.0.0.1/<db>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from dataclasses import dataclass
from datetime import time as clock_time

from sqlalchemy import func, insert, select, update

from bench.progress import say
from db.base import utcnow
from db.engine import Database
from db.migrate import upgrade
from db.stations.models import StationLiveRow, StationRow, StationStatus, station_live_defaults
from resolvers.stations.config import StationConfig
from resolvers.stations.status import refresh_statuses
from tests.factories import create_organization


async def nobody_publishes(_ids: object) -> None:
    return None


async def fill(database: Database, count: int) -> None:
    now = utcnow()
    async with database.transaction() as session:
        if await session.scalar(select(func.count()).select_from(StationRow)):
            raise SystemExit("the database already has stations: give an empty migrated one")
        org = await create_organization(session, code=f"bench-stations-{os.getpid()}")
        ids = await session.scalars(
            insert(StationRow).returning(StationRow.id),
            [
                {
                    "organization_id": org.id,
                    "org_path": org.path,
                    "name": f"压测站{index}",
                    "address": "压测路1号",
                    "longitude": 120.15,
                    "latitude": 30.28,
                    "capacity": 100,
                    "opens_at": clock_time(0),  # open around the clock
                    "closes_at": clock_time(0),
                    "services": [],
                }
                for index in range(count)
            ],
        )
        lives = [
            station_live_defaults(station_id, now)
            | {"status": StationStatus.OPEN, "last_heartbeat_at": now}
            for station_id in ids.all()
        ]
        await session.execute(insert(StationLiveRow), lives)


@dataclass
class Run:
    cpu_ms: float
    wall_ms: float
    longest_hold_ms: float
    changed: int

    def line(self) -> str:
        return (
            f"loop CPU {self.cpu_ms:.1f} ms, wall {self.wall_ms:.1f} ms, longest hold of the "
            f"loop {self.longest_hold_ms:.1f} ms, {self.changed} changed"
        )


async def watch(holds: list[float]) -> None:
    """How late a 1 ms sleep wakes: the longest time anything held the loop meanwhile."""
    while True:
        begun = time.perf_counter()
        await asyncio.sleep(0.001)
        holds.append((time.perf_counter() - begun) * 1000 - 1)


async def one_run(database: Database, config: StationConfig) -> Run:
    holds: list[float] = [0.0]
    watcher = asyncio.create_task(watch(holds))
    await asyncio.sleep(0)
    cpu, wall = time.thread_time(), time.perf_counter()
    changed = await refresh_statuses(database, nobody_publishes, config)
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    watcher.cancel()
    return Run(cpu * 1000, wall * 1000, max(holds), changed)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--stations", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--silent-every", type=int, default=25)
    args = parser.parse_args()
    database = Database(args.database_url)
    config = StationConfig()
    try:
        await upgrade(database)
        say(f"fill: {args.stations:,} stations")
        await fill(database, args.stations)
        await one_run(database, config)  # warm-up: compiled statements, connections
        cpus = []
        for index in range(args.runs):
            run = await one_run(database, config)
            cpus.append(run.cpu_ms)
            say(f"quiet run {index + 1}: {run.line()}")
        say(f"quiet runs: median loop CPU {statistics.median(cpus):.1f} ms, max {max(cpus):.1f} ms")
        async with database.transaction() as session:
            await session.execute(
                update(StationLiveRow)
                .where(StationLiveRow.station_id % args.silent_every == 0)
                .values(last_heartbeat_at=utcnow() - config.offline_after * 2)
            )
        silent = await one_run(database, config)
        say(f"run with one station in {args.silent_every} silent: {silent.line()}")
        say(f"load average {os.getloadavg()[0]:.1f}")
    finally:
        await database.dispose()


if __name__ == "__main__":
    asyncio.run(main())
