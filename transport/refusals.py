"""Requests refused before GraphQL runs, answered as GraphQL over HTTP answers errors: JSON with
a stable `extensions.code`, the status that names the problem, never `500 text/plain`."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import Response

from resolvers.errors import ErrorCode
from subscriptions.frames import encode_json

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

# Strawberry's own refusals carry a status and a sentence; each status has one code here.
CODE_OF_STATUS = {
    400: ErrorCode.BAD_REQUEST,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    503: ErrorCode.UNAVAILABLE,
}


class Refusal(Exception):
    """A request answered with `status` and one error, without running anything."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    @classmethod
    def of_status(cls, status: int, message: str) -> Refusal:
        return cls(status, CODE_OF_STATUS.get(status, ErrorCode.BAD_REQUEST), message)

    def response(self, accept: str) -> Response:
        body = {"errors": [{"message": self.message, "extensions": {"code": self.code.value}}]}
        return Response(
            encode_json(body),
            status_code=self.status,
            headers=self.headers,
            media_type=GRAPHQL_RESPONSE if wants_graphql_response(accept) else JSON,
        )


def wants_graphql_response(accept: str) -> bool:
    """True when the client lists the GraphQL response type ahead of plain JSON (or alone)."""
    types = [part.split(";")[0].strip() for part in accept.split(",")]
    if GRAPHQL_RESPONSE not in types:
        return False
    return JSON not in types or types.index(GRAPHQL_RESPONSE) < types.index(JSON)
