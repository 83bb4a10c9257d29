"""Real processes for multi-instance tests: zhdj servers and a private redis-server."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """`python server.py serve` on a free port with the given settings."""

    def __init__(self, settings: Mapping[str, str]) -> None:
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            **settings,
            "ZHDJ_PORT": str(self.port),
            "ZHDJ_LOG_LEVEL": "warning",
        }
        self.process = subprocess.Popen(
            [sys.executable, "server.py", "serve"],
            cwd=ROOT,
            env=environment,
        )

    async def wait_ready(self, timeout: float = 60) -> None:
        """Until /readyz says 200; a loaded machine can take half a minute to start one."""
        async with asyncio.timeout(timeout), httpx.AsyncClient() as client:
            while True:
                assert self.process.poll() is None, "the server process exited"
                try:
                    if (await client.get(f"http://{self.address}/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def redis_server_binary() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not on PATH; CI must provide it for this test")
        pytest.skip("redis-server is not on PATH (install Redis to test reconnects)")
    return binary


class PrivateRedis:
    """A throwaway redis-server on its own port, which the test may kill and restart."""

    def __init__(self, binary: str, port: int) -> None:
        self.binary = binary
        self.port = port
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            self.binary,
            "--port",
            str(self.port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--bind",
            "127.0.0.1",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        async with asyncio.timeout(10):
            while True:
                try:
                    reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                except OSError:
                    await asyncio.sleep(0.02)
                    continue
                writer.write(b"PING\r\n")
                reply = await reader.readline()
                writer.close()
                await writer.wait_closed()
                if reply.startswith(b"+PONG"):
                    return
                await asyncio.sleep(0.02)

    async def kill(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.returncode is None:
            process.kill()
            async with asyncio.timeout(10):
                await process.wait()
