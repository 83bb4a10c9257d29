"""How big a document is once its fragments are expanded, worked out without expanding them.

Thirty fragments that each spread the next one twice expand to a billion fields from a
758-byte text: anything that walks the expansion (a depth limiter, a cost estimate, a merge
check) never finishes. Here each definition is walked once, by itself, noting the fragments
it spreads and how deep; a fragment's expanded figures are then sums and maxima of figures
already worked out, fragments first, so measuring is linear in the text and a document can
be refused on its figures before anything expands it.

Introspection (`__schema`, `__type` and fragments on `__*` types) adds no depth: the standard
introspection query nests `ofType` nine levels, and graphql-core's MaxIntrospectionDepthRule
bounds what matters there (lists of lists of types). Its root fields are counted instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

# Figures stop growing here: a billion is as refused as 2**60, and stays a machine integer.
SATURATED = 1 << 40
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


@dataclass(frozen=True, slots=True)
class Figures:
    """One definition's figures with its fragments expanded (the largest of a document's
    definitions, element by element, for the document as a whole)."""

    depth: int = 0  # levels of nested selections below the root fields
    selections: int = 0  # fields, fragment spreads and inline fragments
    aliases: int = 0
    schemas: int = 0  # `__schema` fields
    types: int = 0  # `__type` fields
    nesting: int = 0  # fragments spread within fragments spread within…

    def at_least(self, other: Figures) -> Figures:
        return Figures(
            max(self.depth, other.depth),
            max(self.selections, other.selections),
            max(self.aliases, other.aliases),
            max(self.schemas, other.schemas),
            max(self.types, other.types),
            max(self.nesting, other.nesting),
        )


@dataclass(frozen=True, slots=True)
class DocumentFigures:
    operations: int
    largest: Figures


@dataclass(slots=True)
class _Own:
    """A definition's own counts, and the fragments it spreads with the depth of each spread
    (None inside introspection, where depth is not counted)."""

    depth: int = 0
    selections: int = 0
    aliases: int = 0
    schemas: int = 0
    types: int = 0
    spreads: list[tuple[str, int | None]] = field(default_factory=list)


def measure(document: DocumentNode) -> DocumentFigures:
    """The document's figures; unknown fragments and fragment cycles count as empty (the
    validation rules report them)."""
    definitions = [d for d in document.definitions if isinstance(d, ExecutableDefinitionNode)]
    fragments = {
        d.name.value: _own(d) for d in definitions if isinstance(d, FragmentDefinitionNode)
    }
    expanded = _expand(fragments)
    largest = Figures()
    for figures in expanded.values():
        largest = largest.at_least(figures)
    operations = 0
    for definition in definitions:
        if isinstance(definition, OperationDefinitionNode):
            operations += 1
            largest = largest.at_least(_total(_own(definition), expanded))
    return DocumentFigures(operations, largest)


def _own(definition: ExecutableDefinitionNode) -> _Own:
    own = _Own()
    counts_depth = not (
        isinstance(definition, FragmentDefinitionNode)
        and definition.type_condition.name.value.startswith("__")
    )
    pending: list[tuple[SelectionSetNode, int | None]] = [
        (definition.selection_set, 0 if counts_depth else None)
    ]
    while pending:
        selection_set, level = pending.pop()
        for selection in selection_set.selections:
            own.selections += 1
            if isinstance(selection, FragmentSpreadNode):
                own.spreads.append((selection.name.value, level))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = None if condition and condition.name.value.startswith("__") else level
                pending.append((selection.selection_set, inner))
            elif isinstance(selection, FieldNode):
                _count_field(own, selection, level, pending)
    return own


def _count_field(
    own: _Own,
    node: FieldNode,
    level: int | None,
    pending: list[tuple[SelectionSetNode, int | None]],
) -> None:
    name = node.name.value
    own.aliases += node.alias is not None
    own.schemas += name == "__schema"
    own.types += name == "__type"
    if level is not None:
        own.depth = max(own.depth, level)
    if node.selection_set is not None:
        inner = None if level is None or name in INTROSPECTION_ROOTS else level + 1
        pending.append((node.selection_set, inner))


def _expand(fragments: dict[str, _Own]) -> dict[str, Figures]:
    """Every fragment's expanded figures, each fragment's worked out after those it spreads
    (an explicit stack: a chain of a thousand fragments is no deeper for Python)."""
    expanded: dict[str, Figures] = {}
    entered: set[str] = set()
    for root in fragments:
        stack = [root]
        while stack:
            name = stack[-1]
            if name in expanded:
                stack.pop()
                continue
            waiting = [
                spread
                for spread, _ in fragments[name].spreads
                if spread in fragments and spread not in expanded and spread not in entered
            ]
            if name not in entered and waiting:
                entered.add(name)
                stack.extend(waiting)
                continue
            # All it spreads are measured, except what closes a cycle back to an ancestor.
            expanded[name] = _total(fragments[name], expanded)
            stack.pop()
    return expanded


def _total(own: _Own, expanded: dict[str, Figures]) -> Figures:
    depth, selections, aliases = own.depth, own.selections, own.aliases
    schemas, types, nesting = own.schemas, own.types, 0
    for name, level in own.spreads:
        inner = expanded.get(name)
        if inner is None:
            continue
        nesting = max(nesting, 1 + inner.nesting)
        if level is not None:
            depth = max(depth, level + inner.depth)
        selections = _add(selections, inner.selections)
        aliases = _add(aliases, inner.aliases)
        schemas = _add(schemas, inner.schemas)
        types = _add(types, inner.types)
    return Figures(depth, selections, aliases, schemas, types, nesting)


def _add(*numbers: int) -> int:
    return min(sum(numbers), SATURATED)
