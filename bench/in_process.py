"""The read path's CPU per request on two (or more) source trees, in process: the steadiest
measure on a shared machine, where a server's requests/s say more about the neighbours.

For each tree in turn (alternating, `--rounds` times), a worker process imports that tree's
`server`, starts its app on the demo city (its lifespan, and its heap settled as `serve` would
before uvicorn), then calls the ASGI app directly (no sockets, no HTTP client: the CPU counted
is the app's own, from the request's scope to the response's bytes) with each page,
`--concurrency` requests at a time, `--repeat` requests per batch, `--batches` batches; it
prints each page's CPU per request in its lowest and median batch, the garbage collector's
share of it and its collections per generation (timed by a gc callback), and the Python function
calls per request (counted by cProfile over one more batch: the same on a busy machine as on
a quiet one). Every tree must answer each page with the same data.

    git archive <commit> | tar -x -C /tmp/before
    .venv/bin/python -m bench.in_process --database-url postgresql://…/<demo db> \\
        --username admin --password zhdj-demo /tmp/before .
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SECRET = "bench-secret-of-at-least-32-characters"
# Each page's document, and the level of the organisation it is asked about (found through the
# API), or its variables as given, or None (asked without a token).
Pages = dict[str, tuple[str, str | dict[str, Any] | None]]
LOGIN = (
    "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
)
BRANCHES = """
{ organizations(filter: {kinds: [BRANCH]}, first: 100) {
    nodes { id statistics { memberCount } } } }"""
SUBJECT = """
query ($level: GovernanceLevel!) {
  organizations(filter: {levels: [$level]}, first: 1) { nodes { id } }
}"""


async def _call(app: Any, body: bytes, token: str | None) -> Any:
    headers = [(b"content-type", b"application/json"), (b"host", b"bench")]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
        "root_path": "", "headers": headers, "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }  # fmt: skip
    received = False
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return json.loads(b"".join(chunks))


async def _worker(options: argparse.Namespace, pages: Pages) -> None:
    import server  # the tree's own, first on sys.path

    settings = server.Settings(
        database_url=options.database_url,
        token_secret=SECRET,
        cost_bucket_size=10**9,
        cost_restore_rate=10**9,
        log_level="warning",
        _env_file=None,
    )
    app = server.create_app(settings)
    async with app.router.lifespan_context(app):
        await asyncio.sleep(0.5)
        requests = await page_requests(app, options.username, options.password, pages)
        # Settled as `serve` settles the heap before uvicorn runs (the tree's own way).
        settle = getattr(server, "settle_heap", None)
        if settle is not None:
            settle()
        else:
            gc.collect()
            gc.freeze()
        collector: dict[str, Any] = {}
        gc.callbacks.append(_timing(collector))
        figures: dict[str, Any] = {}
        for name, (body, signed) in requests.items():
            answer = await _call(app, body, signed)
            if answer.get("errors"):
                raise RuntimeError(f"{name}: {answer['errors']}")
            per_batch = []
            collector.clear()
            for _ in range(options.batches):
                cpu = time.process_time()
                for _ in range(options.repeat // options.concurrency):
                    await asyncio.gather(
                        *(_call(app, body, signed) for _ in range(options.concurrency))
                    )
                per_batch.append((time.process_time() - cpu) * 1000 / options.repeat)
            measured = options.batches * options.repeat
            collections = collector.pop("collections", [0, 0, 0])
            collected_ms = collector.pop("seconds", 0.0) * 1000 / measured
            # Python function calls per request: deterministic, whatever the neighbours do.
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(options.repeat // options.concurrency):
                await asyncio.gather(
                    *(_call(app, body, signed) for _ in range(options.concurrency))
                )
            profile.disable()
            calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
            figures[name] = {
                "lowest_ms": round(min(per_batch), 3),
                "median_ms": round(statistics.median(per_batch), 3),
                "calls": round(calls / options.repeat),
                "gc_ms": round(collected_ms, 3),
                "collections_per_1000": [round(n * 1000 / measured, 1) for n in collections],
                "answer": answer["data"],
            }
    print(json.dumps(figures))


async def page_requests(
    app: Any, username: str, password: str, pages: Pages
) -> dict[str, tuple[bytes, str | None]]:
    """Each page's request body and token (none for a page without a subject), its subject
    the organisation of its level the account sees (for a branch, the one with most members)
    unless its variables are given."""
    variables = {"u": username, "p": password}
    login = await _call(app, json.dumps({"query": LOGIN, "variables": variables}).encode(), None)
    token: str = login["data"]["login"]["token"]
    found = await _call(app, json.dumps({"query": BRANCHES}).encode(), token)
    branches = found["data"]["organizations"]["nodes"]
    subjects = {"BRANCH": max(branches, key=lambda n: n["statistics"]["memberCount"])["id"]}
    for subject_level in ("DISTRICT", "COMMUNITY"):
        body = json.dumps({"query": SUBJECT, "variables": {"level": subject_level}}).encode()
        found = await _call(app, body, token)
        subjects[subject_level] = found["data"]["organizations"]["nodes"][0]["id"]
    requests: dict[str, tuple[bytes, str | None]] = {}
    for name, (document, level) in pages.items():
        asked: dict[str, Any] = {}
        if isinstance(level, dict):
            asked = level
        elif level:
            asked = {"id": subjects[level]}
        body = json.dumps({"query": document, "variables": asked}).encode()
        requests[name] = (body, token if level else None)
    return requests


def _timing(into: dict[str, Any]) -> Any:
    """A gc callback adding each collection's thread CPU time and generation to `into`."""
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.thread_time()
            return
        into["seconds"] = into.get("seconds", 0.0) + time.thread_time() - started[0]
        into.setdefault("collections", [0, 0, 0])[info["generation"]] += 1

    return callback


