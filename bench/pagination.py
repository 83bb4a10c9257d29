"""Deep pagination: pages ~500,000 rows into the member and petition lists at the city root.

Cursors are keyset cursors (the row's id, base64-encoded; resolvers/pagination.py), so a page
deep in a list costs what the first page costs if the query seeks by key. The deep cursor is
built honestly rather than walked to: the id of the depth-th row of the list as the API
orders it (SELECT id … ORDER BY id OFFSET depth-1, with the list's scope filter), encoded as
the API encodes it; the bench checks the API's own next cursor after that page is the
encoding of a key further on. Measured: the first page, the same deep page again and again,
and a walk of consecutive pages onwards from the deep cursor (each after the last's endCursor).

.venv/bin/python -m bench.pagination --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import httpx
from sqlalchemy import text

from bench.common import bench_app, measure, query, report
from bench.progress import say
from resolvers.pagination import decode_cursor, encode_cursor

ROOT = """
{ organizations(filter: {levels: [CITY]}, first: 1) { nodes { id } } }
"""
MEMBERS = """
query ($id: ID!, $first: Int!, $after: String) {
  members(filter: {under: $id}, first: $first, after: $after) {
    nodes { id name gender birthDate status isMobile branch { name } }
    pageInfo { endCursor hasNextPage }
  }
}
"""
PETITIONS = """
query ($id: ID!, $first: Int!, $after: String) {
  petitions(filter: {under: $id}, first: $first, after: $after) {
    nodes { id title status submittedAt deadlineAt isOverdue category { name } grid { name } }
    pageInfo { endCursor hasNextPage }
  }
}
"""
# The list, its document, and the SQL that finds the key of its depth-th row (as the API
# scopes and orders it: by id, within the subtree; petitions by their grid or handler).
LISTS = {
    "members": (
        MEMBERS,
        "SELECT id FROM members WHERE org_path LIKE :prefix ORDER BY id OFFSET :skip LIMIT 1",
    ),
    "petitions": (
        PETITIONS,
        "SELECT id FROM petitions WHERE org_path LIKE :prefix OR handling_org_path LIKE :prefix "
        "ORDER BY id OFFSET :skip LIMIT 1",
    ),
}


async def _page(
    client: httpx.AsyncClient, token: str, document: str, root: str, size: int, after: str | None
) -> Any:
    data = await query(client, token, document, id=root, first=size, after=after)
    return next(iter(data.values()))


async def run(database_url: str, depth: int, size: int, repeat: int, lists: list[str]) -> None:
    figures: dict[str, object] = {"depth": depth, "page_size": size}
    async with bench_app(database_url) as (app, client, token):
        root = (await query(client, token, ROOT))["organizations"]["nodes"][0]["id"]
        database = app.state.services.database
        async with database.transaction() as session:
            root_path = await session.scalar(
                text("SELECT path FROM organizations WHERE code = 'SC'")
            )
        for name in lists:
            document, find_key = LISTS[name]
            say(f"{name}: finding the key {depth:,} rows into the root's list …")
            async with database.transaction() as session:
                key = await session.scalar(
                    text(find_key), {"prefix": f"{root_path}%", "skip": depth - 1}
                )
            if key is None:
                raise SystemExit(f"{name}: the list is shorter than {depth:,} rows")
            deep = encode_cursor(int(key))
            page = await _page(client, token, document, root, size, deep)
            following = decode_cursor(page["pageInfo"]["endCursor"], field="after")
            if following <= key:
                raise SystemExit(f"{name}: the page after the deep cursor does not go onwards")
            figures[f"{name}.first_page"] = await measure(
                lambda document=document: _page(client, token, document, root, size, None),
                label=f"{name}: first page",
                repeat=repeat,
            )
            figures[f"{name}.deep_page"] = await measure(
                lambda document=document, deep=deep: _page(
                    client, token, document, root, size, deep
                ),
                label=f"{name}: the page {depth:,} rows in",
                repeat=repeat,
            )
            cursor = [deep]

            async def walk(document: str = document, cursor: list[str] = cursor) -> None:
                found = await _page(client, token, document, root, size, cursor[0])
                if not found["pageInfo"]["hasNextPage"]:
                    raise SystemExit("the walk reached the end of the list: lower --repeat")
                cursor[0] = found["pageInfo"]["endCursor"]

            figures[f"{name}.deep_walk"] = await measure(
                walk, label=f"{name}: walking on from there", repeat=repeat, warmup=0
            )
    report("pagination", figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--depth", type=int, default=500_000, help="rows before the deep page")
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--lists", nargs="+", choices=list(LISTS), default=list(LISTS))
    options = parser.parse_args()
    asyncio.run(
        run(options.database_url, options.depth, options.page_size, options.repeat, options.lists)
    )


if __name__ == "__main__":
    main()
