"""A document's figures with its fragments expanded, worked out without expanding them."""

from __future__ import annotations

import time

from graphql import get_introspection_query, parse

from tests.hostile_support import fragment_bomb
from transport.measure import Figures, measure


def figures(document: str) -> Figures:
    return measure(parse(document)).largest


def test_a_fragment_bomb_is_measured_in_milliseconds() -> None:
    # given fragments that each spread the next twice, 30 levels deep
    document = parse(fragment_bomb(30))
    # when it is measured
    # CPU time of this process: what the document costs, however busy the machine is
    started = time.process_time()
    largest = measure(document).largest
    # then the figure is the expansion's, found without walking it
    assert time.process_time() - started < 0.05
    assert largest.selections == 3 * 2**30 - 1  # the 2**30 fields and every spread above them
    assert largest.nesting == 31


def test_a_spread_adds_its_fragments_depth_to_where_it_is_spread() -> None:
    document = """
    { organizations { nodes { ...Deep } } }
    fragment Deep on Organization { parent { parent { name } } }"""
    assert figures(document).depth == 4


def test_aliases_count_once_per_spread() -> None:
    document = "{ ...A ...A ...A } fragment A on Query { a: __typename b: __typename }"
    assert figures(document).aliases == 6


def test_the_introspection_query_adds_no_depth_and_one_schema() -> None:
    largest = figures(get_introspection_query(descriptions=True))
    assert (largest.depth, largest.schemas, largest.types) == (0, 1, 0)


def test_a_fragment_cycle_counts_nothing_and_ends() -> None:
    document = "{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }"
    assert figures(document).selections == 4


def test_an_unknown_fragment_counts_nothing() -> None:
    assert figures("{ __typename ...Nowhere }").selections == 2


def test_a_chain_of_a_thousand_fragments_is_no_deeper_for_python() -> None:
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(1000))
    largest = figures(f"{{ ...F0 }} {chain} fragment F1000 on Query {{ __typename }}")
    assert largest.nesting == 1001


def test_operations_are_counted() -> None:
    assert measure(parse("query A { a } query B { b } mutation C { c }")).operations == 3
