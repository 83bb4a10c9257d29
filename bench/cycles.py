"""What each request leaves in reference cycles (issue 12: the long young collections).

Only the cyclic garbage collector frees objects that reference each other; a request that
leaves some behind adds to the young generation until a collection frees thousands at once,
inside some later request. The count is deterministic where time on a shared machine is not:
for each typical page (bench/pages.py), the collector is disabled, the page is asked
`--requests` times through the in-process app, then `gc.collect()` runs with
`gc.DEBUG_SAVEALL` so what it found stays in `gc.garbage` to be counted by type, each type
with the types that hold it, and the cycles themselves. Then `--collections` more requests
with the collector on count the collections per 1,000 requests. Requests go straight to the
ASGI app (`post_directly`: an HTTP client's garbage is not the server's); the periodic jobs
do not run (theirs is not a request's).

    .venv/bin/python -m bench.cycles --database-url sqlite:///./demo.db \\
        --username admin --password zhdj-demo --requests 200
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from starlette.types import ASGIApp

from bench.aggregates import LEVEL_NODE
from bench.common import LOGIN, query, report
from bench.outliers import Suspects, timed_jobs
from bench.pages import PAGES
from bench.progress import say
from server import Settings, create_app

TOP = 12  # types shown per page


def _name(thing: object) -> str:
    kind = type(thing)
    return f"{kind.__module__}.{kind.__qualname__}"


@contextmanager
def saved_garbage() -> Iterator[list[Any]]:
    """Collector off inside; on leaving, one collection whose cyclic garbage (kept, not freed,
    by DEBUG_SAVEALL) fills the yielded list."""
    found: list[Any] = []
    gc.collect()
    gc.disable()
    try:
        yield found
    finally:
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            gc.collect()
            found.extend(gc.garbage)
            gc.garbage.clear()
        finally:
            gc.set_debug(0)
            gc.enable()


def _edges(garbage: list[Any]) -> list[list[int]]:
    """For each object, the positions of the garbage objects it refers to."""
    position = {id(thing): at for at, thing in enumerate(garbage)}
    return [
        [position[id(held)] for held in gc.get_referents(thing) if id(held) in position]
        for thing in garbage
    ]


def cycles(garbage: list[Any]) -> list[list[int]]:
    """The reference cycles themselves (strongly connected components of more than one
    object, or one that refers to itself; Tarjan's, without recursion): what holds the
    rest of the garbage, which only hangs off them."""
    edges = _edges(garbage)
    index: list[int | None] = [None] * len(garbage)
    low, on_stack = [0] * len(garbage), [False] * len(garbage)
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for start in range(len(garbage)):
        if index[start] is not None:
            continue
        work = [(start, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            for at in range(next_edge, len(edges[node])):
                target = edges[node][at]
                if index[target] is None:
                    work += [(node, at + 1), (target, 0)]
                    break
                if on_stack[target]:
                    low[node] = min(low[node], index[target] or 0)
            else:
                if low[node] == index[node]:
                    component: list[int] = []
                    while not component or component[-1] != node:
                        component.append(stack.pop())
                        on_stack[component[-1]] = False
                    if len(component) > 1 or node in edges[node]:
                        found.append(component)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return found


def describe(garbage: list[Any], requests: int) -> dict[str, Any]:
    """Objects per request by type, for each type which garbage types refer to it, and the
    cycles (their members' types) that hold it all."""
    holders: dict[str, Counter[str]] = {}
    for thing, held in zip(garbage, _edges(garbage), strict=True):
        for at in held:
            holders.setdefault(_name(garbage[at]), Counter())[_name(thing)] += 1
    by_type = Counter(_name(thing) for thing in garbage)
    shapes = Counter(
        " + ".join(sorted(type(garbage[at]).__qualname__ for at in component))
        for component in cycles(garbage)
    )
    return {
        "per_request": round(len(garbage) / requests, 2),
        "cycles_per_request": {
            shape: round(count / requests, 2) for shape, count in shapes.most_common(TOP)
        },
        "types": {
            kind: {
                "per_request": round(count / requests, 2),
                "held_by": dict(holders.get(kind, Counter()).most_common(3)),
            }
            for kind, count in by_type.most_common(TOP)
        },
    }


async def post_directly(app: ASGIApp, body: dict[str, Any], token: str) -> list[Any]:
    """The app's ASGI messages for one POST to /graphql, with no HTTP client in between
    (httpx's response holds a reference cycle of its own: its Response and BoundAsyncStream,
    with the request's URL and headers, about 30 objects)."""
    content = json.dumps(body).encode()
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("zhdj.bench", 80),
        "headers": [(b"host", b"zhdj.bench"), (b"content-type", b"application/json"),
                    (b"content-length", str(len(content)).encode()),
                    (b"authorization", f"Bearer {token}".encode())],
    }  # fmt: skip
    messages: list[Any] = [{"type": "http.request", "body": content, "more_body": False}]
    sent: list[Any] = []

    async def receive() -> Any:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


async def left_in_cycles(ask: Callable[[], Awaitable[object]], requests: int) -> list[Any]:
    with saved_garbage() as garbage:
        for _ in range(requests):
            await ask()
    return garbage


async def collections(ask: Callable[[], Awaitable[object]], requests: int) -> dict[str, Any]:
    """With the collector on as in service: collections by generation and the objects they
    freed, per 1,000 requests (gc.get_stats before and after)."""
    gc.collect()
    before = gc.get_stats()
    for _ in range(requests):
        await ask()
    after = gc.get_stats()
    scale = 1000 / requests
    return {
        f"gen{generation}": {
            "collections": round((now["collections"] - was["collections"]) * scale, 1),
            "collected": round((now["collected"] - was["collected"]) * scale),
        }
        for generation, (was, now) in enumerate(zip(before, after, strict=True))
    }


async def probe(options: argparse.Namespace) -> dict[str, Any]:
    settings = Settings(
        database_url=options.database_url,
        # The probe counts the work, not the per-client throttle.
        cost_bucket_size=10**9,
        cost_restore_rate=10**9,
        _env_file=None,
    )
    app = create_app(settings)
    results: dict[str, Any] = {"requests_per_page": options.requests}
    with timed_jobs(Suspects(), run=False):
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                signed_in = await query(client, None, LOGIN, u=options.username, p=options.password)
                token = signed_in["login"]["token"]
                for page in PAGES:
                    found = await query(client, token, LEVEL_NODE, level=page.level)
                    node = found["organizations"]["nodes"][0]["id"]

                    body = {"query": page.document, "variables": {"id": node}}

                    async def ask(body: dict[str, Any] = body) -> object:
                        answer = await post_directly(app, body, token)
                        if b'"errors"' in answer[1]["body"]:
                            raise RuntimeError(answer[1]["body"])
                        return answer

                    for _ in range(options.warmup):
                        await ask()
                    garbage = await left_in_cycles(ask, options.requests)
                    results[page.name] = described = describe(garbage, options.requests)
                    del garbage
                    top = ", ".join(
                        f"{kind.rsplit('.', 1)[-1]} {figures['per_request']}"
                        for kind, figures in list(described["types"].items())[:6]
                    )
                    say(
                        f"{page.name}: {described['per_request']} objects in cycles per "
                        f"request ({top})"
                    )
                    for shape, count in described["cycles_per_request"].items():
                        say(f"  {count} a request: a cycle of {shape[:160]}")
                    if options.collections:
                        counted = await collections(ask, options.collections)
                        described["per_1000_requests"] = counted
                        say(f"{page.name}: per 1,000 requests with the collector on: {counted}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="zhdj-demo")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--collections", type=int, default=1000, help="requests with the collector on (0: none)"
    )
    parser.add_argument("--name", default="cycles", help="bench/results/<name>.json")
    options = parser.parse_args()
    report(options.name, asyncio.run(probe(options)))


if __name__ == "__main__":
    main()
