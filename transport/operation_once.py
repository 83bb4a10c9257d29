"""The execution context of one request, with its operation looked up once per document.

Strawberry's `ExecutionContext` finds the operation (`operation_type`, `operation_name`) by
walking the document's definitions each time it is asked, and it is asked by Strawberry
before validation and by the metrics, cost and document extensions: about 40 Python calls of
every request. Here each answer is kept with the document it was found in and reused while
that is still the document (an extension may set another one: a persisted query's, say); an
operation that cannot be found is not kept, so the error is raised each time as before."""

from __future__ import annotations

from graphql import DocumentNode, OperationDefinitionNode
from graphql import OperationType as GraphQLOperationType
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

# graphql-core's kinds of operation as Strawberry's (one lookup, no enum call).
_TYPES = {kind: OperationType(kind.value) for kind in GraphQLOperationType}


class OperationOnce(ExecutionContext):
    _first: tuple[DocumentNode | None, OperationDefinitionNode | None] | None = None
    _type: tuple[DocumentNode, OperationType] | None = None

    def _get_first_operation(self) -> OperationDefinitionNode | None:
        document = self.graphql_document
        kept = self._first
        if kept is not None and kept[0] is document:
            return kept[1]
        first = None
        for definition in document.definitions if document else ():
            if isinstance(definition, OperationDefinitionNode):
                first = definition
                break
        self._first = (document, first)
        return first

    @property
    def operation_type(self) -> OperationType:
        """Strawberry's: the operation named in the request, or the document's first."""
        document = self.graphql_document
        kept = self._type
        if kept is not None and kept[0] is document:
            return kept[1]
        if not document:
            raise RuntimeError("No GraphQL document available")
        name = self._provided_operation_name
        found = self._get_first_operation() if name is None else _named(document, name)
        if found is None:
            raise RuntimeError("Can't get GraphQL operation type")
        kind = _TYPES[found.operation]
        self._type = (document, kind)
        return kind


def _named(document: DocumentNode, name: str) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if (
            isinstance(definition, OperationDefinitionNode)
            and definition.name
            and definition.name.value == name
        ):
            return definition
    return None
