"""Where a series' slow requests come from (issue 12: 1-3 in 100 take 180-630 ms while p95
stays near p50).

The whole app in process, as bench.aggregates runs it, one request after another; while the
series runs, every suspect is recorded with its times: garbage collections (a gc callback,
by generation), background jobs (each run of every periodic job), event-loop stalls (a
ticker that should wake every 5 ms), new database connections (the pool's connect event),
the request's own SQL time (cursor events), this process's CPU during the request, and
PostgreSQL's autovacuum workers and checkpoints (sampled from pg_stat_activity and
pg_stat_bgwriter on a connection of their own). Per request, also where the time went
outside this process's work (Linux's schedstat, so a request can be attributed on a shared
machine): the time the event loop's thread was runnable but waited for a core (run queue),
the CPU and run-queue wait of the PostgreSQL backends serving the pool (their /proc entries,
found by pg_backend_pid() at connect), the pool checkout wait, and the machine's CPU
pressure (PSI: time some task waited for a core). A request is an outlier when it takes more
than three times the median and 20 ms more; each outlier is printed with what overlapped
it and these parts, and the causes are counted: a request whose own CPU and statements'
CPU are short but whose wall time is long waited for the machine's neighbours.
`--freeze-every N` settles the heap (bench-side gc.freeze) every N requests, `--no-jobs` runs
without the periodic jobs: the series without a cause.

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


def _schedstat(path: str) -> tuple[float, float]:
    """A thread's CPU and run-queue wait so far, in ms (0, 0 when unreadable)."""
    try:
        with open(path) as found:
            cpu_ns, queue_ns, *_rest = found.read().split()
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(cpu_ns) / 1e6, int(queue_ns) / 1e6


def _pressure_ms() -> float:
    """The machine's cumulative CPU pressure (some task waited for a core), in ms."""
    try:
        with open("/proc/pressure/cpu") as found:
            some = found.readline().split()
    except OSError:
        return 0.0
    return int(some[-1].removeprefix("total=")) / 1000


@dataclass
class Suspects:
    spans: list[Span] = field(default_factory=list)
    collected: dict[float, int] = field(default_factory=dict)  # by a collection's start
    # By a collection's or job run's start: the loop thread's CPU meanwhile, in ms (a long
    # pause that used little CPU waited for a core).
    cpu_ms: dict[float, float] = field(default_factory=dict)
    sql_seconds: float = 0.0
    pool_seconds: float = 0.0
    backends: set[int] = field(default_factory=set)  # PostgreSQL backend pids of the pool
    _gc_started: float = 0.0
    _gc_cpu: float = 0.0

    def clocks(self) -> tuple[float, ...]:
        """This moment's counters, in ms: wall, CPU, loop thread's run queue, backends' CPU
        and run queue, statements, pool wait, CPU pressure (differences make a request's)."""
        _loop_cpu, loop_queue = _schedstat("/proc/thread-self/schedstat")
        pg = [_schedstat(f"/proc/{pid}/schedstat") for pid in self.backends]
        return (
            time.perf_counter() * 1000,
            time.process_time() * 1000,
            loop_queue,
            sum(cpu for cpu, _queue in pg),
            sum(queue for _cpu, queue in pg),
            self.sql_seconds * 1000,
            self.pool_seconds * 1000,
            _pressure_ms(),
        )

    def gc_callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_cpu = time.thread_time()
            self._gc_started = time.perf_counter()
        else:
            generation = info.get("generation")
            self.spans.append((self._gc_started, time.perf_counter(), f"gc gen{generation}"))
            self.collected[self._gc_started] = int(info.get("collected", 0))
            self.cpu_ms[self._gc_started] = (time.thread_time() - self._gc_cpu) * 1000

    def timed(self, name: str, run: Callable[[], Awaitable[object]]) -> Callable[[], Any]:
        async def timed_run() -> object:
            began, cpu = time.perf_counter(), time.thread_time()
            try:
                return await run()
            finally:
                # The loop thread's CPU meanwhile: the job's, and a request's interleaved.
                self.cpu_ms[began] = (time.thread_time() - cpu) * 1000
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
    def connected(dbapi_connection: Any, *_args: Any) -> None:
        now = time.perf_counter()
        suspects.spans.append((now - 0.001, now, "new connection"))
        if sync.dialect.name == "postgresql":
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT pg_backend_pid()")
            suspects.backends.add(int(cursor.fetchone()[0]))
            cursor.close()

    pool = sync.pool
    checkout = pool._do_get

    def timed_checkout() -> Any:
        began = time.perf_counter()
        try:
            return checkout()
        finally:
            suspects.pool_seconds += time.perf_counter() - began

    pool._do_get = timed_checkout


