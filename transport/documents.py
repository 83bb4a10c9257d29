"""Documents parsed and validated once per distinct text, then reused by every request.

Strawberry's ParserCache and ValidationCache do not make a repeat free: the validation cache's
key holds the rule classes, and the depth and alias limiters create new classes for every
request, so it never hits; and its key hashes the whole syntax tree (graphql-core's nodes are
frozen dataclasses whose hash walks the tree) on every lookup. This cache is keyed by the
document's text, whose hash Python keeps, and holds only documents that passed every rule, the
limiters' included, so a hit skips parsing and validation entirely.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence

from graphql import ASTValidationRule, DocumentNode, parse, specified_rules
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import validate_document


class DocumentCache:
    """Valid documents by their text, the least recently used dropped beyond `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._documents: OrderedDict[str, DocumentNode] = OrderedDict()

    def get(self, text: str) -> DocumentNode | None:
        document = self._documents.get(text)
        if document is not None:
            self._documents.move_to_end(text)
        return document

    def put(self, text: str, document: DocumentNode) -> None:
        self._documents[text] = document
        self._documents.move_to_end(text)
        while len(self._documents) > self.size:
            self._documents.popitem(last=False)

    def __len__(self) -> int:
        return len(self._documents)


def guard_rules(*, max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    """GraphQL's own rules and the depth and alias limits, as classes made once."""
    return (
        *specified_rules,
        depth_rule(max_depth, None, None),
        alias_rule(max_aliases),
    )


class PreparedDocuments(SchemaExtension):
    """Parses (within `max_tokens`) and validates a document the first time its text is seen;
    afterwards takes it from the cache, so the request goes straight to execution."""

    def __init__(
        self, *, cache: DocumentCache, rules: Sequence[type[ASTValidationRule]], max_tokens: int
    ) -> None:
        self.cache = cache
        self.rules = tuple(rules)
        self.max_tokens = max_tokens
        self.cached = False

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        text = execution.query
        if execution.graphql_document is None and text:
            document = self.cache.get(text)
            self.cached = document is not None
            execution.graphql_document = document or parse(text, max_tokens=self.max_tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        if self.cached:
            execution.pre_execution_errors = []
        else:
            assert execution.graphql_document is not None
            errors = validate_document(
                execution.schema._schema, execution.graphql_document, self.rules
            )
            execution.pre_execution_errors = errors
            if not errors and execution.query:
                self.cache.put(execution.query, execution.graphql_document)
        yield
