"""SQL statements per request for the typical front-end queries, at page sizes 10 and 100.

Each query is sent once per page size through the in-process app with the statements it
makes counted (db/statements.py, this request's own statements only); the count should not
grow with the page size. Then each is timed (p50/p95/p99, requests/s) at both sizes.

.venv/bin/python -m bench.statements --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bench.common import bench_app, measure, query, report
from bench.progress import say
from db.statements import count_statements

ROOT = """
{ organizations(filter: {levels: [CITY]}, first: 1) { nodes { id } } }
"""
ORG_TREE = """
query ($id: ID!, $first: Int!) {
  organizations(filter: {under: $id}, first: $first) {
    totalCount
    nodes {
      id name level
      children(first: 1) { totalCount }
      statistics { memberCount }
    }
  }
}
"""
MEMBER_LIST = """
query ($id: ID!, $first: Int!) {
  members(filter: {under: $id}, first: $first) {
    totalCount
    nodes { id name gender birthDate status isMobile branch { name parent { name } } }
    pageInfo { endCursor hasNextPage }
  }
}
"""
PETITION_LIST = """
query ($id: ID!, $first: Int!) {
  petitions(filter: {under: $id}, first: $first) {
    totalCount
    nodes {
      id title status submittedAt deadlineAt isOverdue nextActions
      category { name } grid { name } handlingOrganization { name }
    }
    pageInfo { endCursor hasNextPage }
  }
}
"""
STATION_LIST = """
query ($id: ID!, $first: Int!) {
  stations(filter: {under: $id}, first: $first) {
    totalCount
    nodes {
      id name capacity organization { name }
      live { status occupancy queueLength staffOnDuty lastHeartbeatAt }
    }
  }
}
"""
# A command-centre screen's first paint: the subtree's station figures with a drill-down,
# its petition figures, and the newest events (the page size is how many).
SCREEN = """
query ($id: ID!, $first: Int!) {
  stationAwareness(under: $id) {
    totals { stations byStatus { status count } visitorsNow servedToday camerasOnline }
    children { organization { name } totals { stations visitorsNow } }
  }
  petitionStatistics(under: $id, days: 30) { total overdueNow byStatus { status count } }
  recentEvents(under: $id, last: $first) { cursor type occurredAt }
}
"""
QUERIES = {
    "org_tree": ORG_TREE,
    "member_list": MEMBER_LIST,
    "petition_list": PETITION_LIST,
    "station_list": STATION_LIST,
    "screen_first_paint": SCREEN,
}
SIZES = (10, 100)


async def run(database_url: str, repeat: int, only: list[str]) -> None:
    figures: dict[str, Any] = {}
    async with bench_app(database_url) as (app, client, token):
        root = (await query(client, token, ROOT))["organizations"]["nodes"][0]["id"]
        engine = app.state.services.database.engine
        for name in only:
            document = QUERIES[name]
            row: dict[str, Any] = {}
            for size in SIZES:
                await query(client, token, document, id=root, first=size)  # warm caches
                with count_statements(engine, this_context_only=True) as statements:
                    await query(client, token, document, id=root, first=size)
                row[f"statements_{size}"] = len(statements)
                say(f"{name}, {size} rows: {len(statements)} statements")
            row["independent_of_length"] = len({row[f"statements_{s}"] for s in SIZES}) == 1
            for size in SIZES:
                row[f"latency_{size}"] = await measure(
                    lambda document=document, size=size: query(
                        client, token, document, id=root, first=size
                    ),
                    label=f"{name}, {size} rows",
                    repeat=repeat,
                )
            figures[name] = row
    report("statements", figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", nargs="+", choices=list(QUERIES), default=list(QUERIES))
    options = parser.parse_args()
    asyncio.run(run(options.database_url, options.repeat, options.only))


if __name__ == "__main__":
    main()