def pages_named(names: list[str] | None, database_url: str) -> Pages:
    """The pages asked for: bench/pages.py's and bench/other_pages.py's on a subject of their
    level, bench/twins.py's (the baselines' pages) on theirs, picked by SQL, as zhdj is asked
    for them there."""
    import asyncpg

    from bench.baselines import TRIVIAL
    from bench.other_pages import OTHER_PAGES
    from bench.pages import PAGES
    from bench.twins import ZHDJ_PAGE, pick_subjects, twins

    async def picked() -> dict[str, int]:
        database = await asyncpg.connect(database_url)
        try:
            return await pick_subjects(database)
        finally:
            await database.close()

    pages: Pages = {"branch_page": (ZHDJ_PAGE, "BRANCH")}
    pages |= {page.name: (page.document, page.level) for page in PAGES}
    for twin in twins(asyncio.run(picked())):
        sent = json.loads(twin.calls["zhdj"].body)
        pages[twin.name] = (sent["query"], sent["variables"])
    pages |= OTHER_PAGES
    pages["trivial"] = (TRIVIAL, None)
    return {name: page for name, page in pages.items() if not names or name in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("trees", nargs="*", type=Path, help="source trees, in turn")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="zhdj-demo")
    parser.add_argument("--pages", nargs="*", help="branch_page, org_tree, …, meetings, …, trivial")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker", type=str, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker is not None:
        import uvloop

        uvloop.run(_worker(options, json.loads(options.worker)))
        return
    # Here, not at the top: a worker runs this file on another tree, which may predate it.
    from bench.progress import say

    pages = pages_named(options.pages, options.database_url)
    results: dict[str, dict[str, dict[str, list[float]]]] = {}
    answers: dict[str, Any] = {}
    for round_ in range(options.rounds):
        for tree in options.trees:
            tree = tree.resolve()
            argv = [sys.executable, __file__, "--worker", json.dumps(pages)]
            argv += ["--database-url", options.database_url]
            argv += ["--username", options.username, "--password", options.password]
            argv += ["--concurrency", str(options.concurrency), "--repeat", str(options.repeat)]
            argv += ["--batches", str(options.batches)]
            environment = {**os.environ, "PYTHONPATH": str(tree), "PYTHONSAFEPATH": "1"}
            say(
                f"round {round_ + 1} of {options.rounds}, {tree}: {len(pages)} pages, "
                f"{options.batches} batches of {options.repeat} requests each …"
            )
            output = subprocess.run(  # noqa: S603 (our own program)
                argv, cwd=tree, env=environment, check=True, capture_output=True, text=True
            ).stdout
            figures = json.loads(output.strip().splitlines()[-1])
            for name, found in figures.items():
                if answers.setdefault(name, found["answer"]) != found["answer"]:
                    raise RuntimeError(f"{name}: {tree} answers other data")
                mine = results.setdefault(str(tree), {}).setdefault(name, {})
                for figure in ("lowest_ms", "median_ms", "calls", "gc_ms"):
                    mine.setdefault(figure, []).append(found[figure])
                say(
                    f"round {round_ + 1} {tree}: {name} {found['lowest_ms']} ms CPU/request "
                    f"(median batch {found['median_ms']}), {found['calls']} Python calls/request, "
                    f"collector {found['gc_ms']} ms/request, collections per 1,000 requests by "
                    f"generation {found['collections_per_1000']}"
                )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
