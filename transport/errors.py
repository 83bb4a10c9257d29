"""Every error leaves with a stable `extensions.code`; internal failures are masked and logged."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from resolvers.errors import ErrorCode, UserError

logger = logging.getLogger("zhdj.errors")

INTERNAL_MESSAGE = "Internal error; it has been logged. Retry later or contact the operator."


def is_internal(error: GraphQLError) -> bool:
    """Errors raised by our code that are not UserErrors; documents' own errors are not, nor
    are variables that fail to coerce (graphql-core wraps its own GraphQLError for those)."""
    original = error.original_error
    return original is not None and not isinstance(original, UserError | GraphQLError)


class CodedSchema(strawberry.Schema):
    """Logs internal errors whole; gives every other error a code (documents that fail to
    parse or validate, or break a limit, are BAD_USER_INPUT)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_internal(error):
                logger.error("internal error at %s", error.path, exc_info=error.original_error)
                error.extensions = {**(error.extensions or {}), "code": ErrorCode.INTERNAL.value}
            elif not (error.extensions or {}).get("code"):
                error.extensions = {
                    **(error.extensions or {}),
                    "code": ErrorCode.BAD_USER_INPUT.value,
                }


class MaskInternalErrors(MaskErrors):
    """Replaces internal errors with a message that leaks nothing, keeping the INTERNAL code."""

    def __init__(self, **_options: Any) -> None:
        super().__init__(should_mask_error=is_internal, error_message=INTERNAL_MESSAGE)

    def _process_result(self, result: object) -> None:
        """Strawberry's check is an isinstance against a runtime Protocol, slow on every
        request; most results have no errors to look at."""
        if getattr(result, "errors", None):
            super()._process_result(result)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL.value}
        return masked
