"""The GraphQL endpoint: context per request, websocket auth, GraphQL-over-HTTP media types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from resolvers.context import Context, Services
from subscriptions.frames import encode_message
from transport.executor import SharingTransportWSHandler
from transport.persisted_queries import (
    PersistedLegacyWSHandler,
    PersistedQueries,
    PersistedTransportWSHandler,
)

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def wants_graphql_response(accept: str) -> bool:
    """True when the client lists the GraphQL response type ahead of plain JSON (or alone)."""
    types = [part.split(";")[0].strip() for part in accept.split(",")]
    if GRAPHQL_RESPONSE not in types:
        return False
    return JSON not in types or types.index(GRAPHQL_RESPONSE) < types.index(JSON)


def is_request_error(result: ExecutionResult) -> bool:
    """Parse or validation failure: no data, and no error raised while executing a field."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or ())
    )


def _token(params: Mapping[str, object] | None) -> str | None:
    if not params:
        return None
    for key in ("Authorization", "authorization", "token", "authToken"):
        value = params.get(key)
        if isinstance(value, str) and value:
            return value
    return None


class TransportWSHandler(SharingTransportWSHandler, PersistedTransportWSHandler):
    """graphql-transport-ws with persisted queries and live groups (schema/sharing.py)."""


class GraphQLEndpoint(GraphQL[Context, None]):
    """Strawberry's ASGI view, wired to zhdj's services and the GraphQL-over-HTTP spec."""

    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = PersistedLegacyWSHandler

    def __init__(
        self, services: Services, persisted_queries: PersistedQueries, **options: Any
    ) -> None:
        super().__init__(**options)
        self.services = services
        self.persisted_queries = persisted_queries

    def encode_json(self, data: object) -> str:
        """Chinese text as UTF-8; shared subscription results encoded once (frames.py)."""
        return encode_message(data)

    def decode_json(self, data: str | bytes) -> object:
        """orjson's errors are json.JSONDecodeError too, so a bad body is still a 400."""
        return orjson.loads(data)

    def should_render_graphql_ide(self, request: Any) -> bool:
        """Not for a GET that carries a persisted query's hash instead of `query`."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if isinstance(request, WebSocket):
            # One context per connection: never cache reads on it (see DESIGN.md).
            return Context(self.services, cache_reads=False)
        context = Context(
            self.services, client_address=request.client.host if request.client else None
        )
        await context.authenticate(request.headers.get("authorization"))
        return context

    async def on_ws_connect(self, context: Context) -> None:
        token = _token(context.connection_params)
        await context.authenticate(token)
        if context.token_problem is not None:
            raise ConnectionRejectionError({"reason": context.token_problem})

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        request.state.sub_response = sub_response
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        sub_response: Response = request.state.sub_response
        request_error = is_request_error(result)
        if wants_graphql_response(request.headers.get("accept", "")):
            sub_response.media_type = GRAPHQL_RESPONSE
            if request_error:
                sub_response.status_code = 400
        response = await super().process_result(request, result)
        if request_error:  # nothing ran, so there is no `data` entry at all
            response.pop("data", None)
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = Response(
            self.encode_json(response_data),
            status_code=sub_response.status_code or 200,
            media_type=sub_response.media_type or JSON,
        )
        response.headers.raw.extend(
            (key, value) for key, value in sub_response.headers.raw if key != b"content-type"
        )
        return response
