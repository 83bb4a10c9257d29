"""The Python floor: the branch member page by hand, Starlette + asyncpg + orjson, no project code.

What a Python process needs at least to serve what zhdj's member page answers: the same three
statements (the subject organisation, the page with each member's branch name, the count),
rows straight from asyncpg into orjson, under the same uvicorn and pool size as zhdj. No
authentication. `GET /members?branch=<key>`; `GET /hello` answers `{ __typename }` as constant
bytes (a request and nothing else). ZHDJ_DATABASE_URL and ZHDJ_PORT as for the server.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SUBJECT = "SELECT path FROM organizations WHERE id = $1"
PAGE = """SELECT m.id, m.name, m.gender, m.status, m.join_date, b.name AS branch
FROM members m JOIN organizations b ON b.id = m.branch_id
WHERE m.org_path >= $1 AND m.org_path < $2 ORDER BY m.id LIMIT 20"""
COUNT = "SELECT count(*) FROM members WHERE org_path >= $1 AND org_path < $2"
HELLO = orjson.dumps({"data": {"__typename": "Query"}})
JSON = "application/json"


async def members(request: Request) -> Response:
    pool: asyncpg.Pool = request.app.state.pool
    async with pool.acquire() as connection:
        path = await connection.fetchval(SUBJECT, int(request.query_params["branch"]))
        end = path[:-1] + chr(ord(path[-1]) + 1)  # every path under `path` sorts below it
        rows = await connection.fetch(PAGE, path, end)
        count = await connection.fetchval(COUNT, path, end)
    nodes = [
        {"id": r["id"], "name": r["name"], "gender": r["gender"].upper(),
         "status": r["status"].upper(), "joinDate": r["join_date"], "branch": {"name": r["branch"]}}
        for r in rows
    ]  # fmt: skip
    body = {"data": {"members": {"totalCount": count, "nodes": nodes}}}
    return Response(orjson.dumps(body), media_type=JSON)


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


app = Starlette(routes=[Route("/members", members), Route("/hello", hello)], lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["ZHDJ_PORT"]), log_level="warning")
