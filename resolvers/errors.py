"""User-facing errors: a stable code, the input field at fault, and a message that says the fix."""

from __future__ import annotations

import enum
import math

from graphql import GraphQLError


class ErrorCode(enum.StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    # The database cannot be reached; not the client's doing: retry after a few seconds.
    UNAVAILABLE = "UNAVAILABLE"
    INTERNAL = "INTERNAL"
    # Automatic persisted queries: the hash is unknown here; send the query text with it once.
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    # Trusted-documents mode: only the registered documents run for this client.
    PERSISTED_QUERY_NOT_IN_LIST = "PERSISTED_QUERY_NOT_IN_LIST"
    # The document: it does not parse, it breaks a rule or a limit, or it would cost too much.
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
    # The HTTP request around the document (answered with the matching status).
    BAD_REQUEST = "BAD_REQUEST"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"


class UserError(GraphQLError):
    """An error the client caused and can fix; shown as it is (never masked)."""

    code = ErrorCode.INTERNAL

    def __init__(self, message: str, *, field: str | None = None) -> None:
        extensions: dict[str, object] = {"code": self.code.value}
        if field is not None:
            extensions["field"] = field
        super().__init__(message, extensions=extensions)
        self.field = field


class Unauthenticated(UserError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(UserError):
    """Not allowed; `permission` names what is missing (in `extensions.permission`), so a
    client can show or request it."""

    code = ErrorCode.FORBIDDEN

    def __init__(
        self, message: str, *, field: str | None = None, permission: str | None = None
    ) -> None:
        super().__init__(message, field=field)
        if permission is not None:
            self.extensions = {**(self.extensions or {}), "permission": permission}


class NotFound(UserError):
    code = ErrorCode.NOT_FOUND


class BadUserInput(UserError):
    code = ErrorCode.BAD_USER_INPUT


class Conflict(UserError):
    code = ErrorCode.CONFLICT


class RateLimited(UserError):
    """Over a budget: `retry_after` seconds until a retry can succeed (in
    `extensions.retryAfter`, and the HTTP answer's `Retry-After`)."""

    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, *, retry_after: float, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = max(1, math.ceil(retry_after))
        self.extensions = {**(self.extensions or {}), "retryAfter": self.retry_after}


class Unavailable(UserError):
    """Not the client's doing, but said as plainly: the database is out of reach for now."""

    code = ErrorCode.UNAVAILABLE


def not_found(kind: str, global_id: str, field: str = "id") -> NotFound:
    """The same answer whether the object is missing or outside the viewer's scope."""
    return NotFound(
        f"No {kind} with id {global_id!r} is visible to you; check the id, or sign in with an "
        "account bound to an organisation that contains it.",
        field=field,
    )
