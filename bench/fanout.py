"""Subscription fan-out: 1,000 / 5,000 / 10,000 websocket subscribers on one server process,
and split across two processes linked by Redis; petitions written at a steady rate through
the API of the first process (outbox, wake-up, tail reader, fan-out). Reports delivery
latency (event commit to receipt) from probe subscribers, server CPU and memory, and checks
that every subscriber received every event of its scope, reporting what was missed.

Scenarios: `one-scope` (every subscriber sees every event: the city) and `spread` (screens
under the districts and communities, each seeing its part). Needs the demo data:

    createdb -h 127.0.0.1 -U postgres zhdj_bench_fanout
    export ZHDJ_DATABASE_URL=postgresql://postgres@127.0.0.1/zhdj_bench_fanout
    export ZHDJ_TOKEN_SECRET=bench-secret-of-at-least-32-characters
    .venv/bin/python server.py migrate && .venv/bin/python server.py seed
    .venv/bin/python -m bench.fanout --database-url $ZHDJ_DATABASE_URL
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.common import LOGIN, RESULTS, percentiles, query, report
from bench.progress import say
from bench.servers import REPOSITORY, Server, raise_open_files, start_server
from bench.wsclient import Subscriber, open_subscriber
from generators.demo.names import DEMO_PASSWORD

EVENTS = """
subscription ($under: ID) {
  events(under: $under, types: [PETITION_CREATED]) {
    cursor occurredAt
    ... on PetitionEvent { petition { title status category { name } } }
  }
}
"""
GRIDS = """
query ($after: String) {
  organizations(filter: {levels: [GRID]}, first: 50, after: $after) {
    nodes { id level ancestors { id level } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CATEGORIES = "{ petitionCategories { id parentId } }"
SUBMIT = """
mutation ($input: SubmitPetitionInput!) { submitPetition(input: $input) { petition { id } } }
"""
OPEN_AT_ONCE = 64
RECONNECTS = 5  # a subscriber closed with UNAVAILABLE while opening tries again this often
reconnects: list[int] = []  # the subscribers that had to
SOCKETS_PER_SOURCE = 20_000  # below the ~28,000 ephemeral ports of one source address


async def city(url: str) -> dict[str, Any]:
    """A token, a petition subcategory, and every grid with its district and community."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        login = await query(client, None, LOGIN, u="admin", p=DEMO_PASSWORD)
        token = login["login"]["token"]
        categories = (await query(client, token, CATEGORIES))["petitionCategories"]
        grids: dict[str, list[str]] = {}
        after = None
        while True:
            page = (await query(client, token, GRIDS, after=after))["organizations"]
            for grid in page["nodes"]:
                grids[grid["id"]] = [
                    a["id"] for a in grid["ancestors"] if a["level"] in ("DISTRICT", "COMMUNITY")
                ]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    category = next(c["id"] for c in categories if c["parentId"])
    return {"token": token, "category": category, "grids": grids}


class Probes:
    """Latency samples: receipt time minus the event's commit time."""

    def __init__(self) -> None:
        self.samples_ms: list[float] = []

    def on_next(self, payload: dict[str, Any], received_at: float) -> None:
        occurred = datetime.fromisoformat(payload["data"]["events"]["occurredAt"])
        if occurred.tzinfo is None:
            occurred = occurred.replace(tzinfo=UTC)
        self.samples_ms.append((received_at - occurred.timestamp()) * 1000)


async def open_all(
    servers: list[Server],
    token: str,
    unders: list[str | None],
    probes: int,
    sink: Probes,
    *,
    distinct_ids: bool = False,
) -> list[Subscriber]:
    """Every subscriber, SOCKETS_PER_SOURCE from each loopback source address (127.0.0.2,
    127.0.0.3, ...); each operation's id "1" (as many clients send), or its own with
    `distinct_ids` (as graphql-ws clients send a UUID: then no two frames are the same)."""
    gate = asyncio.Semaphore(OPEN_AT_ONCE)
    probe_every = max(1, len(unders) // max(probes, 1))

    async def one(index: int, under: str | None) -> Subscriber:
        server = servers[index % len(servers)]
        probe = probes > 0 and index % probe_every == 0 and index // probe_every < probes
        attempt = 0
        while True:
            try:
                async with gate:
                    return await open_subscriber(
                        ("127.0.0.1", server.port),
                        f"Bearer {token}",
                        EVENTS,
                        {"under": under} if under else {},
                        sink.on_next if probe else None,
                        operation_id=f"{index:032x}" if distinct_ids else "1",
                        local_host=f"127.0.0.{2 + index // SOCKETS_PER_SOURCE}",
                    )
            except ConnectionError as error:
                # Closed with UNAVAILABLE (the database briefly out of reach): reconnect, as
                # the reason asks a client to.
                if "UNAVAILABLE" not in str(error) or attempt == RECONNECTS:
                    raise
                attempt += 1
                reconnects.append(index)
                await asyncio.sleep(1)

    return await asyncio.gather(*(one(i, under) for i, under in enumerate(unders)))


async def wait_for_streams(servers: list[Server], total: int, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        figures = [await server.metrics() for server in servers]
        # Subscribers stream on their own (streams) or in live groups (each group one stream).
        counts = [
            f.get("streams", 0) - f.get("live_groups", 0) + f.get("live_subscribers", 0)
            for f in figures
        ]
        if sum(counts) >= total:
            return
        await asyncio.sleep(0.5)
    raise RuntimeError(f"only {counts} of {total} subscriptions registered")


async def write_events(
    url: str, token: str, grids: list[str], category: str, rate: float, seconds: float
) -> dict[str, Any]:
    """Petitions at `rate` per second, round the grids: how many went to each grid, failures,
    and how long the mutations took."""
    written: dict[str, int] = {}
    durations: list[float] = []
    failures = 0
    # A generous timeout: a write given up on by the client may still commit, and would then
    # count as missed by nobody but expected by no one either.
    async with httpx.AsyncClient(base_url=url, timeout=300) as client:

        async def submit(grid: str, serial: int) -> None:
            nonlocal failures
            draft = {
                "title": f"楼道灯坏了 {serial}",
                "content": "三楼楼道灯不亮，晚上看不清。",
                "categoryId": category,
                "gridId": grid,
            }
            try:
                started = time.monotonic()
                await query(client, token, SUBMIT, input=draft)
                durations.append((time.monotonic() - started) * 1000)
                written[grid] = written.get(grid, 0) + 1
            except (RuntimeError, httpx.HTTPError):
                failures += 1

        tasks = []
        started = time.monotonic()
        for serial in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + serial / rate - time.monotonic()))
            tasks.append(asyncio.create_task(submit(grids[serial % len(grids)], serial)))
        await asyncio.gather(*tasks)
    mutation = percentiles(durations) if durations else {}
    return {"written": written, "failures": failures, "mutation": mutation}


async def run_writer(job: dict[str, Any]) -> dict[str, Any]:
    """The writer in a process of its own, so it takes no time from the subscribers."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.fanout",
        "writer",
        json.dumps(job),
        cwd=REPOSITORY,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    result: dict[str, Any] = json.loads(out)
    return result


def expected_counts(
    unders: list[str | None], written: dict[str, int], grids: dict[str, list[str]]
) -> list[int]:
    total = sum(written.values())
    per_place: dict[str, int] = {}
    for grid, count in written.items():
        for place in grids[grid]:
            per_place[place] = per_place.get(place, 0) + count
    return [total if under is None else per_place.get(under, 0) for under in unders]


async def run_case(
    options: argparse.Namespace, facts: dict[str, Any], scenario: str, instances: int, count: int
) -> dict[str, Any]:
    broadcast = options.redis_url if instances > 1 else "memory://"
    say(f"{scenario}, {instances} × {count:,} subscribers: starting {instances} server(s) …")
    servers = [
        await start_server(options.port + n, options.database_url, broadcast, options.source)
        for n in range(instances)
    ]
    try:
        return await measure_case(options, facts, servers, scenario, count)
    finally:
        for server in servers:
            server.stop()


async def measure_case(
    options: argparse.Namespace,
    facts: dict[str, Any],
    servers: list[Server],
    scenario: str,
    count: int,
) -> dict[str, Any]:
    grids: dict[str, list[str]] = facts["grids"]
    places = sorted({place for path in grids.values() for place in path})
    unders: list[str | None] = [None] * count
    if scenario == "spread":
        unders = [places[i % len(places)] for i in range(count)]
    idle = [server.memory()["VmRSS"] for server in servers]
    cpu_before = sum(server.cpu_seconds() for server in servers)
    load = round(os.getloadavg()[0], 1)
    sink = Probes()
    opening = time.monotonic()
    say(f"opening {count:,} subscribers ({scenario}) …")
    subscribers = await open_all(
        servers, facts["token"], unders, options.probes, sink, distinct_ids=options.distinct_ids
    )
    await wait_for_streams(servers, count, seconds=max(300, count / 20))
    opened_seconds = time.monotonic() - opening
    say(f"{count:,} subscribed in {opened_seconds:.1f} s")
    if options.idle:
        opening_cpu = sum(server.cpu_seconds() for server in servers) - cpu_before
        return idle_case(servers, subscribers, scenario, idle, load, opened_seconds, opening_cpu)
    for server in servers:
        server.sample()
    client_cpu = resource.getrusage(resource.RUSAGE_SELF)
    sampler = asyncio.create_task(sample_every_second(servers))
    profiler = await start_profiler(servers[0], options, f"{scenario}-{len(servers)}x-{count}")
    job = {
        "url": servers[0].url,
        "token": facts["token"],
        "grids": list(grids),
        "category": facts["category"],
        "rate": options.rate,
        "seconds": options.seconds,
    }
    say(f"writing petitions at {options.rate:g}/s for {options.seconds:g} s …")
    outcome = await run_writer(job)
    written: dict[str, int] = outcome["written"]
    if profiler is not None:
        await profiler.wait()
    expected = expected_counts(unders, written, grids)
    say(f"{sum(written.values())} written; waiting up to {options.drain:g} s for every frame …")
    await drained(subscribers, expected, options.drain)
    sampler.cancel()
    for server in servers:
        server.sample()
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    missed = [e - s.nexts for s, e in zip(subscribers, expected, strict=True) if s.nexts != e]
    closed = [s.closed for s in subscribers if s.closed]
    latency = percentiles(sink.samples_ms) if sink.samples_ms else {}
    latency["samples"] = len(sink.samples_ms)
    shared = [await server.metrics() for server in servers]
    for subscriber in subscribers:
        subscriber.close()
    window = servers[0].samples[-1][0] - servers[0].samples[0][0]
    # fmt: off
    return {
        "scenario": scenario, "instances": len(servers), "subscribers": count,
        "probes": min(options.probes, count), "events_written": sum(written.values()),
        "write_failures": outcome["failures"],
        # The commit path (append, commit, response) is inside the measured latency.
        "mutation_ms": outcome["mutation"], "frames_expected": sum(expected),
        "frames_received": sum(s.nexts for s in subscribers),
        "subscribers_missing_events": len(missed), "events_missed": sum(m for m in missed if m > 0),
        "events_duplicated": -sum(m for m in missed if m < 0), "connections_closed": len(closed),
        "open_seconds": round(opened_seconds, 1),
        "latency": latency,
        "server_cpu_percent": [cpu_percent(s, window) for s in servers],
        # CPU time per frame sent: unlike latency, barely moved by neighbours on the cores.
        "server_cpu_us_per_frame": round(sum(s.samples[-1][1] - s.samples[0][1] for s in servers)
                                         * 1e6 / max(1, sum(s.nexts for s in subscribers)), 1),
        "load_average_at_start": load,
        "server_rss_mib_idle": idle, "server_rss_mib_peak": [s.memory()["VmHWM"] for s in servers],
        "server_rss_mib_subscribed": [max(sample[2] for sample in s.samples) for s in servers],
        "client_cpu_percent": round(100 * (cpu_of(client_after) - cpu_of(client_cpu)) / window, 1),
        "shared_executions": sum(m.get("shared_executions_total", 0) for m in shared),
        "live_group_executions": sum(m.get("live_executions_total", 0) for m in shared),
        "live_cut_loose": sum(m.get("live_cut_loose_total", 0) for m in shared),
        "hub_lagged": sum(m.get("lagged_total", 0) for m in shared),
        "first_closed_reason": closed[0] if closed else None,
    }
    # fmt: on


def idle_case(
    servers: list[Server],
    subscribers: list[Subscriber],
    scenario: str,
    idle: list[int],
    load: float,
    opened_seconds: float,
    opening_cpu: float,
) -> dict[str, Any]:
    """With --idle: what holding the subscriptions costs, with no event written."""
    subscribed = [server.memory()["VmRSS"] for server in servers]
    count = len(subscribers)
    closed = [s.closed for s in subscribers if s.closed]
    for subscriber in subscribers:
        subscriber.close()
    # fmt: off
    return {
        "scenario": scenario, "instances": len(servers), "subscribers": count, "idle": True,
        "open_seconds": round(opened_seconds, 1), "load_average_at_start": load,
        "connections_closed": len(closed), "first_closed_reason": closed[0] if closed else None,
        "server_rss_mib_idle": idle, "server_rss_mib_subscribed": subscribed,
        "kib_per_subscriber": round((sum(subscribed) - sum(idle)) * 1024 / count, 1),
        "subscribe_cpu_ms_each": round(opening_cpu * 1000 / count, 2),
        "reconnects_while_opening": len(reconnects),
    }
    # fmt: on


async def start_profiler(
    server: Server, options: argparse.Namespace, case: str
) -> asyncio.subprocess.Process | None:
    """With --profile: py-spy samples the (first) server while events are written."""
    if not options.profile:
        return None
    RESULTS.mkdir(exist_ok=True)
    output = RESULTS / f"{options.name}-{case}.folded"
    return await asyncio.create_subprocess_exec(
        "py-spy", "record", "--pid", str(server.process.pid), "--duration",
        str(int(options.seconds)), "--rate", "200", "--format", "raw", "--output", str(output),
        "--nonblocking", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def cpu_percent(server: Server, window: float) -> float:
    return round(100 * (server.samples[-1][1] - server.samples[0][1]) / window, 1)


def cpu_of(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


async def drained(subscribers: list[Subscriber], expected: list[int], seconds: float) -> None:
    """Waits until every subscriber has its expected count, or `seconds` passed."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            while any(s.nexts < e for s, e in zip(subscribers, expected, strict=True)):  # noqa: ASYNC110
                await asyncio.sleep(0.2)


async def sample_every_second(servers: list[Server]) -> None:
    while True:
        await asyncio.sleep(1)
        for server in servers:
            server.sample()


async def run(options: argparse.Namespace) -> None:
    say(f"open-file limit raised to {raise_open_files()} (clients and servers)")
    say("starting a server to read the city's grids and categories …")
    setup = await start_server(options.port, options.database_url, "memory://", options.source)
    try:
        facts = await city(setup.url)
    finally:
        setup.stop()
    cases = []
    for scenario in options.scenarios.split(","):
        for instances in (int(n) for n in options.instances.split(",")):
            for count in (int(n) for n in options.subscribers.split(",")):
                case = await run_case(options, facts, scenario, instances, count)
                if options.idle:
                    say(f"{scenario}, {instances} × {count:,} idle: {case}")
                    print(json.dumps(case, ensure_ascii=False), flush=True)
                    cases.append(case)
                    continue
                say(
                    f"{scenario}, {instances} × {count:,}: {case['frames_received']:,} of "
                    f"{case['frames_expected']:,} frames, p50 "
                    f"{case['latency'].get('p50_ms', '–')} ms, p99 "
                    f"{case['latency'].get('p99_ms', '–')} ms, "
                    f"{case['server_cpu_us_per_frame']} µs CPU/frame"
                )
                print(json.dumps(case, ensure_ascii=False), flush=True)
                cases.append(case)
    figures = {"rate_per_second": options.rate, "seconds": options.seconds, "cases": cases}
    report(options.name, figures)


def main() -> None:
    if sys.argv[1:2] == ["writer"]:
        job = json.loads(sys.argv[2])
        print(json.dumps(asyncio.run(write_events(**job))))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True, help="PostgreSQL with the demo data")
    parser.add_argument("--subscribers", default="1000,5000,10000")
    parser.add_argument("--scenarios", default="one-scope,spread")
    parser.add_argument("--instances", default="1,2", help="1, 2 or both (2 needs Redis)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--rate", type=float, default=5.0, help="events written per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to write")
    parser.add_argument("--drain", type=float, default=15.0, help="most seconds to wait after")
    parser.add_argument("--probes", type=int, default=200, help="subscribers that time events")
    parser.add_argument("--port", type=int, default=8600)
    parser.add_argument("--source", type=Path, default=REPOSITORY, help="server code to run")
    parser.add_argument("--profile", action="store_true", help="py-spy the first server")
    parser.add_argument(
        "--idle", action="store_true", help="only open the subscribers: memory and set-up cost"
    )
    parser.add_argument(
        "--distinct-ids", action="store_true", help="each operation its own id (no shared frame)"
    )
    parser.add_argument("--name", default="fanout", help="results file bench/results/NAME.json")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
