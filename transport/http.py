"""The GraphQL endpoint: context per request, websocket auth, GraphQL-over-HTTP media types,
and the edge in front of Strawberry: methods, bodies (transport/bodies.py), outages
(transport/outages.py), every refusal answered as JSON with a stable code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from json import JSONDecodeError
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.datastructures import Headers
from starlette.requests import Request, cookie_parser
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from resolvers.apikeys.policy import KEY_WRITES
from resolvers.context import Context, Services
from resolvers.errors import ErrorCode
from subscriptions.frames import encode_message, json_bytes
from transport.answers import Answer, Head, shaped
from transport.bodies import (
    SHAPE,
    BodyLimits,
    ClientGone,
    JsonRefused,
    check_content,
    decode_json,
    read_body,
    request_data,
)
from transport.client_address import TrustedProxies
from transport.credentials import ReasonedWebSocketAdapter, remember_context
from transport.graphiql import GraphiQLPage
from transport.outages import refusing_outages
from transport.persisted_queries import PersistedQueries
from transport.refusals import JSON, Refusal
from transport.sockets import LegacyWSHandler, TransportWSHandler

METHODS = ("GET", "POST")
ALLOWED = {
    "GET": frozenset({OperationType.QUERY}),
    "POST": frozenset({OperationType.QUERY, OperationType.MUTATION}),
}
# An API key reads (resolvers/apikeys/policy.py): its requests run queries only.
KEY_ALLOWED = frozenset({OperationType.QUERY})


def _accept(scope: Scope) -> str:
    return Headers(scope=scope).get("accept", "")


def _token(params: Mapping[str, object] | None) -> str | None:
    if not params:
        return None
    for key in ("Authorization", "authorization", "token", "authToken"):
        value = params.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _cookie_setter(response: Response, *, secure: bool) -> Callable[[str, str, int], None]:
    """Cookies zhdj sets (the sign-in's device key): for /graphql only, out of scripts' reach."""

    def set_cookie(name: str, value: str, max_age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/graphql",
            secure=secure,
            httponly=True,
            samesite="strict",
        )

    return set_cookie


def _operation_refusal(cause: Exception) -> Refusal:
    if isinstance(cause, InvalidOperationTypeError):
        if cause.operation_type is OperationType.SUBSCRIPTION:
            return Refusal(
                400,
                ErrorCode.BAD_REQUEST,
                "Subscriptions run over a websocket to /graphql (graphql-transport-ws).",
            )
        return Refusal(
            405,
            ErrorCode.METHOD_NOT_ALLOWED,
            "Mutations are not allowed over GET: send them with POST.",
            headers={"Allow": "POST"},
        )
    if isinstance(cause, MissingQueryError):
        return Refusal(400, ErrorCode.BAD_REQUEST, f"The request has no `query`: send {SHAPE}.")
    if isinstance(cause, CannotGetOperationTypeError):
        name = cause.operation_name
        return Refusal(
            400,
            ErrorCode.BAD_REQUEST,
            "The document has no operation to run, or several: name one in `operationName`."
            if name is None
            else f"The document has no operation named {name[:100]!r}: check `operationName`.",
        )
    raise cause


class GraphQLEndpoint(GraphQL[Context, None]):
    """Strawberry's ASGI view, wired to zhdj's services and the GraphQL-over-HTTP spec."""

    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler
    websocket_adapter_class = ReasonedWebSocketAdapter

    def __init__(
        self,
        services: Services,
        persisted_queries: PersistedQueries,
        proxies: TrustedProxies | None = None,
        *,
        body_limits: BodyLimits,
        graphiql: GraphiQLPage | None = None,
        **options: Any,
    ) -> None:
        super().__init__(graphql_ide="graphiql" if graphiql else None, **options)
        self.services = services
        self.persisted_queries = persisted_queries
        self.proxies = proxies or TrustedProxies()
        self.proxy_header = self.proxies.header.encode()
        self.body_limits = body_limits
        self.graphiql = graphiql

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL's page, its assets served by this server (transport/graphiql.py)."""
        return self.graphiql.html if self.graphiql else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self._answer(scope, receive)
        except ClientGone:
            return
        except Refusal as refusal:
            response = refusal.response(_accept(scope))
        except HTTPException as error:  # what Strawberry refuses itself
            response = Refusal.of_status(error.status_code, error.reason).response(_accept(scope))
        await response(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive) -> Response:
        method = scope["method"]
        if method not in METHODS:
            raise Refusal(
                405,
                ErrorCode.METHOD_NOT_ALLOWED,
                f"{method} is not how GraphQL is asked: POST a JSON body, or GET a query.",
                headers={"Allow": ", ".join(METHODS)},
            )
        if method == "POST":
            return await self._post(scope, receive)
        request = Request(scope, receive)
        try:
            return await self.run(request)
        finally:
            # Every operation of the request has run.
            context: Context | None = getattr(request.state, "context", None)
            if context is not None:
                context.loaders.release()

    async def _post(self, scope: Scope, receive: Receive) -> Response:
        """A POST, answered as Strawberry's `run` answers it, without what cannot apply to a
        JSON body read and checked here: Starlette's request and the request adapter,
        GraphiQL, batches (refused by `request_data`), streamed and incremental results
        (neither is enabled: `request_data` asks for plain HTTP). GET keeps Strawberry's
        path; both build the context and shape the answer the same way."""
        head = Head(scope, self.proxy_header)
        check_content(head.values)
        body = await read_body(receive, head.values, self.body_limits)
        answer = Answer()
        context = self._http_context(scope, head, answer)
        try:
            await refusing_outages(context.authenticate(head.values.get("authorization")))
            try:
                data = request_data(self.parse_json(body))
            except JSONDecodeError as error:
                raise HTTPException(400, "Unable to parse request body as JSON") from error
            result = await self._execute(context, data, "POST")
            response_data = shaped(result, answer, head.values.get("accept", ""))
            if result.errors:
                self._handle_errors(result.errors, response_data)
            return self.create_response(response_data, answer)
        finally:
            context.loaders.release()

    def decode_json(self, data: str | bytes) -> object:
        """Bodies, GET parameters and websocket messages, within the limits (a JsonRefused
        is a JSONDecodeError to the websocket protocols)."""
        return decode_json(data, self.body_limits)

    def parse_json(self, data: str | bytes) -> Any:
        try:
            return self.decode_json(data)
        except JsonRefused as refused:
            raise Refusal(400, ErrorCode.BAD_REQUEST, refused.message) from None

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        """A GET's parameters (only a GET goes through Strawberry's `run`: see `_post`)."""
        return request_data(self.parse_query_params(request.query_params))

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Queries over GET, queries and mutations over POST (subscriptions run over
        websockets: Strawberry would run one as a query here, and fail); Strawberry's
        refusals of the operation itself with codes of their own. An API key runs queries
        only: its mutation is FORBIDDEN (403)."""
        return await self._execute(context, request_data, request_adapter.method)

    async def _execute(
        self, context: Context, request_data: GraphQLRequestData, method: str
    ) -> ExecutionResult:
        keyed = context.viewer.api_key_id is not None
        allowed = KEY_ALLOWED if keyed else ALLOWED[method]
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=None,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as error:
            mutation = error.operation_type is OperationType.MUTATION
            if keyed and mutation and method == "POST":
                raise Refusal(403, ErrorCode.FORBIDDEN, KEY_WRITES) from None
            raise _operation_refusal(error) from None
        except (MissingQueryError, CannotGetOperationTypeError) as error:
            raise _operation_refusal(error) from None

    def encode_json(self, data: object) -> str:
        """Websocket messages (an HTTP answer's body is `json_bytes`'s bytes): Chinese text as
        UTF-8; shared subscription results encoded once (frames.py)."""
        return encode_message(data)

    def should_render_graphql_ide(self, request: Any) -> bool:
        """Only for a browser's plain GET: not for one that carries a persisted query's hash
        instead of `query`, or any other GraphQL parameter (it is answered, or refused)."""
        if request.method != "GET":
            return False  # a POST is answered without parsing its query string
        asked = {"extensions", "variables", "operationName"} & request.query_params.keys()
        return not asked and super().should_render_graphql_ide(request)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if isinstance(request, WebSocket) or isinstance(response, WebSocket):
            address = self.proxies.client_address(
                request.client.host if request.client else None,
                request.headers.getlist(self.proxies.header),
            )
            # One context per connection: never cache reads on it (see DESIGN.md).
            context = Context(self.services, cache_reads=False, client_address=address)
            remember_context(request if isinstance(request, WebSocket) else response, context)  # type: ignore[arg-type]
            return context
        head = Head(request.scope, self.proxy_header)
        context = self._http_context(request.scope, head, response)
        request.state.context = context  # its loaders are released when the request ends
        await refusing_outages(context.authenticate(head.values.get("authorization")))
        return context

    def _http_context(self, scope: Scope, head: Head, response: Response) -> Context:
        """An HTTP request's context, before its credential is checked."""
        client = scope.get("client")
        return Context(
            self.services,
            client_address=self.proxies.client_address(client[0] if client else None, head.proxied),
            cookies=cookie_parser(head.cookie) if head.cookie else {},
            set_cookie=_cookie_setter(response, secure=scope.get("scheme") == "https"),
        )

    async def on_ws_connect(self, context: Context) -> None:
        token = _token(context.connection_params)
        await context.authenticate(token)
        if context.token_problem is not None:
            raise ConnectionRejectionError({"reason": context.token_problem})

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """The answer itself: its status and headers set while the request runs, its body
        when the result is known (`create_response`): one response object per request."""
        sub_response = Answer()
        request.state.sub_response = sub_response
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        return shaped(result, request.state.sub_response, request.headers.get("accept", ""))

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        body = json_bytes(response_data)
        sub_response.body = body
        sub_response.status_code = sub_response.status_code or 200
        sub_response.raw_headers[:0] = (
            (b"content-length", str(len(body)).encode()),
            (b"content-type", (sub_response.media_type or JSON).encode()),
        )
        return sub_response
