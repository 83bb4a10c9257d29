"""Evaluation 考核评价 at city scale: the yearly batch over every organisation of a level (its
duration, with the batch's own progress lines), then reads through the GraphQL API as the
bench administrator: the root's ranking page, one organisation's result with every indicator
explained, and its capability portrait.

.venv/bin/python -m bench.evaluation --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict

import httpx

from bench.common import graphql_client, measure, query, report
from bench.progress import say
from db.base import china_day, utcnow
from db.engine import Database
from db.evaluation.queries import next_version
from db.evaluation.writes import insert_framework
from resolvers.evaluation.batch import compute_scores
from resolvers.evaluation.standard import STANDARD_INDICATORS, STANDARD_THRESHOLDS

COMMUNITY = "{ organizations(filter: {levels: [COMMUNITY]}, first: 1) { nodes { id } } }"
RANKING = """
query ($year: Int) { evaluationResults(year: $year, first: 20) {
  totalCount nodes { total rank stars organization { name } } } }
"""
RESULT = """
query ($id: ID!, $year: Int) { evaluationResult(organizationId: $id, year: $year) {
  total rank stars categories { category points } trend { year total }
  indicators { indicator { code name } raw points figures { name value } explanation } } }
"""
PORTRAIT = """
query ($id: ID!, $year: Int) { capabilityPortrait(organizationId: $id, year: $year) {
  lines { achievement parentMedian cityMedian } strengths { lead } weakPoints { lead } } }
"""


async def compute(database_url: str, year: int, level: str) -> dict[str, float]:
    """A new framework version for the year at `level`, computed; its figures."""
    database = Database(database_url)
    try:
        async with database.transaction() as session:
            version = await next_version(session, year)
            framework = await insert_framework(
                session,
                {
                    "year": year,
                    "version": version,
                    "name": f"bench {year} v{version} ({level})",
                    "level": level,
                    "star_thresholds": list(STANDARD_THRESHOLDS),
                },
                [
                    asdict(draft) | {"formula": draft.formula.value if draft.formula else None}
                    for draft in STANDARD_INDICATORS
                ],
            )
        started = time.perf_counter()
        summary = await compute_scores(database, framework, progress=say)
        seconds = time.perf_counter() - started
    finally:
        await database.dispose()
    say(f"batch: {summary.organizations} organisations in {seconds:.1f} s")
    return {"organizations": summary.organizations, "scores": summary.scores,
            "seconds": round(seconds, 1)}  # fmt: skip


def _asking(
    client: httpx.AsyncClient, token: str, document: str, **variables: object
) -> Callable[[], Awaitable[object]]:
    async def ask() -> object:
        return await query(client, token, document, **variables)

    return ask


async def run(database_url: str, year: int, level: str, repeat: int, batch: bool) -> None:
    figures: dict[str, object] = {}
    if batch:
        figures["batch"] = await compute(database_url, year, level)
    async with graphql_client(database_url) as (client, token):
        ranking = (await query(client, token, RANKING, year=year))["evaluationResults"]
        figures["ranking"] = await measure(
            lambda: query(client, token, RANKING, year=year),
            label=f"root ranking of {ranking['totalCount']}",
            repeat=repeat,
        )
        found = await query(client, token, COMMUNITY)
        node = found["organizations"]["nodes"][0]["id"]
        for name, document in (("result", RESULT), ("portrait", PORTRAIT)):
            figures[name] = await measure(
                _asking(client, token, document, id=node, year=year),
                label=f"a community's {name}",
                repeat=repeat,
            )
    report("evaluation", figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--year", type=int, default=china_day(utcnow()).year)
    parser.add_argument("--level", default="community", help="the governance level scored")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--no-batch", dest="batch", action="store_false", help="reads only")
    options = parser.parse_args()
    asyncio.run(run(options.database_url, options.year, options.level, options.repeat,
                    options.batch))  # fmt: skip


if __name__ == "__main__":
    main()
