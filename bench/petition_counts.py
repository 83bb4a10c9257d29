"""The petition list's totalCount, and the window's p90 handling time, at the city's root, a
district and a community, for every filter a screen or a list narrows petitions by (issue 12:
each p99 < 50 ms at the root of the city-scale data).

For each filter: the counting statement's plan (EXPLAIN ANALYZE on PostgreSQL, run on the
statement and parameters the request itself sent: the tables and indexes it reads, and
whether it reads `petitions` beyond the index of those held off their grid's chain, which
would be a count of the subtree's rows), then a series one request after another with each
request's attribution from bench.outliers (this process's CPU, its loop thread's and its
backends' waits for a core): wall percentiles, and the same less those waits.

    .venv/bin/python -m bench.petition_counts --database-url postgresql://…/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from bench.aggregates import LEVEL_NODE
from bench.common import bench_app, percentiles, query, report
from bench.outliers import Sample, Suspects, listen_to_engine
from bench.progress import say
from db.base import china_day, utcnow

COUNT = "query ($f: PetitionFilter) { petitions(filter: $f, first: 1) { totalCount } }"
P90 = "query ($id: ID!) { petitionStatistics(under: $id, days: 30) { p90HandlingHours } }"
CATEGORY = "query { petitionCategories(kind: PUBLIC_SAFETY) { id code } }"
OPEN = ["SUBMITTED", "ACCEPTED", "ASSIGNED", "IN_PROGRESS"]


def filters(category: str) -> dict[str, dict[str, Any]]:
    """Each combination by name: statuses, a category, both, a kind, a window of days."""
    today = china_day(utcnow())
    month = {"since": (today - timedelta(days=29)).isoformat(), "until": today.isoformat()}
    return {
        "whole": {},
        "open statuses": {"statuses": OPEN},
        "category": {"categoryIds": [category]},
        "category and statuses": {"categoryIds": [category], "statuses": ["RESOLVED", "CLOSED"]},
        "kind and statuses": {"kinds": ["PUBLIC_SAFETY"], "statuses": ["RESOLVED", "CLOSED"]},
        "30 days": month,
        "30 days, open statuses": month | {"statuses": OPEN},
        "30 days, category and statuses": month
        | {"categoryIds": [category], "statuses": ["RESOLVED", "CLOSED"]},
    }


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(found for child in node.get("Plans", []) for found in _nodes(child))]


async def plan(engine: Any, run: Any) -> dict[str, Any]:
    """The counting statement the request sends, explained with its own parameters: what each
    scan read, and how many rows of `petitions` it touched (kept figures touch few or none)."""
    sent: list[tuple[str, Any]] = []

    def capture(_c: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if "count(" in statement.lower() or "sum(" in statement.lower():
            sent.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        await run()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    found: dict[str, Any] = {"statements": len(sent)}
    if not sent or engine.dialect.name != "postgresql":
        return found
    statement, parameters = sent[-1]
    async with engine.connect() as connection:
        rows = await connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
        )
        value = rows.scalar()
    explained = json.loads(value) if isinstance(value, str) else value
    top = explained[0]
    scans, touched = [], 0
    for node in _nodes(top["Plan"]):
        if "Scan" not in node["Node Type"]:
            continue
        read = node["Actual Rows"] * node["Actual Loops"] + node.get("Rows Removed by Filter", 0)
        what = node.get("Relation Name") or ""
        index = f" using {node['Index Name']}" if "Index Name" in node else ""
        scans.append(f"{node['Node Type']}{index}{f' on {what}' if what else ''}: {read:,} rows")
        if what == "petitions":
            touched += read
    return found | {
        "scans": scans,
        "petition_rows_read": touched,
        "execution_ms": round(top["Execution Time"], 3),
    }


async def series(client: Any, token: str, document: str, variables: dict[str, Any],
                 suspects: Suspects, repeat: int) -> dict[str, Any]:  # fmt: skip
    for _ in range(5):
        await query(client, token, document, **variables)
    samples: list[Sample] = []
    for _ in range(repeat):
        before = suspects.clocks()
        await query(client, token, document, **variables)
        samples.append(Sample.between(before, suspects.clocks()))
    unwaited = percentiles([s.ms - s.waited_ms for s in samples])
    return percentiles([s.ms for s in samples]) | {
        "cpu_ms": round(statistics.median(s.cpu_ms for s in samples), 2),
        "statements_cpu_ms": round(statistics.median(s.pg_cpu_ms for s in samples), 2),
        "waited_ms": round(statistics.median(s.waited_ms for s in samples), 2),
        "less_waits_p50_ms": unwaited["p50_ms"],
        "less_waits_p99_ms": unwaited["p99_ms"],
    }


async def run(options: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    suspects = Suspects()
    async with bench_app(options.database_url) as (app, client, token):
        engine = app.state.services.database.engine
        await engine.dispose()  # so the connect event finds every backend the series uses
        listen_to_engine(engine, suspects)
        category = (await query(client, token, CATEGORY))["petitionCategories"][-1]["id"]
        for level in options.levels:
            found = await query(client, token, LEVEL_NODE, level=level)
            node = found["organizations"]["nodes"][0]
            cases = {
                name: (COUNT, {"f": {"under": node["id"]} | narrow})
                for name, narrow in filters(category).items()
            } | {"p90 handling, 30 days": (P90, {"id": node["id"]})}
            for name, (document, variables) in cases.items():
                label = f"{level.lower()} {node['name']}: {name}"

                async def once(
                    document: str = document, variables: dict[str, Any] = variables
                ) -> None:
                    await query(client, token, document, **variables)

                explained = await plan(engine, once)
                say(f"{label}: {explained}")
                timed = await series(client, token, document, variables, suspects, options.repeat)
                say(
                    f"{label}: p50 {timed['p50_ms']} p99 {timed['p99_ms']} ms; less the waits "
                    f"for a core p50 {timed['less_waits_p50_ms']} p99 {timed['less_waits_p99_ms']} "
                    f"ms; CPU {timed['cpu_ms']} ms, statements' CPU {timed['statements_cpu_ms']} ms"
                )
                figures[f"{level.lower()}.{name}"] = explained | timed
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument(
        "--levels", nargs="+", choices=["CITY", "DISTRICT", "COMMUNITY"], default=["CITY"]
    )
    options = parser.parse_args()
    report("petition_counts", asyncio.run(run(options)))


if __name__ == "__main__":
    main()
