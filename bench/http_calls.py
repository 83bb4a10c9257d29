"""What a request costs the server over HTTP that in-process measurement does not see, counted
rather than timed (the same on a busy machine as on a quiet one).

For each tree in turn, a server process imports that tree's `server` and serves its app as
`server.py serve` does (schema check, heap settled, uvicorn with `uvicorn_options`, the
settings of bench/servers.py: the demo city, warnings only); a client process
(bench/load.py's connections, one request in flight on each) sends each page a fixed number
of times over `--concurrency` keep-alive connections: `--warmup` unmeasured, then `--requests`
with cProfile on in the server (Python calls per request, and with `--top` the functions
called most), then `--requests` more under `strace -f -c` (system calls per request, getpid
among them: asyncio's C `get_running_loop` calls it for every future, task and handle made;
and the minor page faults meanwhile: memory the process took fresh from the kernel).
Beside them, bench.in_process's count of the same page on the same tree (the ASGI app called
directly): the difference is what the HTTP path adds.

    .venv/bin/python -m bench.http_calls --database-url postgresql://…/zhdj_bench_demo \\
        --username admin --password zhdj-demo /tmp/before . --pages trivial branch_page
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

COUNTED_SERVER = Path(__file__).with_name("counted_server.py")

# --- the client process ---


async def _client(port: int, request: bytes, concurrency: int) -> None:
    """Each line on stdin is a number of requests: sent over the connections, then one JSON
    line of the statuses answered."""
    from bench.load import Connection

    loop = asyncio.get_running_loop()
    connections = [
        (await loop.create_connection(Connection, "127.0.0.1", port))[1] for _ in range(concurrency)
    ]
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := (await reader.readline()).strip():
        count = int(line)
        statuses: Counter[int] = Counter()
        for i, connection in enumerate(connections):  # closed by the keep-alive timeout
            if connection.transport is None or connection.transport.is_closing():
                connections[i] = (await loop.create_connection(Connection, "127.0.0.1", port))[1]

        async def send(connection: Connection, times: int, into: Counter[int]) -> None:
            for _ in range(times):
                into[await connection.send(request)] += 1

        shares = [count // concurrency + (i < count % concurrency) for i in range(concurrency)]
        await asyncio.gather(
            *(send(c, n, statuses) for c, n in zip(connections, shares, strict=True))
        )
        print(json.dumps(statuses), flush=True)


# --- the orchestration ---


class OverHttp:
    """An ASGI-shaped app that forwards a request to a server: bench.in_process's
    `page_requests` finds the pages' subjects and token through it."""

    def __init__(self, url: str) -> None:
        self.client = httpx.AsyncClient(base_url=url, timeout=60)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = (await receive())["body"]
        headers = [(k.decode(), v.decode()) for k, v in scope["headers"] if k != b"host"]
        answer = await self.client.post(scope["path"], content=body, headers=headers)
        await send({"type": "http.response.start", "status": answer.status_code})
        await send({"type": "http.response.body", "body": answer.content})


def _line(process: subprocess.Popen[bytes], command: bytes | None = None) -> Any:
    assert process.stdin is not None
    assert process.stdout is not None
    if command is not None:
        process.stdin.write(command + b"\n")
        process.stdin.flush()
    return json.loads(process.stdout.readline())


def _system_calls(pid: int, run: Any) -> Counter[str]:
    """System calls of process `pid` (all its threads) while `run()` runs, by name."""
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as output:
        strace = subprocess.Popen(  # noqa: S603
            ["strace", "-f", "-c", "-o", output.name, "-p", str(pid)],  # noqa: S607
            stderr=subprocess.PIPE,
        )
        assert strace.stderr is not None
        strace.stderr.readline()  # "strace: Process … attached"
        time.sleep(0.5)  # its threads too
        run()
        strace.send_signal(signal.SIGINT)
        strace.wait()
        found: Counter[str] = Counter()
        for row in output.read().splitlines():
            fields = row.split()
            if len(fields) >= 5 and fields[0][0].isdigit() and fields[-1] != "total":
                found[fields[-1]] = int(fields[3])
        return found


