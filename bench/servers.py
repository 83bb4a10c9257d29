"""Server processes for the benchmarks: each on a loopback port, one uvicorn worker, with the
CPU time and memory it used, so a figure can say which side of the wire was the bottleneck."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

REPOSITORY = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
# The token secret of every benchmark server and in-process app (as bench/run exports it).
BENCH_SECRET = "bench-secret-of-at-least-32-characters"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# 50,000 sockets and some: root may raise the hard limit itself (up to fs.nr_open).
WANTED_OPEN_FILES = 120_000


def raise_open_files() -> int:
    """Raise this process's open-file limit to WANTED_OPEN_FILES when it may (as root), else
    to its hard limit (10,000 sockets need it)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (WANTED_OPEN_FILES, WANTED_OPEN_FILES))
        return WANTED_OPEN_FILES
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy so far (not idle, not waiting for
    I/O): over a window, how many cores were busy, whoever used them."""
    ticks = [int(tick) for tick in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / TICKS


def zhdj_environment(database_url: str, **settings: str) -> dict[str, str]:
    """ZHDJ_* settings for a benchmark server: the given database, no per-client throttle (the
    benchmarks measure the work, not the cost buckets), warnings only in the log."""
    return {
        "ZHDJ_DATABASE_URL": database_url,
        "ZHDJ_TOKEN_SECRET": BENCH_SECRET,
        "ZHDJ_COST_BUCKET_SIZE": str(10**9),
        "ZHDJ_COST_RESTORE_RATE": str(10**9),
        "ZHDJ_LOG_LEVEL": "warning",
        **{f"ZHDJ_{name.upper()}": value for name, value in settings.items()},
    }


class Server:
    """A Python module or script of `source` (or another program's, with `executable`), run with
    ZHDJ_PORT set to `port` (or a free one)."""

    def __init__(
        self,
        argv: list[str],
        environment: Mapping[str, str],
        *,
        port: int | None = None,
        source: Path = REPOSITORY,
        executable: str = sys.executable,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.samples: list[tuple[float, float, int]] = []
        self.process = subprocess.Popen(  # noqa: S603 (our own programs and arguments)
            [executable, *argv],
            cwd=source,
            env={
                **os.environ,
                **environment,
                "ZHDJ_PORT": str(self.port),
                "PYTHONPATH": str(source),
            },
            stdin=subprocess.DEVNULL,
            preexec_fn=raise_open_files,
        )

    async def wait_ready(self, path: str = "/healthz", seconds: float = 60) -> None:
        """Until `path` answers 200; the server's exit or the time limit is an error."""
        async with asyncio.timeout(seconds), httpx.AsyncClient(timeout=2) as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server {self.process.args!r} exited early")
                try:
                    if (await client.get(self.url + path)).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)

    def cpu_seconds(self) -> float:
        """User and system CPU time of the process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def memory(self) -> dict[str, int]:
        """VmRSS (now) and VmHWM (peak) in MiB."""
        found: dict[str, int] = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) // 1024
        return found

    def sample(self) -> None:
        self.samples.append((time.monotonic(), self.cpu_seconds(), self.memory()["VmRSS"]))

    async def metrics(self) -> dict[str, float]:
        """The event path's figures from /metrics (zhdj_events_*, without the prefix)."""
        async with httpx.AsyncClient(timeout=30) as client:
            text = (await client.get(f"{self.url}/metrics")).text
        figures: dict[str, float] = {}
        for line in text.splitlines():
            if line.startswith("zhdj_events_"):
                name, _, value = line.partition(" ")
                figures[name.removeprefix("zhdj_events_")] = float(value)
        return figures

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def running(*servers: Server) -> Iterator[None]:
    """Stops the servers however the block ends."""
    try:
        yield
    finally:
        for server in servers:
            server.stop()


def zhdj_server(database_url: str, source: Path = REPOSITORY, **settings: str) -> Server:
    return Server(["server.py", "serve"], zhdj_environment(database_url, **settings), source=source)


async def start_server(
    port: int, database_url: str, broadcast_url: str, source: Path = REPOSITORY
) -> Server:
    """`server.py serve` from `source` on `port`, ready (its /readyz answers 200)."""
    environment = zhdj_environment(
        database_url, broadcast_url=broadcast_url, host="127.0.0.1", max_query_cost=str(10**6)
    )
    server = Server(["server.py", "serve"], environment, port=port, source=source)
    try:
        await server.wait_ready("/readyz")
    except BaseException:
        server.stop()
        raise
    return server
