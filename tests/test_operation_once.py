"""The request's operation is looked up once per document, and found again when it changes."""

from __future__ import annotations

import pytest
from graphql import parse
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from transport.operation_once import OperationOnce


def _context(operation_name: str | None = None) -> OperationOnce:
    return OperationOnce(
        query=None,
        schema=None,  # type: ignore[arg-type]
        allowed_operations=(),
        provided_operation_name=operation_name,
    )


def test_the_operation_follows_a_replaced_document() -> None:
    # given a context whose operation was found in a query document
    context = _context()
    context.graphql_document = parse("query Q { viewer { username } }")
    assert (context.operation_type, context.operation_name) == (OperationType.QUERY, "Q")
    # when an extension puts another document in its place
    context.graphql_document = parse("mutation M { logout }")
    # then the operation is the new document's
    assert (context.operation_type, context.operation_name) == (OperationType.MUTATION, "M")


def test_an_operation_not_found_is_refused_each_time() -> None:
    # given a context asking for an operation the document does not have
    context = _context("Missing")
    context.graphql_document = parse("query Q { viewer { username } }")
    # when its type is asked twice, then it is refused both times
    for _ in range(2):
        with pytest.raises(RuntimeError):
            _ = context.operation_type


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("query Q { a }", None),
        ("{ a }", None),
        ("mutation M { a } query Q { a }", None),
        ("mutation M { a } query Q { a }", "Q"),
        ("fragment F on Query { a } subscription S { a }", None),
        ("query Q { a }", "Missing"),
        ("query Q { a }", ""),
        ("fragment F on Query { a }", None),
    ],
)
def test_the_operation_is_strawberrys(text: str, name: str | None) -> None:
    # given Strawberry's context and this one on the same document and operation name
    theirs = ExecutionContext(
        query=None,
        schema=None,  # type: ignore[arg-type]
        allowed_operations=(),
        provided_operation_name=name,
    )
    ours = _context(name)
    theirs.graphql_document = ours.graphql_document = parse(text)

    # then each finds the same operation, or fails the same way
    def found(context: ExecutionContext) -> object:
        try:
            return (context.operation_type, context.operation_name)
        except RuntimeError as error:
            return str(error)

    assert found(ours) == found(theirs)
