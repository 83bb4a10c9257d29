"""The execution context of one request, with its operation looked up once per document.

Strawberry's `ExecutionContext` finds the operation (`operation_type`, `operation_name`) by
walking the document's definitions each time it is asked, and it is asked by Strawberry
before validation and by the metrics, cost and document extensions: about 40 Python calls of
every request. Here each answer is kept with the document it was found in and reused while
that is still the document (an extension may set another one: a persisted query's, say); an
operation that cannot be found is not kept, so the error is raised each time as before."""

from __future__ import annotations

from graphql import DocumentNode, OperationDefinitionNode
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType


class OperationOnce(ExecutionContext):
    _first: tuple[DocumentNode | None, OperationDefinitionNode | None] | None = None
    _type: tuple[DocumentNode, OperationType] | None = None

    def _get_first_operation(self) -> OperationDefinitionNode | None:
        document = self.graphql_document
        kept = self._first
        if kept is not None and kept[0] is document:
            return kept[1]
        first = super()._get_first_operation()
        self._first = (document, first)
        return first

    @property
    def operation_type(self) -> OperationType:
        document = self.graphql_document
        kept = self._type
        if kept is not None and kept[0] is document:
            return kept[1]
        found = super().operation_type
        if document is not None:
            self._type = (document, found)
        return found
