"""Benchmark 3: HTTP throughput, latency and server CPU per request at concurrency 50.

Two comparisons in one run, each answering its own question:

- **Baselines** (`--parts baselines`): how far zhdj is from what a page could cost. Five
  pages a partner would write (bench/twins.py: a branch's members, one member by id, a grid's
  petitions, a filtered petition list, a district's two-level outline with counts) and
  `{ __typename }`, each served by zhdj (`server.py serve`), by the Python floor (Starlette +
  asyncpg + orjson, the statements by hand: bench/floor_server.py) and by PostGraphile 4.14
  (one Node process: bench/postgraphile_server.py), the three one after another on each page,
  the whole sequence `--rounds` times, after checking the three answer every page with
  identical rows. Ratios zhdj/floor and zhdj/PostGraphile, round by round: of throughput,
  and of server CPU per request.
- **Pages** (`--parts pages`): what the GraphQL layer alone costs. Four typical pages
  (bench/pages.py) as GraphQL, as persisted queries and as "bare" Starlette endpoints that
  reuse zhdj's own resolvers and reads (bench/bare_server.py). Both sides share the data
  access, so this ratio says nothing about the reads' cost; the baselines do.

Every load runs in a process of its own (bench/load.py, whose ceiling against a canned
server is measured first): `--warmup` seconds unmeasured, then `--duration` measured, with the
server's CPU share (1.0 = one core) and CPU per request, the generator's share, the whole
machine's busy cores over the same window, so a reader sees what the bottleneck was, and the
connections PostgreSQL accepted meanwhile (a pool that closes and reopens connections under
load makes the database fork a backend for each).

    bench/run http_throughput    # the demo city, built on first use
    .venv/bin/python -m bench.http_throughput --database-url postgresql://…/zhdj_bench_demo \\
        --username admin --password zhdj-demo [--parts baselines] [--rounds 2] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import sys
import time
from typing import Any

import asyncpg
import httpx

from bench.baselines import TRIVIALS, Call, check_identical, graphql
from bench.common import LOGIN, RESULTS, add_database_options, report
from bench.pages import PAGES, FrontEndPage
from bench.postgraphile_server import postgraphile_server
from bench.profile import record, summarise
from bench.progress import say
from bench.servers import Server, machine_busy_seconds, running, zhdj_environment, zhdj_server
from bench.twins import SERVERS, Twin, pick_subjects, twins

SUBJECTS = """
query ($level: GovernanceLevel!) {
  organizations(filter: {levels: [$level]}, first: 1) { nodes { id } }
}"""
PARTS = ("baselines", "pages")
READY = {"floor": "/hello", "canned": "/"}  # where each answers 200 once ready
CORES = os.cpu_count()


def describe(figures: dict[str, Any]) -> str:
    """One line of a load's figures, as the progress shows them."""
    return (
        f"{figures['per_second']:,.0f} req/s, p50 {figures['p50_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, server {figures['server_cpu']} core "
        f"({figures['server_cpu_ms_per_request']} ms CPU/request), "
        f"generator {figures['generator_cpu']}, machine {figures['machine_cpu']} of {CORES} cores, "
        f"{figures['connections_opened']} connections opened, load {figures['load_average']}"
    )


class FailedAnswersError(RuntimeError):
    """A load run met answers that were not the page: its figures are no figures."""


# Runs again after failed answers: on a shared machine PostgreSQL can be full of other
# clients for a while ("too many clients"), which no server here causes or can serve around.
RETRIES = 2


