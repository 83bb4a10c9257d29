"""Server processes for the benchmarks: each on a free loopback port, one uvicorn worker, with
the CPU time it used, so a figure can say which side of the wire was the bottleneck."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.common import BENCH_SECRET

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    """A Python module or script run with `--port` (or ZHDJ_PORT) on a free port."""

    def __init__(self, argv: list[str], environment: Mapping[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, *argv],
            cwd=ROOT,
            env={**os.environ, **environment, "ZHDJ_PORT": str(self.port)},
            stdin=subprocess.DEVNULL,
        )

    async def wait_ready(self, path: str = "/healthz", seconds: float = 60) -> None:
        async with asyncio.timeout(seconds), httpx.AsyncClient() as client:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server {self.process.args} exited early")
                try:
                    await client.get(self.url + path)
                    return
                except httpx.TransportError:
                    await asyncio.sleep(0.2)

    def cpu_seconds(self) -> float:
        """User and system CPU time of the process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
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


def zhdj_server(database_url: str, **settings: str) -> Server:
    return Server(["server.py", "serve"], zhdj_environment(database_url, **settings))
