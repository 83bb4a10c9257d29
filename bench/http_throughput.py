"""Benchmark 3: HTTP throughput and latency of typical front-end pages at concurrency 50, the
GraphQL endpoint against bare Starlette endpoints doing the same SQL, in one run, with the
ratio (target: GraphQL >= 0.5 x bare).

Three processes: zhdj (`server.py serve`), the same app with the bare endpoints
(bench/bare_server.py), and the load generator (bench/load.py), which first shows its own
ceiling against a canned-response server. Each load runs `--warmup` seconds unmeasured, then
`--duration` seconds measured; each figure carries the server's and the generator's CPU share
over the measured part (1.0 = one core busy), so a reader sees which side was the bottleneck.

    .venv/bin/python -m bench.http_throughput --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import time
from typing import Any

import httpx

from bench.common import LOGIN, RESULTS, add_database_options, report
from bench.pages import PAGES, FrontEndPage
from bench.profile import record, summarise
from bench.servers import Server, running, zhdj_environment, zhdj_server

SUBJECTS = """
query ($level: GovernanceLevel!) {
  organizations(filter: {levels: [$level]}, first: 1) { nodes { id } }
}"""
TRIVIAL = "{ __typename }"


class Bench:
    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.token = ""

    async def load(
        self,
        server: Server,
        method: str,
        path: str,
        body: str = "",
        *,
        signed_in: bool = True,
        profile: str | None = None,
    ) -> dict[str, Any]:
        """One load run in its own process; its figures and the server's CPU share, and with
        `profile` (and --profile) the summary of a py-spy profile of the measured part."""
        o = self.options
        token = ["--header", f"Authorization: Bearer {self.token}"] if signed_in else []
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.load", "run", "--port", str(server.port),
            "--method", method, "--path", path, "--body", body, *token,
            "--concurrency", str(o.concurrency), "--duration", str(o.duration),
            "--warmup", str(o.warmup),
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert process.stdout is not None
        await process.stdout.readline()  # the measured part begins
        cpu, clock = server.cpu_seconds(), time.perf_counter()
        collapsed = RESULTS / f"profile-{profile}.txt"
        spy = (
            await record(server.process.pid, o.duration, collapsed)
            if o.profile and profile
            else None
        )
        await process.stdout.readline()  # it ends
        cpu, clock = server.cpu_seconds() - cpu, time.perf_counter() - clock
        output = await process.stdout.read()
        if await process.wait() != 0:
            raise RuntimeError(f"the load generator failed on {path} (its error is above)")
        figures: dict[str, Any] = json.loads(output)
        if figures["non_200"]:
            raise RuntimeError(f"{figures['non_200']} answers were not 200 on {path}")
        figures |= {
            "server_cpu": round(cpu / clock, 2),
            "server_cpu_ms_per_request": round(cpu * 1000 / figures["requests"], 3),
        }
        if spy is not None and await spy.wait() == 0:
            figures["profile"] = summarise(collapsed)
        return figures

    async def graphql(
        self,
        server: Server,
        document: str,
        *,
        signed_in: bool = True,
        profile: str | None = None,
        **variables: str,
    ) -> dict[str, Any]:
        body = json.dumps({"query": document, "variables": variables})
        return await self.load(
            server, "POST", "/graphql", body, signed_in=signed_in, profile=profile
        )

    async def compare(
        self, graphql: Server, bare: Server, page: FrontEndPage, subject: str
    ) -> dict[str, Any]:
        """The page as GraphQL (the document sent, then its hash alone) and as bare SQL."""
        by_hash = {"extensions": persisted(page.document), "variables": {"id": subject}}
        figures = {
            "graphql": await self.graphql(graphql, page.document, profile=page.name, id=subject),
            "graphql_persisted": await self.load(graphql, "POST", "/graphql", json.dumps(by_hash)),
            "bare": await self.load(bare, "GET", f"/bare/{page.name}?id={subject}"),
        }
        return figures | ratios(figures)


def persisted(document: str) -> dict[str, Any]:
    """The `extensions` of an automatic persisted query (Apollo's protocol)."""
    digest = hashlib.sha256(document.encode()).hexdigest()
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def ratios(figures: dict[str, Any]) -> dict[str, float]:
    """GraphQL throughput over bare throughput (the target's measure), and bare CPU per request
    over GraphQL CPU per request (what the throughput ratio is when the server is the
    bottleneck; noisy neighbours disturb it least)."""
    bare = figures["bare"]
    found = {}
    for name in ("graphql", "graphql_persisted"):
        if name in figures:
            suffix = name.removeprefix("graphql")
            found["ratio" + suffix] = round(figures[name]["per_second"] / bare["per_second"], 3)
            found["cpu_ratio" + suffix] = round(
                bare["server_cpu_ms_per_request"] / figures[name]["server_cpu_ms_per_request"], 3
            )
    return found


async def _ask(client: httpx.AsyncClient, url: str, token: str, **request: Any) -> Any:
    response = await client.request(
        url=url, headers={"Authorization": f"Bearer {token}"}, **request
    )
    body = response.json()
    if body.get("errors") or response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code} {body}")
    return body["data"]


