"""Where a series' slow requests come from (issue 12: 1-3 in 100 take 180-630 ms while p95
stays near p50).

The whole app in process, as bench.aggregates runs it, one request after another; while the
series runs, every suspect is recorded with its times: garbage collections (a gc callback,
by generation), background jobs (each run of every periodic job), event-loop stalls (a
ticker that should wake every 5 ms), new database connections (the pool's connect event),
the request's own SQL time (cursor events), this process's CPU during the request, and
PostgreSQL's autovacuum workers and checkpoints (sampled from pg_stat_activity and
pg_stat_bgwriter on a connection of their own). A request is an outlier when it takes more
than three times the median and 20 ms more; each outlier is printed with what overlapped
it, and the causes are counted. `--freeze-every N` settles the heap (bench-side gc.freeze)
every N requests, `--no-jobs` runs without the periodic jobs: the series without a cause.

    .venv/bin/python -m bench.outliers --database-url postgresql://…/zhdj_bench \\
        --document members_by_status --level DISTRICT --requests 1000
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.aggregates import DOCUMENTS, LEVEL_NODE
from bench.common import bench_app, query, report
from bench.progress import say
from jobs.periodic import PeriodicJob

Span = tuple[float, float, str]  # start, end (perf_counter seconds), what


@dataclass
class Suspects:
    spans: list[Span] = field(default_factory=list)
    collected: dict[float, int] = field(default_factory=dict)  # by a collection's start
    sql_seconds: float = 0.0
    _gc_started: float = 0.0

    def gc_callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            generation = info.get("generation")
            self.spans.append((self._gc_started, time.perf_counter(), f"gc gen{generation}"))
            self.collected[self._gc_started] = int(info.get("collected", 0))

    def timed(self, name: str, run: Callable[[], Awaitable[object]]) -> Callable[[], Any]:
        async def timed_run() -> object:
            began = time.perf_counter()
            try:
                return await run()
            finally:
                self.spans.append((began, time.perf_counter(), f"job {name}"))

        return timed_run

    async def ticker(self) -> None:
        """Event-loop stalls: the loop wakes this every 5 ms unless something holds it."""
        while True:
            began = time.perf_counter()
            await asyncio.sleep(0.005)
            late = time.perf_counter() - began - 0.005
            if late > 0.02:
                self.spans.append((began + 0.005, began + 0.005 + late, "loop stall"))

    async def postgres(self, url: str) -> None:
        """Autovacuum workers and checkpoints, twice a second, on a connection of their own."""
        engine = create_async_engine(url, pool_size=1)
        workers = text(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
        )
        checkpoints = text("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")
        try:
            async with engine.connect() as connection:
                seen = (await connection.execute(checkpoints)).scalar()
                while True:
                    began = time.perf_counter()
                    if (await connection.execute(workers)).scalar():
                        self.spans.append((began - 0.5, began, "autovacuum"))
                    now = (await connection.execute(checkpoints)).scalar()
                    if now != seen:
                        self.spans.append((began - 0.5, began, "checkpoint"))
                        seen = now
                    await connection.rollback()
                    await asyncio.sleep(0.5)
        finally:
            await engine.dispose()


@contextmanager
def timed_jobs(suspects: Suspects, *, run: bool) -> Iterator[None]:
    """Every periodic job the app creates reports its runs (or, `run` False, never starts)."""
    original, start = PeriodicJob.__init__, PeriodicJob.start

    def init(job: PeriodicJob, name: str, interval: float, work: Any) -> None:
        original(job, name, interval, suspects.timed(name, work))

    PeriodicJob.__init__ = init  # type: ignore[method-assign,assignment]
    if not run:
        PeriodicJob.start = lambda _job: None  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        PeriodicJob.__init__, PeriodicJob.start = original, start  # type: ignore[method-assign]


def listen_to_engine(engine: Any, suspects: Suspects) -> None:
    sync = engine.sync_engine
    started: dict[int, float] = {}

    @event.listens_for(sync, "before_cursor_execute")
    def before(_c: Any, cursor: Any, *_args: Any) -> None:
        started[id(cursor)] = time.perf_counter()

    @event.listens_for(sync, "after_cursor_execute")
    def after(_c: Any, cursor: Any, *_args: Any) -> None:
        suspects.sql_seconds += time.perf_counter() - started.pop(id(cursor), time.perf_counter())

    @event.listens_for(sync.pool, "connect")
    def connected(*_args: Any) -> None:
        now = time.perf_counter()
        suspects.spans.append((now - 0.001, now, "new connection"))


@dataclass(frozen=True, slots=True)
class Sample:
    start: float
    end: float
    cpu_ms: float
    sql_ms: float

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000


async def series(options: argparse.Namespace) -> dict[str, Any]:
    suspects = Suspects()
    gc.callbacks.append(suspects.gc_callback)
    background: list[asyncio.Task[None]] = []
    try:
        with timed_jobs(suspects, run=not options.no_jobs):
            async with bench_app(options.database_url) as (app, client, token):
                suspects.spans.append((time.perf_counter(), time.perf_counter(), "ready"))
                listen_to_engine(app.state.services.database.engine, suspects)
                background.append(asyncio.create_task(suspects.ticker()))
                if options.database_url.startswith("postgresql"):
                    background.append(asyncio.create_task(suspects.postgres(options.database_url)))
                found = await query(client, token, LEVEL_NODE, level=options.level)
                node = found["organizations"]["nodes"][0]
                document = DOCUMENTS[options.document]
                say(f"{options.level.lower()} {node['name']}: {options.document}, warming up …")
                for _ in range(20):
                    await query(client, token, document, id=node["id"])
                samples: list[Sample] = []
                for number in range(1, options.requests + 1):
                    if options.freeze_every and number % options.freeze_every == 0:
                        gc.freeze()
                    sql_before, cpu = suspects.sql_seconds, time.process_time()
                    began = time.perf_counter()
                    await query(client, token, document, id=node["id"])
                    ended = time.perf_counter()
                    samples.append(
                        Sample(
                            began,
                            ended,
                            (time.process_time() - cpu) * 1000,
                            (suspects.sql_seconds - sql_before) * 1000,
                        )
                    )
                    if number % 250 == 0:
                        say(f"{number} of {options.requests} requests")
    finally:
        for task in background:
            task.cancel()
        gc.callbacks.remove(suspects.gc_callback)
    return judge(samples, suspects.spans, suspects.collected)


def _overlap(sample: Sample, start: float, end: float) -> float:
    return max(0.0, min(end, sample.end) - max(start, sample.start)) * 1000


def causes_of(sample: Sample, spans: list[Span], excess_ms: float) -> list[str]:
    """What overlapped the request for at least a fifth of its excess over the median (a
    young collection of a millisecond beside a 100 ms request explains nothing); else whether
    it waited on SQL, waited off the CPU, or worked."""
    overlaps: dict[str, float] = {}
    for start, end, what in spans:
        overlaps[what] = overlaps.get(what, 0.0) + _overlap(sample, start, end)
    found = sorted(
        f"{what} ({ms:.0f} ms)"
        for what, ms in overlaps.items()
        if what != "loop stall" and ms >= excess_ms / 5
    )
    if found:
        return found
    if sample.sql_ms > sample.ms / 2:
        return ["slow SQL"]
    if sample.cpu_ms < sample.ms / 2:
        return ["off CPU (neither SQL nor this process's work: other processes on the cores)"]
    return ["this request's own work"]


def judge(samples: list[Sample], spans: list[Span], collected: dict[float, int]) -> dict[str, Any]:
    times = sorted(sample.ms for sample in samples)
    median = statistics.median(times)
    limit = max(3 * median, median + 20)
    causes: Counter[str] = Counter()
    outliers = []
    for sample in samples:
        if sample.ms <= limit:
            continue
        found = causes_of(sample, spans, sample.ms - median)
        causes.update(cause.split(" (")[0] for cause in found)
        outliers.append(
            {"ms": round(sample.ms, 1), "cpu_ms": round(sample.cpu_ms, 1),
             "sql_ms": round(sample.sql_ms, 1), "with": found}
        )  # fmt: skip
        say(
            f"outlier {sample.ms:.0f} ms (CPU {sample.cpu_ms:.0f}, SQL {sample.sql_ms:.0f}): "
            + ", ".join(found)
        )

    def at(share: float) -> float:
        return round(times[min(len(times) - 1, int(share * len(times)))], 2)

    pauses: dict[str, list[float]] = {}
    for start, end, what in spans:
        if what.startswith(("gc", "job")):
            pauses.setdefault(what, []).append((end - start) * 1000)
    figures = {
        "requests": len(samples), "p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99),
        "max_ms": round(times[-1], 1), "outlier_limit_ms": round(limit, 1),
        "median_cpu_ms": round(statistics.median(s.cpu_ms for s in samples), 2),
        "median_sql_ms": round(statistics.median(s.sql_ms for s in samples), 2),
        "outliers": len(outliers), "causes": dict(causes), "each": outliers,
        "pauses": {what: {"count": len(ms), "median_ms": round(statistics.median(ms), 2),
                          "max_ms": round(max(ms), 1)} for what, ms in sorted(pauses.items())},
    }  # fmt: skip
    began = next(start for start, _end, what in spans if what == "ready")
    long = [
        f"{what} {(end - start) * 1000:.0f} ms at {start - began:+.1f} s"
        + (f" ({collected[start]:,} objects freed)" if start in collected else "")
        for start, end, what in spans
        if what.startswith(("gc", "job")) and end - start > 0.02
    ]
    figures["long_pauses"] = long
    say(f"collections and job runs: {figures['pauses']}")
    say(f"those over 20 ms (time from the app's readiness, - before): {long}")
    say(
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, "
        f"max {figures['max_ms']} ms (median CPU {figures['median_cpu_ms']} ms, SQL "
        f"{figures['median_sql_ms']} ms); {len(outliers)} outliers over {limit:.0f} ms: "
        f"{dict(causes) or 'none'}"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--document", choices=list(DOCUMENTS), default="members_by_status")
    parser.add_argument("--level", choices=["CITY", "DISTRICT", "COMMUNITY"], default="DISTRICT")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--freeze-every", type=int, default=0)
    parser.add_argument("--no-jobs", action="store_true")
    parser.add_argument("--name", default="outliers", help="bench/results/<name>.json")
    options = parser.parse_args()
    report(options.name, asyncio.run(series(options)))


if __name__ == "__main__":
    main()
