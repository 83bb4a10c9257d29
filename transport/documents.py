"""Documents parsed, measured and validated once per distinct text, then reused by every request.

Strawberry's ParserCache and ValidationCache do not make a repeat free: the validation cache's
key holds the rule classes, and the depth and alias limiters create new classes for every
request, so it never hits; and its key hashes the whole syntax tree (graphql-core's nodes are
frozen dataclasses whose hash walks the tree) on every lookup. This cache is keyed by the
document's text, whose hash Python keeps, and holds only documents that passed every rule and
limit, so a hit skips parsing and validation entirely. Signed-in and anonymous clients have
limits of their own (transport/limits.py), and a cache each.

The order bounds the work: the text's length and tokens while parsing, then the figures of
the document with its fragments expanded (transport/measure.py, linear in the text), and only
then graphql-core's rules, whose field-merging check gets a budget of its own.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, cast

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    OverlappingFieldsCanBeMergedRule,
    ValuesOfCorrectTypeRule,
    specified_rules,
)
from graphql.validation.validate import ValidationAbortedError
from strawberry.schema.schema import validate_document
from strawberry.types.graphql import OperationType

from resolvers.apikeys.policy import KEY_WRITES
from resolvers.errors import ErrorCode, Forbidden, UserError
from transport.limits import ANONYMOUS, DocumentLimits
from transport.measure import measure

# graphql-core's own budget for comparing fields that share a response name is 500,000 units,
# seconds of CPU; this is about 20 ms, and what real documents spend is a few hundred at most.
MERGE_BUDGET = 5000


class ValidationFailed(UserError):
    code = ErrorCode.GRAPHQL_VALIDATION_FAILED


class NoOperationChosen(UserError):
    code = ErrorCode.BAD_REQUEST


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


class BoundedFieldMerging(OverlappingFieldsCanBeMergedRule):
    """The spec's field-merging rule, which is quadratic in the fields sharing a response name
    (a thousand `viewer { username }` side by side take seconds), within MERGE_BUDGET."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = MERGE_BUDGET

    def enter_selection_set(self, *args: Any) -> None:
        try:
            super().enter_selection_set(*args)
        except ValidationAbortedError:
            if self.rule_context.remaining_complexity_budget >= 0:
                raise  # the error limit, not the budget
            raise ValidationAbortedError(
                "The document selects the same fields too many times over to check that they "
                "can be merged: select each field once per selection set."
            ) from None


class ValueRule(ValuesOfCorrectTypeRule):
    """A literal of the wrong type or out of range is bad input, as the same value in a
    variable is: BAD_USER_INPUT rather than GRAPHQL_VALIDATION_FAILED."""

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": ErrorCode.BAD_USER_INPUT.value}
        super().report_error(error)


REPLACED: dict[type[ASTValidationRule], type[ASTValidationRule]] = {
    OverlappingFieldsCanBeMergedRule: BoundedFieldMerging,
    ValuesOfCorrectTypeRule: ValueRule,
}
RULES: tuple[type[ASTValidationRule], ...] = tuple(
    REPLACED.get(rule, rule) for rule in specified_rules
)


class DocumentGuard:
    """The limits and the document cache of each kind of client, for one schema."""

    def __init__(
        self, signed_in: DocumentLimits, anonymous: DocumentLimits = ANONYMOUS, size: int = 1000
    ) -> None:
        self.kinds = {
            False: (signed_in, DocumentCache(size)),
            True: (anonymous, DocumentCache(size)),
        }

    def of(self, context: object) -> tuple[DocumentLimits, DocumentCache]:
        viewer = getattr(context, "viewer", None)
        return self.kinds[not getattr(viewer, "is_authenticated", False)]


def code_errors(errors: list[GraphQLError] | None, code: ErrorCode) -> None:
    for error in errors or ():
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": code.value}


def take_document(
    guard: DocumentGuard, execution: Any
) -> tuple[DocumentLimits, DocumentCache, bool]:
    """Before parsing: the client's limits and cache, and whether the document came from the
    cache (then Strawberry does not parse it); otherwise Strawberry parses it within the
    limits."""
    limits, cache = guard.of(execution.context)
    text = execution.query
    cached = False
    if execution.graphql_document is None and text:
        document = cache.get(text)
        cached = document is not None
        execution.graphql_document = document
        # Strawberry parses with these options (graphql-core's names) when not cached.
        options = cast(dict[str, int], execution.parse_options)
        options["max_source_length"] = limits.length
        options["max_lexical_tokens"] = limits.tokens
        options["max_comments"] = limits.tokens
    return limits, cache, cached


def check_document(
    execution: Any, limits: DocumentLimits, cache: DocumentCache, cached: bool
) -> None:
    """Before validation: a document not from the cache measured within the limits and
    validated, and kept once it passed; any document, the operation it names chosen and
    allowed. The errors are the request's pre-execution errors (none: Strawberry runs it)."""
    document = execution.graphql_document
    errors: list[GraphQLError] = []
    if not cached and document is not None:
        refusal = limits.refusal(measure(document))
        errors = (
            [ValidationFailed(refusal)]
            if refusal
            else validate_document(execution.schema._schema, document, RULES)
        )
        code_errors(errors, ErrorCode.GRAPHQL_VALIDATION_FAILED)
        if not errors and execution.query:
            cache.put(execution.query, document)
    if not errors and document is not None and _unnamed_choice(execution, document):
        errors = [
            NoOperationChosen(
                "The document has several operations: name the one to run in `operationName`."
            )
        ]
    if not errors and document is not None and _keyed_mutation(execution):
        errors = [Forbidden(KEY_WRITES)]  # over a websocket (HTTP refuses it with 403)
    execution.pre_execution_errors = errors


def _keyed_mutation(execution: Any) -> bool:
    """A mutation sent with an API key (resolvers/apikeys/policy.py: keys only read)."""
    viewer = getattr(execution.context, "viewer", None)
    if viewer is None or viewer.api_key_id is None:
        return False
    try:
        return bool(execution.operation_type is OperationType.MUTATION)
    except Exception:  # no such operation: Strawberry refuses it with its own error
        return False


def _unnamed_choice(execution: Any, document: DocumentNode) -> bool:
    """Several operations and no operationName: Strawberry would run the first one; the spec
    says this is an error. (Strawberry keeps the name the client sent apart from the one it
    picks, in `_provided_operation_name`.)"""
    if getattr(execution, "_provided_operation_name", "") is not None:
        return False
    operations = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            operations += 1
    return operations > 1
