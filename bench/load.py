"""A lean HTTP/1.1 keep-alive load generator, run in a process of its own; and a canned-response
server to measure the generator's own ceiling.

wrk is not installed, and Python's HTTP clients (httpx, aiohttp) spend more CPU per request
than a small Starlette endpoint does, so they would measure themselves. This one keeps one
asyncio Protocol per connection on uvloop, sends bytes prepared once, frames responses by
Content-Length alone and records one timestamp pair per request: on one core it outruns the
servers under test several times over (`canned` shows by how much). One request is in flight
per connection (no pipelining), as browsers and mobile apps send them.

    python -m bench.load run --port 8000 --method POST --path /graphql --body '{...}' \\
        --header 'Authorization: Bearer …' --concurrency 50 --duration 10 --warmup 3
    python -m bench.load canned --port 8001
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

import uvloop

from bench.common import percentiles

CANNED = b'{"data":{"__typename":"Query"}}'
CANNED_RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
    + str(len(CANNED)).encode()
    + b"\r\n\r\n"
    + CANNED
)


OK = 200
# A 200 whose body carries GraphQL errors (PostGraphile answers "too many clients" so) is
# counted apart from the 200s, so that a run of failures is never measured as a page.
ERRORS = b'"errors"'
ANSWERED_ERRORS = 0


class Connection(asyncio.Protocol):
    """One keep-alive connection with at most one request in flight."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.expected = -1  # bytes of the whole response, once its head is read
        self.status = 0
        self.waiter: asyncio.Future[int] | None = None
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.expected < 0:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            self.status = int(head[9:12])
            start = head.find(b"content-length:")
            if start < 0:
                self._fail(ConnectionError("response without Content-Length"))
                return
            line_end = head.find(b"\r\n", start)
            length = int(head[start + 15 : line_end if line_end > 0 else None])
            self.expected = end + 4 + length
        if len(self.buffer) >= self.expected:
            if self.status == OK and ERRORS in self.buffer[: self.expected]:
                self.status = ANSWERED_ERRORS
            del self.buffer[: self.expected]
            self.expected = -1
            if self.waiter is not None and not self.waiter.done():
                self.waiter.set_result(self.status)

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(exc or ConnectionError("the server closed the connection"))

    def _fail(self, error: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)

    async def send(self, request: bytes) -> int:
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self.waiter


@dataclass
class Window:
    """Requests that complete between `start` and `end` (perf_counter seconds) are measured,
    as wrk counts them; no request starts after `end`."""

    start: float
    end: float
    samples_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


async def _client(connection: Connection, request: bytes, window: Window) -> None:
    clock = time.perf_counter
    while True:
        begin = clock()
        if begin >= window.end:
            return
        status = await connection.send(request)
        done = clock()
        if window.start <= done <= window.end:
            window.samples_ms.append((done - begin) * 1000)
            window.statuses[status] += 1


def build_request(method: str, host: str, path: str, headers: list[str], body: str) -> bytes:
    payload = body.encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *headers]
    if method == "POST":
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _announce(moment: str) -> None:
    """Tells the parent process when the measured part begins and ends (one line each)."""
    print(moment, flush=True)


async def generate(
    port: int, request: bytes, *, concurrency: int, duration: float, warmup: float
) -> dict[str, Any]:
    """Keep `concurrency` connections busy for warmup + duration seconds; figures of the
    measured part: requests/s, latency percentiles, statuses, this process's CPU share."""
    loop = asyncio.get_running_loop()
    connections = [
        (await loop.create_connection(Connection, "127.0.0.1", port))[1] for _ in range(concurrency)
    ]
    now = time.perf_counter()
    window = Window(start=now + warmup, end=now + warmup + duration)
    clients = [asyncio.create_task(_client(c, request, window)) for c in connections]
    await asyncio.sleep(warmup)
    _announce("measuring")
    cpu_before = _cpu_seconds()
    await asyncio.sleep(max(0.0, window.end - time.perf_counter()))
    cpu_used = _cpu_seconds() - cpu_before
    _announce("done")
    await asyncio.gather(*clients)
    for connection in connections:
        assert connection.transport is not None
        connection.transport.close()
    measured = len(window.samples_ms)
    if not measured:
        raise RuntimeError("no request completed in the measured window")
    return (
        {"requests": measured, "per_second": round(measured / duration, 1)}
        | percentiles(window.samples_ms)
        | {
            "non_200": measured - window.statuses[200],
            "generator_cpu": round(cpu_used / duration, 2),
        }
    )


class CannedResponder(asyncio.Protocol):
    """Answers every request head with the same small response, doing nothing else."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.transport.write(CANNED_RESPONSE * data.count(b"\r\n\r\n"))


async def serve_canned(port: int) -> None:
    server = await asyncio.get_running_loop().create_server(CannedResponder, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="load a server and print the figures as JSON")
    run.add_argument("--port", type=int, required=True)
    run.add_argument("--method", choices=["GET", "POST"], default="GET")
    run.add_argument("--path", default="/")
    run.add_argument("--header", action="append", default=[])
    run.add_argument("--body", default="")
    run.add_argument("--concurrency", type=int, default=50)
    run.add_argument("--duration", type=float, default=10.0)
    run.add_argument("--warmup", type=float, default=3.0)
    canned = commands.add_parser("canned", help="serve a canned response (the ceiling test)")
    canned.add_argument("--port", type=int, default=int(os.environ.get("ZHDJ_PORT", "8000")))
    options = parser.parse_args()
    if options.command == "canned":
        with contextlib.suppress(KeyboardInterrupt):  # how the bench stops it
            uvloop.run(serve_canned(options.port))
        return
    request = build_request(
        options.method, f"127.0.0.1:{options.port}", options.path, options.header, options.body
    )
    figures = uvloop.run(
        generate(
            options.port,
            request,
            concurrency=options.concurrency,
            duration=options.duration,
            warmup=options.warmup,
        )
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