class Bench:
    """Load runs against the servers, with the figures each needs, as the options ask."""

    def __init__(self, options: argparse.Namespace, database: asyncpg.Connection) -> None:
        self.options = options
        self.token = ""
        self.database = database
        # The baselines' runs so far, per page and server: reported even if a later run fails.
        self.done: dict[str, dict[str, list[dict[str, Any]]]] = {}

    async def sessions(self) -> int:
        """Connections PostgreSQL has accepted to the database so far."""
        query = "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        return int(await self.database.fetchval(query))

    async def load(
        self, server: Server, call: Call, label: str, *, profile: str | None = None
    ) -> dict[str, Any]:
        """One load run in its own process; its figures and the server's CPU share, and with
        `profile` (and --profile) the summary of a py-spy profile of the measured part."""
        o = self.options
        say(f"{label}: {o.warmup:g} s warm-up, then {o.duration:g} s measured …")
        token = ["--header", f"Authorization: Bearer {self.token}"] if call.signed_in else []
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.load", "run", "--port", str(server.port),
            "--method", call.method, "--path", call.path, "--body", call.body, *token,
            "--concurrency", str(o.concurrency), "--duration", str(o.duration),
            "--warmup", str(o.warmup),
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        assert process.stdout is not None
        await process.stdout.readline()  # the measured part begins
        cpu, busy, clock = server.cpu_seconds(), machine_busy_seconds(), time.perf_counter()
        sessions = await self.sessions()
        collapsed = RESULTS / f"profile-{profile}.txt"
        spy = (
            await record(server.process.pid, o.duration, collapsed)
            if o.profile and profile
            else None
        )
        await process.stdout.readline()  # it ends
        clock = time.perf_counter() - clock
        cpu, busy = server.cpu_seconds() - cpu, machine_busy_seconds() - busy
        sessions = await self.sessions() - sessions
        output = await process.stdout.read()
        if await process.wait() != 0:
            raise RuntimeError(f"the load generator failed on {call.path} (its error is above)")
        figures: dict[str, Any] = json.loads(output)
        if figures["non_200"]:
            raise FailedAnswersError(
                f"{figures['non_200']} answers were not 200, or carried GraphQL errors, "
                f"on {call.path}"
            )
        figures |= {
            "server_cpu": round(cpu / clock, 2),
            "server_cpu_ms_per_request": round(cpu * 1000 / figures["requests"], 3),
            "machine_cpu": round(busy / clock, 2),
            "connections_opened": sessions,
            "load_average": round(os.getloadavg()[0], 1),
        }
        if spy is not None:
            if await spy.wait() == 0:
                figures["profile"] = summarise(collapsed)
                say(f"{label}: profile in {collapsed.relative_to(RESULTS.parent.parent)}")
            else:
                say(f"{label}: py-spy recorded nothing (it needs ptrace rights over the server)")
        say(f"{label}: {describe(figures)}")
        return figures

    async def steady(
        self, server: Server, call: Call, label: str, *, profile: str | None = None
    ) -> dict[str, Any]:
        """A load run; one that met failed answers is said, recorded with the figures of the
        run that succeeded (`failed_attempts`) and run again, up to RETRIES times."""
        failed: list[str] = []
        for _ in range(RETRIES + 1):
            try:
                figures = await self.load(server, call, label, profile=profile)
            except FailedAnswersError as error:
                failed.append(str(error))
                say(f"{label}: {error}; not measured, run again in 5 s …")
                await asyncio.sleep(5)
                continue
            return figures | {"failed_attempts": failed}
        raise RuntimeError(f"{label}: {RETRIES + 1} runs met failed answers: {failed}")

    async def baselines(self, servers: dict[str, Server], pages: list[Twin]) -> dict[str, Any]:
        """Each page (then `{ __typename }`) from each server in turn, the whole sequence
        --rounds times; per page, the range of each figure over the rounds, and the ratios of
        zhdj's to the others' round by round."""
        rounds = self.options.rounds
        measured = [(page.name, page.calls) for page in pages] + [("trivial", TRIVIALS)]
        runs = self.done = {name: {} for name, _ in measured}
        for round_ in range(1, rounds + 1):
            for name, calls in measured:
                for server in SERVERS:
                    label = f"round {round_}/{rounds}, {name}, {server}"
                    profile = name if server == "zhdj" else None
                    call = calls[server]
                    figures = await self.steady(servers[server], call, label, profile=profile)
                    runs[name].setdefault(server, []).append(figures)
        return {name: summary(runs_of) for name, runs_of in runs.items()}

    async def pages(
        self, graphql_server: Server, bare: Server, page: FrontEndPage, subject: str
    ) -> dict[str, Any]:
        """The page as GraphQL (the document sent, then its hash alone) and as bare SQL."""
        by_hash = {"extensions": persisted(page.document), "variables": {"id": subject}}
        sent = graphql(page.document, signed_in=True, id=subject)
        figures = {
            "graphql": await self.load(
                graphql_server, sent, f"{page.name}, GraphQL", profile=page.name
            ),
            "graphql_persisted": await self.load(
                graphql_server,
                Call("POST", "/graphql", json.dumps(by_hash), signed_in=True),
                f"{page.name}, persisted query",
            ),
            "bare": await self.load(
                bare,
                Call("GET", f"/bare/{page.name}?id={subject}", signed_in=True),
                f"{page.name}, bare endpoint",
            ),
        }
        return figures | ratios(figures)


_FIGURES = ("per_second", "p50_ms", "p99_ms", "server_cpu_ms_per_request", "server_cpu")


def _span(values: list[float]) -> list[float]:
    return [min(values), max(values)]


