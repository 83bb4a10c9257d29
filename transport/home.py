"""`/`: where a person who opens the server in a browser finds the IDE, the big screen, the
schema and the documents, in Chinese and English."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from schema.version import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
# Documents a client's developers read, served as the repository holds them.
DOCUMENTS = {"README.md": ROOT / "README.md", "CHANGELOG.md": ROOT / "CHANGELOG.md"}
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}

HOME = """<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>zhdj 智慧党建</title>
<style>
body {{ font: 16px/1.6 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif;
       max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #222; }}
h1 {{ color: #b71c1c; }} li {{ margin: .4rem 0; }} small {{ color: #666; }}
</style></head>
<body>
<h1>zhdj 智慧党建</h1>
<p>GraphQL API, schema version {version}.</p>
<ul>
{links}
</ul>
<p><small>POST GraphQL to <code>/graphql</code>; subscriptions over websockets at the same
address (<code>graphql-transport-ws</code> or <code>graphql-ws</code>).</small></p>
</body></html>
"""


def home_routes(*, graphiql: bool, sdl: Callable[[], str]) -> list[BaseRoute]:
    """`/` and the documents and schema (`sdl()`, as served; printed on first use) it links
    to."""
    printed = cache(sdl)
    links = [
        ("/graphql", "GraphiQL 接口调试", "write and run queries, browse the schema's docs")
        if graphiql
        else None,
        ("/screen", "指挥中心大屏", "the command-centre big screen"),
        ("/schema.graphql", "接口定义 SDL", "the schema for code generators"),
        ("/docs/README.md", "使用说明", "settings, accounts, errors, subscriptions"),
        ("/docs/CHANGELOG.md", "接口变更记录", "what each schema version changed"),
        ("/healthz", "运行状态", "health; /readyz and /metrics for operators"),
    ]
    items = "\n".join(
        f'<li><a href="{href}">{title}</a> <small>{what}</small></li>'
        for href, title, what in filter(None, links)
    )
    page = HOME.format(version=SCHEMA_VERSION, links=items)

    async def home(_request: Request) -> Response:
        return HTMLResponse(page, headers=HEADERS)

    async def document(request: Request) -> Response:
        path = DOCUMENTS.get(request.path_params["name"])
        if path is None or not path.is_file():
            return PlainTextResponse("Not Found", status_code=404)
        text = path.read_text(encoding="utf-8")
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8", headers=HEADERS)

    async def schema(_request: Request) -> Response:
        return PlainTextResponse(printed(), headers=HEADERS)

    return [
        Route("/", home, methods=["GET", "HEAD"]),
        Route("/schema.graphql", schema, methods=["GET", "HEAD"]),
        Route("/docs/{name}", document, methods=["GET", "HEAD"]),
    ]
