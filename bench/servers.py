"""Server processes for benchmarks: start `server.py serve`, read its metrics, CPU and memory."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.common import BENCH_SECRET

REPOSITORY = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def raise_open_files() -> int:
    """Raise this process's open-file limit to its hard limit (10,000 sockets need it)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    samples: list[tuple[float, float, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
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


async def start_server(
    port: int, database_url: str, broadcast_url: str, source: Path = REPOSITORY
) -> Server:
    """`server.py serve` from `source` in its own process, with the open-file limit raised."""
    env = os.environ | {
        "ZHDJ_DATABASE_URL": database_url,
        "ZHDJ_BROADCAST_URL": broadcast_url,
        "ZHDJ_TOKEN_SECRET": BENCH_SECRET,
        "ZHDJ_HOST": "127.0.0.1",
        "ZHDJ_PORT": str(port),
        "ZHDJ_LOG_LEVEL": "warning",
        "ZHDJ_COST_BUCKET_SIZE": str(10**9),
        "ZHDJ_COST_RESTORE_RATE": str(10**9),
        "ZHDJ_MAX_QUERY_COST": str(10**6),
        "PYTHONPATH": str(source),
    }
    process = subprocess.Popen(  # noqa: S603, ASYNC220 - our own server, started once
        [sys.executable, str(source / "server.py"), "serve"],
        cwd=source,
        env=env,
        preexec_fn=raise_open_files,
    )
    server = Server(port, process)
    async with httpx.AsyncClient(timeout=2) as client:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
            try:
                if (await client.get(f"{server.url}/readyz")).status_code == 200:
                    return server
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    server.stop()
    raise RuntimeError(f"the server on port {port} did not become ready")
