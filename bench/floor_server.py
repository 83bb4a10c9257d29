"""The Python floor: bench/twins.py's pages by hand, Starlette + asyncpg + orjson, no project code.

What a Python process needs at least to serve what zhdj's pages answer: the statements a
careful hand would write (a subtree's subject first, as zhdj reads it; a page and its count;
a nested level in one statement for all its parents), rows straight from asyncpg into orjson,
under the same uvicorn and pool size as zhdj. No authentication. Routes: `/members?branch=`,
`/member?id=`, `/petitions?grid=` or `?category=&status=`, `/outline?id=`,
`/meetings?branch=`; `/hello` answers `{ __typename }` as constant bytes (a request and
nothing else). ZHDJ_DATABASE_URL and ZHDJ_PORT as for the server.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SUBJECT = "SELECT path FROM organizations WHERE id = $1"
MEMBERS = """SELECT m.id, m.name, m.gender, m.status, m.join_date, b.name AS branch
FROM members m JOIN organizations b ON b.id = m.branch_id
WHERE m.org_path >= $1 AND m.org_path < $2 ORDER BY m.id LIMIT 20"""
MEMBER_COUNT = "SELECT count(*) FROM members WHERE org_path >= $1 AND org_path < $2"
MEMBER = "SELECT id, name, gender, status, join_date FROM members WHERE id = $1"
PETITIONS_UNDER = """SELECT p.id, p.title, p.status, p.created_at, c.name AS category
FROM petitions p JOIN petition_categories c ON c.id = p.category_id
WHERE p.org_path >= $1 AND p.org_path < $2 ORDER BY p.id LIMIT 20"""
PETITIONS_FILTERED = """SELECT p.id, p.title, p.status, p.created_at, c.name AS category
FROM petitions p JOIN petition_categories c ON c.id = p.category_id
WHERE p.category_id = $1 AND p.status = $2 ORDER BY p.id LIMIT 20"""
PETITION_COUNT_UNDER = "SELECT count(*) FROM petitions WHERE org_path >= $1 AND org_path < $2"
PETITION_COUNT_FILTERED = "SELECT count(*) FROM petitions WHERE category_id = $1 AND status = $2"
ORGANIZATION = "SELECT id, name FROM organizations WHERE id = $1"
CHILDREN = "SELECT id, name FROM organizations WHERE parent_id = $1 ORDER BY id LIMIT 20"
CHILD_COUNT = "SELECT count(*) FROM organizations WHERE parent_id = $1"
GRANDCHILDREN = """SELECT parent_id, id, name, total FROM (
  SELECT parent_id, id, name, row_number() OVER (PARTITION BY parent_id ORDER BY id) AS n,
         count(*) OVER (PARTITION BY parent_id) AS total
  FROM organizations WHERE parent_id = ANY($1)
) ranked WHERE n <= 5 ORDER BY parent_id, id"""
MEETINGS = """SELECT m.id, m.topic, m.starts_at, m.status, b.name AS branch
FROM meetings m JOIN organizations b ON b.id = m.organization_id
WHERE m.org_path >= $1 AND m.org_path < $2 ORDER BY m.id LIMIT 20"""
MEETING_COUNT = "SELECT count(*) FROM meetings WHERE org_path >= $1 AND org_path < $2"
HELLO = orjson.dumps({"data": {"__typename": "Query"}})
JSON = "application/json"


def _answer(data: dict[str, Any]) -> Response:
    return Response(orjson.dumps({"data": data}), media_type=JSON)


async def _subtree(connection: asyncpg.Connection, key: int) -> tuple[str, str]:
    """The bounds of the paths under organisation `key`: every one sorts in [path, end)."""
    path: str = await connection.fetchval(SUBJECT, key)
    return path, path[:-1] + chr(ord(path[-1]) + 1)


async def members(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    async with pool.acquire() as connection:
        bounds = await _subtree(connection, int(request.query_params["branch"]))
        rows = await connection.fetch(MEMBERS, *bounds)
        count = await connection.fetchval(MEMBER_COUNT, *bounds)
    nodes = [
        {"id": r["id"], "name": r["name"], "gender": r["gender"].upper(),
         "status": r["status"].upper(), "joinDate": r["join_date"], "branch": {"name": r["branch"]}}
        for r in rows
    ]  # fmt: skip
    return _answer({"members": {"totalCount": count, "nodes": nodes}})


async def member(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    r = await pool.fetchrow(MEMBER, int(request.query_params["id"]))
    node = {"id": r["id"], "name": r["name"], "gender": r["gender"].upper(),
            "status": r["status"].upper(), "joinDate": r["join_date"]}  # fmt: skip
    return _answer({"node": node})


async def petitions(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    query = request.query_params
    async with pool.acquire() as connection:
        if "grid" in query:
            page, counted = PETITIONS_UNDER, PETITION_COUNT_UNDER
            arguments: tuple[Any, ...] = await _subtree(connection, int(query["grid"]))
        else:
            page, counted = PETITIONS_FILTERED, PETITION_COUNT_FILTERED
            arguments = (int(query["category"]), query["status"])
        rows = await connection.fetch(page, *arguments)
        count = await connection.fetchval(counted, *arguments)
    nodes = [
        {"id": r["id"], "title": r["title"], "status": r["status"].upper(),
         "submittedAt": r["created_at"], "category": {"name": r["category"]}}
        for r in rows
    ]  # fmt: skip
    return _answer({"petitions": {"totalCount": count, "nodes": nodes}})


async def outline(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    key = int(request.query_params["id"])
    async with pool.acquire() as connection:
        subject = await connection.fetchrow(ORGANIZATION, key)
        children = await connection.fetch(CHILDREN, key)
        count = await connection.fetchval(CHILD_COUNT, key)
        below = await connection.fetch(GRANDCHILDREN, [r["id"] for r in children])
    nested: dict[int, dict[str, Any]] = {r["id"]: {"totalCount": 0, "nodes": []} for r in children}
    for r in below:
        found = nested[r["parent_id"]]
        found["totalCount"] = r["total"]
        found["nodes"].append({"id": r["id"], "name": r["name"]})
    nodes = [{"id": r["id"], "name": r["name"], "children": nested[r["id"]]} for r in children]
    organization = {"id": subject["id"], "name": subject["name"],
                    "children": {"totalCount": count, "nodes": nodes}}  # fmt: skip
    return _answer({"organization": organization})


async def meetings(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    async with pool.acquire() as connection:
        bounds = await _subtree(connection, int(request.query_params["branch"]))
        rows = await connection.fetch(MEETINGS, *bounds)
        count = await connection.fetchval(MEETING_COUNT, *bounds)
    nodes = [
        {"id": r["id"], "topic": r["topic"], "startsAt": r["starts_at"],
         "status": r["status"].upper(), "organization": {"name": r["branch"]}}
        for r in rows
    ]  # fmt: skip
    return _answer({"meetings": {"totalCount": count, "nodes": nodes}})


async def hello(_request: Request) -> Response:
    return Response(HELLO, media_type=JSON)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    # zhdj's pool: 10 connections and 10 overflow, without JIT.
    dsn = os.environ["ZHDJ_DATABASE_URL"]
    settings = {"jit": "off"}
    async with asyncpg.create_pool(dsn, min_size=10, max_size=20, server_settings=settings) as pool:
        app.state.pool = pool
        yield


ROUTES = [
    Route("/members", members),
    Route("/member", member),
    Route("/petitions", petitions),
    Route("/outline", outline),
    Route("/meetings", meetings),
    Route("/hello", hello),
]
app = Starlette(routes=ROUTES, lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["ZHDJ_PORT"]), log_level="warning")
