"""The typical pages and `{ __typename }` on two source trees side by side, in one run: the
before and after of a change to the read path.

Two `server.py serve` processes on the same database, one from `--before` (another worktree
or an exported commit) and one from this repository (or `--after`); for each page, the
before server is loaded, then the after one, each by bench/load.py in a process of its own
(`--warmup` seconds unmeasured, `--duration` measured, `--concurrency` connections). Both
must answer every page with the same data. Figures: requests/s, p50/p99, the server's CPU
share and CPU per request; with `--profile`, a py-spy summary of each measured part.

    git worktree add /tmp/before <commit>   # or: git archive <commit> | tar -x -C /tmp/before
    .venv/bin/python -m bench.read_path --database-url postgresql://… --before /tmp/before
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.baselines import TRIVIAL, graphql
from bench.common import LOGIN, add_database_options, report
from bench.http_throughput import SUBJECTS, Bench
from bench.pages import PAGES
from bench.servers import REPOSITORY, Server, running, zhdj_server


async def _answer(client: httpx.AsyncClient, server: Server, token: str, body: Any) -> Any:
    response = await client.post(
        f"{server.url}/graphql", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    found = response.json()
    if response.status_code != 200 or found.get("errors"):
        raise RuntimeError(f"{server.url}: {response.status_code} {found}")
    return found["data"]


async def prepare(options: argparse.Namespace, servers: dict[str, Server]) -> tuple[str, dict]:
    """A token, a subject organisation per level, and proof that both trees answer alike."""
    after = servers["after"]
    async with httpx.AsyncClient(timeout=60) as client:
        variables = {"u": options.username, "p": options.password}
        login = await client.post(
            f"{after.url}/graphql", json={"query": LOGIN, "variables": variables}
        )
        token = login.json()["data"]["login"]["token"]
        subjects = {}
        for level in {page.level for page in PAGES}:
            body = {"query": SUBJECTS, "variables": {"level": level}}
            found = await _answer(client, after, token, body)
            subjects[level] = found["organizations"]["nodes"][0]["id"]
        for page in PAGES:
            body = {"query": page.document, "variables": {"id": subjects[page.level]}}
            answers = [await _answer(client, server, token, body) for server in servers.values()]
            if answers[0] != answers[1]:
                raise RuntimeError(f"{page.name}: the two trees answer other data")
    return token, subjects


async def run(options: argparse.Namespace) -> None:
    servers = {
        "before": zhdj_server(options.database_url, source=options.before),
        "after": zhdj_server(options.database_url, source=options.after),
    }
    database = await asyncpg.connect(options.database_url)
    bench = Bench(options, database)
    figures: dict[str, Any] = {
        "conditions": {
            "concurrency": options.concurrency,
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "account": options.username,
        }
    }
    with running(*servers.values()):
        for server in servers.values():
            await server.wait_ready()
        bench.token, subjects = await prepare(options, servers)
        for page in PAGES:
            if options.pages and page.name not in options.pages:
                continue
            call = graphql(page.document, signed_in=True, id=subjects[page.level])
            figures[page.name] = {
                side: await bench.load(
                    server, call, f"{page.name}, {side}", profile=f"{side}-{page.name}"
                )
                for side, server in servers.items()
            }
        if not options.pages or "trivial" in options.pages:
            call = graphql(TRIVIAL, signed_in=False)
            figures["trivial"] = {
                side: await bench.load(server, call, f"trivial, {side}", profile=f"{side}-trivial")
                for side, server in servers.items()
            }
    await database.close()
    report("read_path", figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_database_options(parser)
    parser.add_argument("--before", type=Path, required=True, help="the server code before")
    parser.add_argument("--after", type=Path, default=REPOSITORY, help="the server code after")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--pages", nargs="*", help="only these pages, `trivial` among them")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy each measured part into bench/results/profile-<side>-<page>.txt",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
