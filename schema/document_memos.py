"""What executing a query works out from its document alone, kept across requests.

Every request of a page collects the same fields: graphql-core groups the root selection
(`collect_fields`) and, per object type and field, its sub-selection (`collect_subfields`,
memoised per request), and the executor plans each selection's plain fields
(schema/execution.py): about 230 Python calls on a list page, the same on every request.
They depend on the document, the schema and, through `@skip`, `@include`, `@defer` and
`@stream` (and fragment arguments), on the request's variables. So for an operation without
any directive or fragment variable they are worked out once and kept by the operation's
node, which cached documents share (transport/documents.py): the first request's grouped
root fields are every later request's, and with them the memos keyed by their identity.
Subscriptions keep their own per event (schema/execution.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from graphql.execution.collect_fields import CollectedFields, FieldDetailsList, GroupedFieldSet

KEPT = 256
"""Operations whose memos are kept (the oldest dropped first), as many as documents cached."""


@dataclass(slots=True)
class DocumentMemo:
    """One operation's collected fields and plans, shared by its requests."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode  # kept alive: its id is the key
    root: GroupedFieldSet | None = None
    sub_fields: dict[tuple[GraphQLObjectType, int], tuple[FieldDetailsList, CollectedFields]] = (
        field(default_factory=dict)
    )
    plans: dict[int, Any] = field(default_factory=dict)
    objects: dict[int, Any] = field(default_factory=dict)


_memos: dict[int, tuple[OperationDefinitionNode, DocumentMemo | None]] = {}
"""By the id of the operation's node, which the entry keeps alive."""


def document_memo(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
) -> DocumentMemo | None:
    """The memo of `operation` (a query or mutation without directives or fragment
    variables, in a document whose fragments are `fragments`), or None if its fields depend
    on the request."""
    key = id(operation)
    known = _memos.get(key)
    if known is not None and known[0] is operation:
        memo = known[1]
        return memo if memo is not None and memo.schema is schema else None
    memo = (
        DocumentMemo(schema, operation)
        if operation.operation is not OperationType.SUBSCRIPTION
        and not operation.directives
        and _static(operation.selection_set, fragments)
        else None
    )
    _memos[key] = (operation, memo)
    if len(_memos) > KEPT:
        del _memos[next(iter(_memos))]
    return memo


def _static(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> bool:
    """Whether nothing under `selection_set` (fragments included) has a directive or a
    fragment variable: then its collection does not depend on the request's variables."""
    pending = [selection_set]
    seen: set[str] = set()
    while pending:
        current = pending.pop()
        if current is None:
            continue
        for selection in current.selections:
            if selection.directives:
                return False
            if isinstance(selection, (FieldNode, InlineFragmentNode)):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or fragment.directives or fragment.variable_definitions:
                    return False
                if name not in seen:
                    seen.add(name)
                    pending.append(fragment.selection_set)
    return True
