"""Whether a query asks, under the field being resolved, for a nested field: read from the
query's syntax tree, so that a list resolver primes what its rows will ask for (the members'
branches) only when they ask for it.

Strawberry's `info.selected_fields` converts the whole selection into its own objects on
every call; this walks only the path asked for, through inline and named fragments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

from schema.info import Info


def selects(info: Info, *path: str) -> bool:
    """Whether the field path (response names aside: field names) is selected below this
    field. A field under `@skip` or `@include` counts as selected: priming it reads at most
    what the query could have asked for."""
    raw = info._raw_info
    level: list[SelectionSetNode | None] = [node.selection_set for node in raw.field_nodes]
    for name in path:
        found = [field for found_in in level for field in _named(found_in, name, raw.fragments)]
        if not found:
            return False
        level = [field.selection_set for field in found]
    return True


def selects_listed(info: Info, field: str) -> bool:
    """Whether a connection's rows are asked for `field`, under `nodes` or `edges { node }`."""
    return selects(info, "nodes", field) or selects(info, "edges", "node", field)


def _named(
    selection_set: SelectionSetNode | None,
    name: str,
    fragments: Mapping[str, FragmentDefinitionNode],
) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value == name:
                yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _named(selection.selection_set, name, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _named(fragment.selection_set, name, fragments)
