"""schema/selections.py: what a list resolver reads off the query before priming its rows."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, parse

from schema.info import Info
from schema.selections import selects, selects_listed

BY_NODES = "{ members { nodes { id branch { name } } } }"
BY_EDGES = "{ members { edges { node { branch { name } } } } }"
THROUGH_FRAGMENTS = """
{ members { ...Page } }
fragment Page on MemberConnection { nodes { ... on Member { branch { name } } } }"""
WITHOUT_BRANCH = "{ members { totalCount nodes { id name } } }"


def _info_of(document: str) -> Info:
    """An Info whose field is the document's first root field, as a resolver sees it."""
    parsed = parse(document)
    operation = cast(OperationDefinitionNode, parsed.definitions[0])
    fragments = {
        definition.name.value: definition
        for definition in parsed.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    field = cast(FieldNode, operation.selection_set.selections[0])
    raw: Any = SimpleNamespace(field_nodes=[field], fragments=fragments)
    return cast(Info, SimpleNamespace(_raw_info=raw))


def test_a_field_under_nodes_is_selected_for_the_listed_rows() -> None:
    # Given a page asking for its rows' branches under nodes
    info = _info_of(BY_NODES)

    # Then both the path and the listed field are seen
    assert selects(info, "nodes", "branch")
    assert selects_listed(info, "branch")


def test_a_field_under_edges_node_is_selected_for_the_listed_rows() -> None:
    assert selects_listed(_info_of(BY_EDGES), "branch")


def test_fragments_named_and_inline_are_followed() -> None:
    assert selects_listed(_info_of(THROUGH_FRAGMENTS), "branch")


def test_a_field_the_rows_are_not_asked_for_is_not_selected() -> None:
    info = _info_of(WITHOUT_BRANCH)

    assert not selects_listed(info, "branch")
    assert selects_listed(info, "name")
    assert not selects(info, "edges", "node", "name")
