"""Subtree aggregates at the root, a district and a community of the city-scale data.

.venv/bin/python -m bench.aggregates --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio

from bench.common import graphql_client, measure, query, report

LEVEL_NODE = """
query ($level: GovernanceLevel!) {
  organizations(filter: {levels: [$level]}, first: 1) { nodes { id name } }
}
"""
STATISTICS = """
query ($id: ID!) {
  organization(id: $id) { statistics { memberCount membersByStatus { status count } } }
}
"""
PORTRAIT = """
query ($id: ID!) {
  organization(id: $id) {
    portrait {
      byGender { key count } byAgeBand { key count } byEducation { key count }
      byEthnicity { key count } byOccupation { key count }
    }
  }
}
"""


async def run(database_url: str, repeat: int) -> None:
    figures: dict[str, object] = {}
    async with graphql_client(database_url) as (client, token):
        for level in ("CITY", "DISTRICT", "COMMUNITY"):
            node = (await query(client, token, LEVEL_NODE, level=level))["organizations"]["nodes"][
                0
            ]
            for name, document in (("members_by_status", STATISTICS), ("portrait", PORTRAIT)):
                figures[f"{level.lower()}.{name}"] = await measure(
                    lambda document=document, node=node: query(
                        client, token, document, id=node["id"]
                    ),
                    repeat=repeat,
                )
    report("aggregates", figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=100)
    options = parser.parse_args()
    asyncio.run(run(options.database_url, options.repeat))


if __name__ == "__main__":
    main()
