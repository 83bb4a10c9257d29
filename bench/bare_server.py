"""The zhdj app with bare Starlette endpoints beside /graphql, for the throughput benchmark.

`GET /bare/<page>?id=<organisation id>` answers what the page's GraphQL document answers, with
the same SQL, authenticated the same way (bearer token, viewer read as the GraphQL context
reads it). The app, its settings (ZHDJ_* variables), pools and background jobs are the real
server's.

    ZHDJ_PORT=8001 .venv/bin/python -m bench.bare_server
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.pages import PAGES, FrontEndPage
from resolvers.context import Context, Services
from resolvers.errors import UserError
from schema.relay import expect_global_id
from server import Settings, create_app
from subscriptions.frames import encode_json
from transport.http import JSON


def page_endpoint(services: Services, page: FrontEndPage) -> Route:
    async def endpoint(request: Request) -> Response:
        context = Context(services, client_address=request.client.host if request.client else None)
        await context.authenticate(request.headers.get("authorization"))
        try:
            key = expect_global_id(request.query_params.get("id", ""), "Organization", field="id")
            body = {"data": await page.bare(context, key)}
        except UserError as error:
            body = {"data": None, "errors": [{"message": str(error), "code": error.code.value}]}
        return Response(encode_json(body), media_type=JSON)

    return Route(f"/bare/{page.name}", endpoint)


def create_bare_app(settings: Settings) -> Starlette:
    app = create_app(settings)
    services: Services = app.state.services
    app.router.routes[:0] = [page_endpoint(services, page) for page in PAGES]
    return app


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    settings = Settings()
    uvicorn.run(
        create_bare_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        ws="websockets-sansio",
    )


if __name__ == "__main__":
    main()
