"""The GraphQL endpoint reached without Starlette's exception middleware and router.

Every GraphQL request went through `ExceptionMiddleware` (it handles Starlette's
`HTTPException` and `WebSocketException`, which nothing behind /graphql raises: the endpoint
answers its own refusals), the router's scan of the routes and the route's own call: five
coroutines entered again each time the request's task resumes after a read. `DirectRoute`
hands a request for exactly its path (HTTP or websocket, no root path) straight to the
endpoint Starlette would have routed it to, and every other request to the stack as before.
"""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.types import ASGIApp, Receive, Scope, Send


class DirectRoute:
    """ASGI middleware (innermost): `path`'s requests go to `endpoint`, the rest to `app`.

    `endpoint` must be the ASGI app of the first route matching `path` for both HTTP and
    websockets, one that raises none of the exceptions Starlette's middleware would handle."""

    def __init__(self, app: ASGIApp, *, path: str, endpoint: ASGIApp) -> None:
        self.app = app
        self.path = path
        self.endpoint = endpoint

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        if (
            scope["type"] in ("http", "websocket")
            and scope["path"] == self.path
            and not scope.get("root_path")
        ):
            return self.endpoint(scope, receive, send)
        return self.app(scope, receive, send)
