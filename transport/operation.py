"""One query or mutation run with the schema's extensions, without Strawberry's generic set-up.

Strawberry's `Schema.execute` builds, for every request, a list of extensions (an isinstance
check each), a middleware manager (asking each extension whether it hooks resolvers), a
runner whose stages are built through three calls each, awaits results through `await_maybe`
and runs graphql-core's `execute` wrapper (a schema check, a directive lookup, the incremental
entry point): about 90 Python calls of `{ __typename }`'s 640, none of which changes the
answer. Here what depends only on the extension classes is worked out once
(transport/hooks.py), the stages are entered directly, and the schema's executor is built
and run as graphql-core's `execute` would. The order of the hooks, the errors, and what
reaches the caller are Strawberry's: a pre-execution error is answered inside the operation
stage, anything else once it has ended; Strawberry's refusals of the operation itself
(no query, no such operation, a type not allowed) are raised to the transport.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from graphql.execution import MiddlewareManager
from strawberry import Schema
from strawberry.exceptions import MissingQueryError
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import (
    DEFAULT_ALLOWED_OPERATION_TYPES,
    _coerce_error,
    _parse_operation_document,
    _run_validation,
)
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from transport.hooks import Plans, Stage, extensions_results, plans

# Strawberry's refusals of the operation asked for (no query, several or none to choose from,
# a query started as a legacy graphql-ws subscription): the client's to fix.
REQUEST_ERRORS = (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError)


class LeanExecution(Schema):
    """`execute` as Strawberry's, leaner."""

    @cached_property
    def _factories_only(self) -> bool:
        """No directives (Strawberry adds an extension for them) and no extension instances
        (Strawberry passes those through, deprecated)."""
        return not self.directives and not any(
            isinstance(extension, SchemaExtension) for extension in self.extensions
        )

    def get_extensions(self, sync: bool = False) -> list[SchemaExtension]:
        if not self._factories_only:
            return super().get_extensions(sync)
        return [factory() for factory in self.extensions]

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        execution = self._create_execution_context(
            query,
            allowed_operation_types or DEFAULT_ALLOWED_OPERATION_TYPES,
            variable_values,
            context_value,
            root_value,
            operation_name,
            operation_extensions,
        )
        extensions = self.get_extensions()
        for extension in extensions:
            extension.execution_context = execution
        planned = plans(extensions)
        answer: ExecutionResult | None = None
        try:
            async with Stage("on_operation", extensions, planned.stages["on_operation"]):
                refused = await self._prepare(execution, extensions, planned)
                if refused is not None:
                    answer = await self._answer(execution, refused, extensions, planned)
                else:
                    result = await self._run(execution, extensions, planned)
        except REQUEST_ERRORS:
            raise
        except Exception as error:
            refused = PreExecutionError(data=None, errors=[_coerce_error(error)])
            return await self._answer(execution, refused, extensions, planned)
        if answer is not None:
            return answer
        return await self._answer(execution, result, extensions, planned, processed=True)

    async def _prepare(
        self, execution: ExecutionContext, extensions: list[SchemaExtension], planned: Plans
    ) -> PreExecutionError | None:
        """Parse, check the operation's type, and validate (Strawberry's
        `_prepare_operation_async`)."""
        if not execution.query and execution.graphql_document is None:
            raise MissingQueryError
        async with Stage("on_parse", extensions, planned.stages["on_parse"]):
            try:
                _parse_operation_document(execution)
            except Exception as error:
                if not isinstance(error, GraphQLError):
                    error = GraphQLError(str(error), original_error=error)
                execution.pre_execution_errors = [error]
                return PreExecutionError(data=None, errors=[error])
        try:
            operation_type = execution.operation_type
        except RuntimeError as error:
            raise CannotGetOperationTypeError(execution.operation_name) from error
        if operation_type not in execution.allowed_operations:
            raise InvalidOperationTypeError(operation_type)
        async with Stage("on_validate", extensions, planned.stages["on_validate"]):
            _run_validation(execution)
            if execution.pre_execution_errors:
                return PreExecutionError(data=None, errors=execution.pre_execution_errors)
        return None

    async def _run(
        self, execution: ExecutionContext, extensions: list[SchemaExtension], planned: Plans
    ) -> Any:
        """Strawberry's `_execute_operation`, building and running the executor directly."""
        async with Stage("on_execute", extensions, planned.stages["on_execute"]):
            result = execution.result
            if not result:
                result = execution.result = await self._executed(execution, extensions, planned)
            if isinstance(result, GraphQLExecutionResult) and result.errors:
                execution.pre_execution_errors = result.errors
                # Before the extensions may change the errors (masking): logged as raised.
                self._process_errors(result.errors, execution)
        return result

    async def _executed(
        self, execution: ExecutionContext, extensions: list[SchemaExtension], planned: Plans
    ) -> Any:
        resolvers = planned.resolvers
        middleware = (
            MiddlewareManager(*map(extensions.__getitem__, resolvers)) if resolvers else None
        )
        assert execution.graphql_document is not None
        executor = self.execution_context_class.build(
            self._schema,
            execution.graphql_document,
            execution.root_value,
            execution.context,
            execution.variables,
            execution.operation_name,
            middleware=middleware,
            is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]
            operation_extensions=execution.operation_extensions,
        )
        if isinstance(executor, list):
            return GraphQLExecutionResult(None, errors=executor)
        result = executor.execute_operation()
        if not isinstance(result, GraphQLExecutionResult):  # a coroutine, or the like
            result = await result  # type: ignore[misc]
        return result

    async def _answer(
        self,
        execution: ExecutionContext,
        result: Any,
        extensions: list[SchemaExtension],
        planned: Plans,
        *,
        processed: bool = False,
    ) -> ExecutionResult:
        """Strawberry's `_handle_execution_result`."""
        if result.errors:
            execution.pre_execution_errors = result.errors
            if not processed:
                self._process_errors(result.errors, execution)
        if isinstance(result, GraphQLExecutionResult):
            result = ExecutionResult(data=result.data, errors=result.errors)
        result.extensions = await extensions_results(extensions, planned, execution)
        execution.result = result
        return result  # type: ignore[no-any-return]
