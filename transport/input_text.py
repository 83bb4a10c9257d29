"""Text no database can store is refused before anything runs.

A NUL character is refused by PostgreSQL (and silently kept by SQLite), and a lone UTF-16
surrogate (`"\\ud800"` in JSON) is no character at all: neither can be encoded for the
database. Every string argument of every field can reach SQL (filters, usernames,
idempotency keys, tokens), so one check covers them all, before the operation runs: the
variables, and string literals of the document (the lexer already refuses raw NULs and lone
surrogate escapes, so only a `\\u0000` escape needs looking for). The error names the field
that held the text, as `clean_text` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    Node,
    ObjectFieldNode,
    StringValueNode,
    VariableDefinitionNode,
    VariableNode,
)

from resolvers.errors import BadUserInput
from resolvers.validation import text_problem

_ESCAPES = ("\\u0000", "\\u{0", "\\u{00")


def _variable_text(variables: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) for every string in the variables, named by the nearest key."""
    pending: list[tuple[str, Any]] = [(str(key), value) for key, value in variables.items()]
    while pending:
        field, value = pending.pop()
        if isinstance(value, str):
            yield field, value
        elif isinstance(value, Mapping):
            pending.extend((str(key), item) for key, item in value.items())
        elif isinstance(value, list):
            pending.extend((field, item) for item in value)


def _document_text(document: DocumentNode) -> Iterator[tuple[str, str]]:
    """(field, text) for every string literal of the document, named by its argument or
    input field."""
    pending: list[tuple[str, Node]] = [("query", node) for node in document.definitions]
    while pending:
        field, node = pending.pop()
        if isinstance(node, StringValueNode):
            yield field, node.value
            continue
        if isinstance(node, ArgumentNode | ObjectFieldNode):
            field = node.name.value
        elif isinstance(node, VariableDefinitionNode):
            field = node.variable.name.value
        for key in node.keys:
            child = getattr(node, key, None)
            if isinstance(child, Node):
                pending.append((field, child))
            elif isinstance(child, tuple | list):
                pending.extend((field, item) for item in child if isinstance(item, Node))


def _argument_of(document: DocumentNode | None, variable: str) -> str:
    """The argument or input field a variable is passed to (`search` for `search: $s`)."""
    pending: list[Node] = list(document.definitions) if document is not None else []
    while pending:
        node = pending.pop()
        if (
            isinstance(node, ArgumentNode | ObjectFieldNode)
            and isinstance(node.value, VariableNode)
            and node.value.name.value == variable
        ):
            return node.name.value
        for key in node.keys:
            child = getattr(node, key, None)
            if isinstance(child, Node):
                pending.append(child)
            elif isinstance(child, tuple | list):
                pending.extend(item for item in child if isinstance(item, Node))
    return variable


def first_problem(
    document: DocumentNode | None, source: str | None, variables: Mapping[str, Any] | None
) -> BadUserInput | None:
    texts = list(_variable_text(variables)) if variables and isinstance(variables, Mapping) else []
    if document is not None and (
        source is None or ("\\u" in source and any(e in source for e in _ESCAPES))
    ):
        texts.extend(_document_text(document))
    for name, text in texts:
        problem = text_problem(text)
        if problem is not None:
            field = _argument_of(document, name) if name in (variables or {}) else name
            return BadUserInput(
                f"`{field}` {problem}; remove it and send the text again.", field=field
            )
    return None


def check_input_text(execution: Any) -> None:
    """Before execution: the request's text, each string a database could store."""
    problem = first_problem(execution.graphql_document, execution.query, execution.variables)
    if problem is not None:
        raise problem
