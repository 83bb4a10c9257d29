"""Every error leaves with a stable `extensions.code`; internal failures are masked and logged,
and a database out of reach is named UNAVAILABLE (transport/outages.py answers it)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from db.errors import is_unreachable
from resolvers.errors import ErrorCode, UserError
from transport.hooks import LeanExtensionsRunner
from transport.operation import REQUEST_ERRORS, LeanExecution
from transport.operation_once import OperationOnce

logger = logging.getLogger("zhdj.errors")

INTERNAL_MESSAGE = "Internal error; it has been logged. Retry later or contact the operator."
UNAVAILABLE_MESSAGE = (
    "The database cannot be reached right now; nothing was changed. Retry in a few seconds."
)


def _raised(error: GraphQLError) -> BaseException | None:
    """What our code raised, unless it is an error meant for the client (UserErrors, and
    graphql-core's own, e.g. for variables that fail to coerce)."""
    original = error.original_error
    if original is None or isinstance(original, (UserError, GraphQLError, *REQUEST_ERRORS)):
        return None
    return original


def is_internal(error: GraphQLError) -> bool:
    raised = _raised(error)
    return raised is not None and not is_unreachable(raised)


class CodedSchema(LeanExecution):
    """Logs internal errors whole, names outages, and gives every other error a code
    (documents that fail to parse or validate are coded where that is found out). Runs
    operations (transport/operation.py) and the extensions' hooks (transport/hooks.py) the
    lean way."""

    def _create_execution_context(
        self,
        query: str | None,
        allowed_operation_types: Iterable[OperationType],
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionContext:
        """Strawberry's, with its operation looked up once (transport/operation_once.py)."""
        return OperationOnce(
            query=query,
            schema=self,
            allowed_operations=allowed_operation_types,
            context=context_value,
            root_value=root_value,
            variables=variable_values,
            provided_operation_name=operation_name,
            operation_extensions=operation_extensions,
        )

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> LeanExtensionsRunner:
        return LeanExtensionsRunner(execution_context=execution_context, extensions=extensions)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            raised = _raised(error)
            if raised is not None and is_unreachable(raised):
                logger.warning("database unreachable at %s: %r", error.path, raised)
                error.message = UNAVAILABLE_MESSAGE
                error.extensions = {"code": ErrorCode.UNAVAILABLE.value}
            elif raised is not None:
                logger.error("internal error at %s", error.path, exc_info=raised)
                error.extensions = {**(error.extensions or {}), "code": ErrorCode.INTERNAL.value}
            elif not (error.extensions or {}).get("code"):
                code = (
                    ErrorCode.BAD_REQUEST
                    if isinstance(error.original_error, REQUEST_ERRORS)
                    else ErrorCode.BAD_USER_INPUT
                )
                error.extensions = {**(error.extensions or {}), "code": code.value}


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