@dataclass(frozen=True, slots=True)
class Sample:
    start: float  # perf_counter seconds
    end: float
    cpu_ms: float  # this process
    queue_ms: float  # the event loop's thread runnable, waiting for a core
    pg_cpu_ms: float  # the pool's PostgreSQL backends
    pg_queue_ms: float
    sql_ms: float  # statements, as the driver saw them
    pool_ms: float  # checkout wait
    pressure_ms: float  # the machine: some task waited for a core

    @classmethod
    def between(cls, before: tuple[float, ...], after: tuple[float, ...]) -> Sample:
        wall, *parts = (end - start for start, end in zip(before, after, strict=True))
        return cls(before[0] / 1000, before[0] / 1000 + wall / 1000, *parts)

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000

    @property
    def waited_ms(self) -> float:
        """Runnable but not running: this process's loop thread and its backends."""
        return self.queue_ms + self.pg_queue_ms


async def series(options: argparse.Namespace) -> dict[str, Any]:
    suspects = Suspects()
    gc.callbacks.append(suspects.gc_callback)
    background: list[asyncio.Task[None]] = []
    try:
        with timed_jobs(suspects, run=not options.no_jobs):
            async with bench_app(options.database_url) as (app, client, token):
                suspects.spans.append((time.perf_counter(), time.perf_counter(), "ready"))
                # Pooled connections opened at start-up and login are closed first, so that
                # the connect event sees (and finds the backend of) every one the series uses.
                engine = app.state.services.database.engine
                await engine.dispose()
                listen_to_engine(engine, suspects)
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
                    before = suspects.clocks()
                    await query(client, token, document, id=node["id"])
                    samples.append(Sample.between(before, suspects.clocks()))
                    if number % 250 == 0:
                        say(f"{number} of {options.requests} requests")
    finally:
        for task in background:
            task.cancel()
        gc.callbacks.remove(suspects.gc_callback)
    return judge(samples, suspects)


def _overlap(sample: Sample, start: float, end: float) -> float:
    return max(0.0, min(end, sample.end) - max(start, sample.start)) * 1000


def causes_of(sample: Sample, spans: list[Span], typical: Sample, excess_ms: float) -> list[str]:
    """What took at least a fifth of the request's excess over the median (a young
    collection of a millisecond beside a 100 ms request explains nothing): what overlapped it
    (collections, job runs, new connections, autovacuum, checkpoints), the pool's wait, the
    machine (this loop's thread and its backends runnable but waiting for a core), more
    statement CPU or more of this process's CPU than the median request; else a statement
    that waited without working (locks, I/O), or time unaccounted for."""
    parts: dict[str, float] = {}
    for start, end, what in spans:
        if what != "loop stall":
            parts[what] = parts.get(what, 0.0) + _overlap(sample, start, end)
    parts |= {
        "pool wait": sample.pool_ms,
        "waited for a core": sample.waited_ms,
        "statements' CPU": sample.pg_cpu_ms - typical.pg_cpu_ms,
        "own CPU": sample.cpu_ms - typical.cpu_ms,
    }
    found = sorted(f"{what} ({ms:.0f} ms)" for what, ms in parts.items() if ms >= excess_ms / 5)
    if found:
        return found
    if sample.sql_ms - typical.sql_ms >= excess_ms / 2:
        return ["slow SQL off CPU (locks, I/O)"]
    return ["unaccounted"]