def _minor_faults(pid: int) -> int:
    """Page faults the process has taken so far that needed no disk (fresh memory)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


def _measure_page(
    server: subprocess.Popen[bytes],
    port: int,
    request: bytes,
    options: argparse.Namespace,
    dump: str,
) -> dict[str, Any]:
    """One page's figures per request: calls counted by the server's cProfile (saved in
    `dump` when named), then system calls counted by strace, each over `--requests`."""
    client = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.http_calls", "--client", str(port),
         "--concurrency", str(options.concurrency)],
        env={**os.environ, "ZHDJ_REQUEST": request.hex()},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    count = str(options.requests).encode()
    try:
        _line(client, str(options.warmup).encode())
        _line(server, b"on")
        answered = _line(client, count)
        profiled = _line(server, f"off {dump}".encode())
        faults = _minor_faults(server.pid)
        syscalls = _system_calls(server.pid, lambda: _line(client, count))
        faults = _minor_faults(server.pid) - faults
    finally:
        assert client.stdin is not None
        client.stdin.close()
        client.wait()
    if answered != {"200": options.requests}:
        raise RuntimeError(f"statuses {answered}")
    per = options.requests
    return {
        "calls": round(profiled["calls"] / per),
        "system_calls": round(sum(syscalls.values()) / per, 2),
        "by_name": {
            call: round(n / per, 2) for call, n in syscalls.most_common() if n >= per / 100
        },
        "minor_faults": round(faults / per, 1),
        "top": [[f, round(n / per, 2)] for f, n in profiled["top"][: options.top]],
    }


def _measure_tree(tree: Path, options: argparse.Namespace, pages: Any) -> dict[str, Any]:
    from bench.in_process import page_requests
    from bench.load import build_request
    from bench.servers import free_port, zhdj_environment

    port = free_port()
    environment = {**os.environ, **zhdj_environment(options.database_url)}
    environment |= {"PYTHONPATH": str(tree), "PYTHONSAFEPATH": "1"}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, str(COUNTED_SERVER), str(port)],
        cwd=tree, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    figures: dict[str, Any] = {}
    try:
        url = f"http://127.0.0.1:{port}"
        asyncio.run(_ready(url))
        forwarding = OverHttp(url)
        bodies = asyncio.run(page_requests(forwarding, options.username, options.password, pages))
        for name, (body, token) in bodies.items():
            headers = [f"Authorization: Bearer {token}"] if token else []
            request = build_request("POST", f"127.0.0.1:{port}", "/graphql", headers, body.decode())
            dump = options.profiles / f"{tree.name}-{name}.pstats" if options.profiles else ""
            figures[name] = _measure_page(server, port, request, options, str(dump))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=60)
    return figures


async def _ready(url: str) -> None:
    async with httpx.AsyncClient(timeout=2) as client:
        for _ in range(300):
            try:
                if (await client.get(url + "/readyz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} never became ready")


def _in_process(options: argparse.Namespace) -> dict[str, Any]:
    """bench.in_process's calls per request of the same pages on the same trees."""
    argv = [sys.executable, "-m", "bench.in_process", *map(str, options.trees)]
    argv += ["--database-url", options.database_url, "--username", options.username]
    argv += ["--password", options.password, "--rounds", "1", "--batches", "1"]
    argv += ["--repeat", "100", "--pages", *options.pages]
    output = subprocess.run(argv, check=True, capture_output=True, text=True).stdout  # noqa: S603
    found: dict[str, Any] = json.loads(output)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("trees", nargs="*", type=Path, help="source trees, in turn")
    parser.add_argument("--database-url")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="zhdj-demo")
    parser.add_argument("--pages", nargs="*", default=["trivial", "branch_page"])
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--top", type=int, default=0, help="the N functions called most")
    parser.add_argument("--profiles", type=Path, help="a directory for the servers' profiles")
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.client is not None:
        import uvloop

        request = bytes.fromhex(os.environ["ZHDJ_REQUEST"])
        uvloop.run(_client(options.client, request, options.concurrency))
        return
    from bench.in_process import pages_named
    from bench.progress import say

    pages = pages_named(options.pages, options.database_url)
    results: dict[str, Any] = {}
    for tree in options.trees:
        tree = tree.resolve()
        say(f"{tree}: {len(pages)} pages, {options.requests} requests each, over HTTP …")
        results[str(tree)] = _measure_tree(tree, options, pages)
        for name, found in results[str(tree)].items():
            say(f"{tree}: {name} {json.dumps({k: v for k, v in found.items() if k != 'top'})}")
    say("the same pages in process (bench.in_process) …")
    for tree, found in _in_process(options).items():
        for name, figures in found.items():
            results[tree][name]["in_process_calls"] = figures["calls"][0]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
