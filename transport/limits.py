"""What a document may hold, for signed-in and for anonymous clients.

Every limit is checked before the work it bounds: the length before the text is read, the
tokens while it is parsed, the expanded figures (transport/measure.py) before it is
validated, the cost before it runs. Anonymous clients (no token, or a refused one) can sign
in, read the schema and little else, so their limits are tighter.
"""

from __future__ import annotations

from dataclasses import dataclass

from transport.measure import DocumentFigures

# Not settings: no client needs more, whoever it is.
MAX_OPERATIONS = 20  # operations in one document (one of them runs)
MAX_SCHEMA_FIELDS = 1  # `__schema` per operation: the whole schema, once
MAX_TYPE_FIELDS = 10  # `__type(name:)` per operation
MAX_FRAGMENT_NESTING = 25  # fragments within fragments: walking them is recursion


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    length: int = 50_000  # characters of the document's text
    tokens: int = 5000  # lexical tokens (comments count apart, up to as many)
    depth: int = 12  # levels of nested selections
    aliases: int = 30  # aliased fields, fragments expanded
    selections: int = 2000  # fields, spreads and inline fragments, fragments expanded
    cost: int = 1000  # the most a query may cost (transport/cost.py)

    def refusal(self, figures: DocumentFigures) -> str | None:
        """Why a document with these figures is refused (the fix included), or None."""
        largest = figures.largest
        if figures.operations > MAX_OPERATIONS:
            return (
                f"The document holds {figures.operations} operations; at most {MAX_OPERATIONS}"
                " are accepted: send only the operations you use."
            )
        if largest.nesting > MAX_FRAGMENT_NESTING:
            return (
                f"The document nests fragments {largest.nesting} deep; at most "
                f"{MAX_FRAGMENT_NESTING} are accepted: spread fragments within fewer others."
            )
        if largest.selections > self.selections:
            return (
                f"The document selects {largest.selections} fields once its fragments are "
                f"expanded, over the limit of {self.selections}: spread fewer fragments, or "
                "split it into several requests."
            )
        if largest.depth > self.depth:
            return (
                f"The document nests selections {largest.depth} levels deep, over the limit of "
                f"{self.depth}: ask for fewer nested objects."
            )
        if largest.aliases > self.aliases:
            return (
                f"The document uses {largest.aliases} aliases once its fragments are expanded, "
                f"over the limit of {self.aliases}: use fewer aliases, or split it."
            )
        if largest.schemas > MAX_SCHEMA_FIELDS or largest.types > MAX_TYPE_FIELDS:
            return (
                f"An operation introspects too much: at most {MAX_SCHEMA_FIELDS} __schema and "
                f"{MAX_TYPE_FIELDS} __type fields; ask for the schema once."
            )
        return None


# Enough for the login mutation, the introspection query and a screen's first questions.
ANONYMOUS = DocumentLimits(
    length=10_000, tokens=1000, depth=8, aliases=10, selections=500, cost=200
)