_PARTS = ("cpu_ms", "queue_ms", "pg_cpu_ms", "pg_queue_ms", "sql_ms", "pool_ms", "pressure_ms")


def judge(samples: list[Sample], suspects: Suspects) -> dict[str, Any]:
    spans, collected, cpu_ms = suspects.spans, suspects.collected, suspects.cpu_ms
    times = sorted(sample.ms for sample in samples)
    median = statistics.median(times)
    typical = Sample(
        0, 0, *(statistics.median(getattr(s, name) for s in samples) for name in _PARTS)
    )
    limit = max(3 * median, median + 20)
    causes: Counter[str] = Counter()
    outliers = []
    for sample in samples:
        if sample.ms <= limit:
            continue
        found = causes_of(sample, spans, typical, sample.ms - median)
        causes.update(cause.split(" (")[0] for cause in found)
        # Its collections' pauses and the event loop's lag (stalls of the 5 ms ticker).
        paused = {
            kind: round(sum(_overlap(sample, a, b) for a, b, w in spans if w.startswith(prefix)), 1)
            for kind, prefix in (("gc_ms", "gc"), ("loop_lag_ms", "loop stall"))
        }
        parts = {name: round(getattr(sample, name), 1) for name in _PARTS} | paused
        outliers.append({"ms": round(sample.ms, 1)} | parts | {"with": found})
        say(
            f"outlier {sample.ms:.0f} ms ("
            + ", ".join(f"{name} {value:.0f}" for name, value in parts.items())
            + "): "
            + ", ".join(found)
        )

    def at(share: float) -> float:
        return round(times[min(len(times) - 1, int(share * len(times)))], 2)

    # Each request less the time its loop thread and backends waited for a core: what the
    # series would take on cores of its own (an estimate; a quiet machine measures it).
    spared = sorted(sample.ms - sample.waited_ms for sample in samples)
    unwaited = {f"p{int(share * 100)}_ms": round(spared[int(share * (len(spared) - 1))], 2)
                for share in (0.5, 0.95, 0.99, 1.0)}  # fmt: skip
    pauses: dict[str, list[float]] = {}
    first = samples[0].start
    for start, end, what in spans:
        if what.startswith(("gc", "job")):
            when = "series" if start >= first else "start-up and warm-up"
            pauses.setdefault(f"{what} ({when})", []).append((end - start) * 1000)
    figures = {
        "requests": len(samples), "p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99),
        "max_ms": round(times[-1], 1), "outlier_limit_ms": round(limit, 1),
        "unwaited": unwaited,
        "median": {name: round(getattr(typical, name), 2) for name in _PARTS},
        "total": {name: round(sum(getattr(s, name) for s in samples), 1) for name in _PARTS},
        "outliers": len(outliers), "causes": dict(causes), "each": outliers,
        "pauses": {what: {"count": len(ms), "median_ms": round(statistics.median(ms), 2),
                          "max_ms": round(max(ms), 1)} for what, ms in sorted(pauses.items())},
    }  # fmt: skip
    began = next(start for start, _end, what in spans if what == "ready")
    long = [
        f"{what} {(end - start) * 1000:.0f} ms at {start - began:+.1f} s"
        + (f" ({collected[start]:,} objects freed)" if start in collected else "")
        + (f" ({cpu_ms[start]:.1f} ms CPU)" if start in cpu_ms else "")
        for start, end, what in spans
        if what.startswith(("gc", "job")) and end - start > 0.02
    ]
    figures["long_pauses"] = long
    say(f"collections and job runs: {figures['pauses']}")
    say(f"less the waits for a core: {unwaited}")
    say(f"those over 20 ms (time from the app's readiness, - before): {long}")
    say(
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, "
        f"max {figures['max_ms']} ms (medians {figures['median']}); "
        f"{len(outliers)} outliers over {limit:.0f} ms: "
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