def summary(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Per server, each figure's lowest and highest over the rounds (and the runs themselves);
    per other server, zhdj's throughput and CPU per request over theirs, round by round."""
    found: dict[str, Any] = {
        name: {figure: _span([run[figure] for run in done]) for figure in _FIGURES} | {"runs": done}
        for name, done in runs.items()
    }
    zhdj = runs["zhdj"]
    for name, done in runs.items():
        if name == "zhdj":
            continue
        pairs = list(zip(zhdj, done, strict=True))
        found[f"zhdj/{name}"] = {
            "throughput": _span([round(z["per_second"] / o["per_second"], 3) for z, o in pairs]),
            "cpu_per_request": _span(
                [
                    round(z["server_cpu_ms_per_request"] / o["server_cpu_ms_per_request"], 1)
                    for z, o in pairs
                ]
            ),
        }
    return found


def persisted(document: str) -> dict[str, Any]:
    """The `extensions` of an automatic persisted query (Apollo's protocol)."""
    digest = hashlib.sha256(document.encode()).hexdigest()
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def ratios(figures: dict[str, Any]) -> dict[str, float]:
    """GraphQL throughput over bare throughput, and bare CPU per request over GraphQL CPU per
    request (what the throughput ratio is when the server is the bottleneck)."""
    bare = figures["bare"]
    found = {}
    for name in ("graphql", "graphql_persisted"):
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


async def sign_in(client: httpx.AsyncClient, options: argparse.Namespace, zhdj: Server) -> str:
    variables = {"u": options.username, "p": options.password}
    login = await client.post(f"{zhdj.url}/graphql", json={"query": LOGIN, "variables": variables})
    return str(login.json()["data"]["login"]["token"])


async def prepare_pages(
    client: httpx.AsyncClient,
    options: argparse.Namespace,
    graphql: Server,
    bare: Server,
    token: str,
) -> dict[str, str]:
    """A subject organisation per level, and proof that both endpoints agree on every page."""
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
            client, f"{bare.url}/bare/{page.name}", token, method="GET", params={"id": subject}
        )
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
    return subjects


async def run(options: argparse.Namespace) -> None:
    parts = options.parts
    servers = {"zhdj": zhdj_server(options.database_url), "canned": _canned()}
    if "baselines" in parts:
        environment = {"ZHDJ_DATABASE_URL": options.database_url}
        servers["floor"] = Server(["-m", "bench.floor_server"], environment)
        servers["postgraphile"] = postgraphile_server(options.database_url)
    if "pages" in parts:
        environment = zhdj_environment(options.database_url)
        servers["bare"] = Server(["-m", "bench.bare_server"], environment)
    database = await asyncpg.connect(options.database_url)
    bench = Bench(options, database)
    with running(*servers.values()):
        say(f"starting servers: {', '.join(servers)} …")
        for name, server in servers.items():
            await server.wait_ready(READY.get(name, "/healthz"), seconds=120)
        figures: dict[str, Any] = {
            "conditions": {
                "concurrency": options.concurrency,
                "duration_s": options.duration,
                "warmup_s": options.warmup,
                "account": options.username,
            },
        }
        async with httpx.AsyncClient(timeout=60) as client:
            bench.token = await sign_in(client, options, servers["zhdj"])
            if "baselines" in parts:
                keys = await pick_subjects(database)
                chosen = [t for t in twins(keys) if not options.pages or t.name in options.pages]
                urls = {name: server.url for name, server in servers.items()}
                for twin in chosen:
                    say(f"{twin.name}: checking zhdj, floor and PostGraphile answer it alike …")
                    await check_identical(client, urls, twin, bench.token)
            if "pages" in parts:
                say("pages: checking GraphQL and the bare endpoints agree …")
                subjects = await prepare_pages(
                    client, options, servers["zhdj"], servers["bare"], bench.token
                )
        figures["generator_ceiling"] = await bench.load(
            servers["canned"], Call("GET", "/"), "generator ceiling (canned answers)"
        )
        if "baselines" in parts:
            figures["baselines"] = {"subjects": keys}
            try:
                figures["baselines"] |= await bench.baselines(servers, chosen)
            except RuntimeError:
                say("a baseline run failed: the runs done so far go to the report, unfinished")
                report("http_throughput", figures | {"unfinished": bench.done})
                raise
        if "pages" in parts:
            for page in PAGES:
                if not options.pages or page.name in options.pages:
                    figures[page.name] = await bench.pages(
                        servers["zhdj"], servers["bare"], page, subjects[page.level]
                    )
        say("stopping servers …")
    await database.close()
    if "baselines" in parts:
        _say_baselines(figures["baselines"])
    report("http_throughput", figures)


def _canned() -> Server:
    return Server(["-m", "bench.load", "canned"], {})


def _say_baselines(found: dict[str, Any]) -> None:
    """The baselines' summary, a line per page and server and per ratio, before the JSON."""
    for what, figures in found.items():
        if what == "subjects":
            continue
        for name in SERVERS:
            f = figures[name]
            say(
                f"{what}, {name}: {_range(f['per_second'])} req/s, p50 "
                f"{_range(f['p50_ms'])} ms, p99 {_range(f['p99_ms'])} ms, "
                f"{_range(f['server_cpu_ms_per_request'])} ms CPU/request"
            )
        for other in SERVERS[1:]:
            r = figures[f"zhdj/{other}"]
            say(
                f"{what}, zhdj/{other}: throughput {_range(r['throughput'])}, "
                f"CPU per request {_range(r['cpu_per_request'])}x"
            )


def _range(span: list[float]) -> str:
    low, high = span
    return f"{low:,}" if low == high else f"{low:,}-{high:,}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_database_options(parser)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2, help="baselines: runs of each, in turn")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument(
        "--pages",
        nargs="*",
        help="only these pages of either part (default: all; the names "
        "are bench/twins.py's and bench/pages.py's)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy zhdj's GraphQL runs into bench/results/profile-<page>.txt (it pauses the "
        "server at each sample: the profiled runs' own figures are not comparable)",
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
