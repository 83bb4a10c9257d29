"""Shared bench plumbing: an in-process app on a database, timing, percentiles, JSON output."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import make_url
from starlette.applications import Starlette

from bench.progress import say
from bench.servers import BENCH_SECRET
from generators.scale.load import BENCH_PASSWORD, BENCH_USERNAME
from server import Settings, create_app

RESULTS = Path(__file__).resolve().parent / "results"
LOGIN = (
    "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
)


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """--database-url, and the account a benchmark signs in with (the city's bench-admin)."""
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--username", default=BENCH_USERNAME)
    parser.add_argument("--password", default=BENCH_PASSWORD)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99),
            "mean_ms": round(statistics.fmean(ordered), 2)}  # fmt: skip


async def measure(
    run: Callable[[], Awaitable[object]], *, label: str, repeat: int, warmup: int = 5
) -> dict[str, float]:
    """Latency percentiles of `run` called `repeat` times one after another, throughput, and
    this process's CPU per call; `label` names it in the progress lines."""
    say(f"{label}: {repeat} requests one after another …")
    for _ in range(warmup):
        await run()
    samples: list[float] = []
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        begin = time.perf_counter()
        await run()
        samples.append((time.perf_counter() - begin) * 1000)
    elapsed = time.perf_counter() - started
    # This process's CPU per call (the in-process app and its client, not the database):
    # steadier than wall time when other jobs share the cores.
    cpu_ms = (time.process_time() - cpu) * 1000 / repeat
    figures = percentiles(samples) | {
        "requests": repeat,
        "per_second": round(repeat / elapsed, 1),
        "cpu_ms_per_request": round(cpu_ms, 2),
    }
    say(
        f"{label}: p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
        f"{figures['per_second']} req/s, {figures['cpu_ms_per_request']} ms CPU/request"
    )
    return figures


@asynccontextmanager
async def bench_app(database_url: str) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient, str]]:
    """The whole app in-process (no sockets), a client of it, and a bench administrator's token."""
    settings = Settings(
        database_url=database_url,
        token_secret=BENCH_SECRET,
        # The benchmarks measure the work, not the per-client throttle.
        cost_bucket_size=10**9,
        cost_restore_rate=10**9,
        _env_file=None,
    )
    say(f"starting the app in process on {make_url(database_url).database} …")
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            variables = {"u": BENCH_USERNAME, "p": BENCH_PASSWORD}
            login = await client.post("/graphql", json={"query": LOGIN, "variables": variables})
            yield app, client, login.json()["data"]["login"]["token"]


@asynccontextmanager
async def graphql_client(database_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A client of the whole app in-process, and a bench administrator's token."""
    async with bench_app(database_url) as (_app, client, token):
        yield client, token


async def query(
    client: httpx.AsyncClient, token: str | None, document: str, **variables: Any
) -> Any:
    """The operation's data; its errors raised. No token: sent without one (login, devices)."""
    response = await client.post(
        "/graphql",
        json={"query": document, "variables": variables},
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return body["data"]


def report(name: str, figures: dict[str, Any]) -> None:
    """Print the figures and write them to bench/results/<name>.json with machine and date."""
    RESULTS.mkdir(exist_ok=True)
    record = {
        "benchmark": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "figures": figures,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2))
    say(f"figures written to bench/results/{name}.json")
    print(json.dumps(record, ensure_ascii=False, indent=2))