async def prepare(
    options: argparse.Namespace, graphql: Server, bare: Server
) -> tuple[str, dict[str, str]]:
    """A token, a subject organisation per level, and proof that both endpoints agree."""
    async with httpx.AsyncClient(timeout=60) as client:
        variables = {"u": options.username, "p": options.password}
        login = await client.post(
            f"{graphql.url}/graphql", json={"query": LOGIN, "variables": variables}
        )
        token = login.json()["data"]["login"]["token"]
        subjects: dict[str, str] = {}
        for level in {page.level for page in PAGES}:
            found = await _ask(
                client, f"{graphql.url}/graphql", token, method="POST",
                json={"query": SUBJECTS, "variables": {"level": level}},
            )  # fmt: skip
            subjects[level] = found["organizations"]["nodes"][0]["id"]
        for page in PAGES:
            subject = subjects[page.level]
            by_graphql = await _ask(
                client, f"{graphql.url}/graphql", token, method="POST",
                json={"query": page.document, "variables": {"id": subject}},
            )  # fmt: skip
            by_bare = await _ask(
                client, f"{bare.url}/bare/{page.name}", token, method="GET",
                params={"id": subject},
            )  # fmt: skip
            if by_graphql != by_bare:
                raise RuntimeError(f"{page.name}: the bare endpoint answers other data")
            if '"nodes": []' in json.dumps(by_graphql):
                raise RuntimeError(
                    f"{page.name} is empty for {options.username} under {subject}: load a city "
                    "with petitions and stations, or use the demo (--username admin "
                    "--password zhdj-demo after `server.py seed`)"
                )
            await _ask(
                client, f"{graphql.url}/graphql", token, method="POST",
                json={"query": page.document, "variables": {"id": subject},
                      "extensions": persisted(page.document)},
            )  # fmt: skip
    return token, subjects


async def run(options: argparse.Namespace) -> None:
    graphql = zhdj_server(options.database_url)
    bare = Server(["-m", "bench.bare_server"], zhdj_environment(options.database_url))
    canned = Server(["-m", "bench.load", "canned"], {})
    bench = Bench(options)
    with running(graphql, bare, canned):
        for server in (graphql, bare, canned):
            await server.wait_ready()
        bench.token, subjects = await prepare(options, graphql, bare)
        figures: dict[str, Any] = {
            "conditions": {
                "concurrency": options.concurrency,
                "duration_s": options.duration,
                "warmup_s": options.warmup,
                "account": options.username,
            },
            "generator_ceiling": await bench.load(canned, "GET", "/"),
        }
        trivial = {  # as the issue measured it: no token, nothing but the machinery
            "graphql": await bench.graphql(graphql, TRIVIAL, signed_in=False),
            "bare": await bench.load(bare, "GET", "/bare/hello", signed_in=False),
        }
        figures["trivial"] = trivial | ratios(trivial)
        for page in PAGES:
            if not options.pages or page.name in options.pages:
                figures[page.name] = await bench.compare(graphql, bare, page, subjects[page.level])
    report("http_throughput", figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_database_options(parser)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--pages", nargs="*", help="only these pages (default: all)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy each page's GraphQL run into bench/results/profile-<page>.txt",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
