"""What an HTTP request brings and what its answer carries, without Starlette's objects per use.

Starlette's `Headers` finds a header by encoding its name and scanning the list on every
`get` (about four Python calls each, a dozen gets a request), and `Response()` renders an
empty body and builds headers it is about to lose. A `Head` reads the headers a GraphQL
request uses in one pass (ASGI gives names in lower case; the first of a repeated header
wins, as with Starlette's `get`); an `Answer` is the response whose status and headers the
request sets while it runs and whose body comes last (transport/http.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import GraphQLError
from starlette.responses import Response
from starlette.types import Scope
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.types import ExecutionResult

from resolvers.errors import ErrorCode
from transport.outages import RETRY_AFTER_SECONDS
from transport.rate_limit_headers import add_rate_limit_headers
from transport.refusals import GRAPHQL_RESPONSE, wants_graphql_response

# The headers a GraphQL request over HTTP reads (the proxy's is read apart: every value).
READ = {
    name.encode(): name
    for name in ("accept", "authorization", "content-encoding", "content-length", "content-type")
}


class Head:
    """The request's headers that matter here, as text (Latin-1, as Starlette decodes them):
    `values` by name, `proxied` every value of the trusted proxies' header, `cookie` the
    first Cookie header."""

    __slots__ = ("cookie", "proxied", "values")

    def __init__(self, scope: Scope, proxy_header: bytes) -> None:
        values: dict[str, str] = {}
        proxied: list[str] = []
        cookie = ""
        for name, value in scope["headers"]:
            if name in READ:
                key = READ[name]
                if key not in values:
                    values[key] = value.decode("latin-1")
            elif name == proxy_header:
                proxied.append(value.decode("latin-1"))
            elif name == b"cookie" and not cookie:
                cookie = value.decode("latin-1")
        self.values = values
        self.proxied = proxied
        self.cookie = cookie


class Answer(Response):
    """A response whose status is not decided yet (None) and which has no headers yet (its
    body's length and type are set with the body)."""

    def __init__(self) -> None:
        self.status_code = None  # type: ignore[assignment]
        self.background = None
        self.body = b""
        self.raw_headers = []


def is_request_error(result: ExecutionResult) -> bool:
    """Parse or validation failure: no data, and no error raised while executing a field."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or ())
    )


def _retry_after(errors: Sequence[GraphQLError]) -> int:
    """The longest wait any of the refusals asks for, in whole seconds."""
    waits = [(error.extensions or {}).get("retryAfter") for error in errors]
    return max((int(wait) for wait in waits if isinstance(wait, int | float)), default=1)


def shaped(result: ExecutionResult, answer: Response, accept: str) -> GraphQLHTTPResponse:
    """The result as the answer's JSON, with the status and headers its errors call for and
    the client's cost budget (transport/rate_limit_headers.py)."""
    request_error = is_request_error(result)
    if accept and wants_graphql_response(accept):
        answer.media_type = GRAPHQL_RESPONSE
        if request_error:
            answer.status_code = 400
    errors = result.errors
    if errors:
        codes = {(error.extensions or {}).get("code") for error in errors}
        if ErrorCode.BAD_REQUEST in codes:
            answer.status_code = 400
        if ErrorCode.UNAVAILABLE in codes:
            answer.status_code = 503
            answer.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        if ErrorCode.RATE_LIMITED in codes:
            answer.status_code = 429
            answer.headers["Retry-After"] = str(_retry_after(errors))
    extensions: dict[str, Any] | None = result.extensions
    if extensions:
        add_rate_limit_headers(answer.raw_headers, extensions.get("cost"))
    response = process_result(result)
    if request_error:  # nothing ran, so there is no `data` entry at all
        response.pop("data", None)
    return response
