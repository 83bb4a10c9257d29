"""Materialized paths: subtree ranges and scope intersections."""

from __future__ import annotations

from db.paths import child_path, intersect, is_within, minimal_roots, path_ids, upper_bound


def test_child_path_appends_the_id() -> None:
    assert child_path(None, 1) == "/1/"
    assert child_path("/1/5/", 23) == "/1/5/23/"


def test_path_ids_run_root_first() -> None:
    assert path_ids("/1/5/23/") == [1, 5, 23]


def test_upper_bound_excludes_siblings_sharing_a_prefix() -> None:
    low, high = "/1/5/", upper_bound("/1/5/")
    assert low <= "/1/5/23/" < high
    assert not low <= "/1/52/" < high
    assert not low <= "/1/50/" < high


def test_minimal_roots_drop_nested_paths() -> None:
    assert minimal_roots(["/1/5/23/", "/1/5/", "/1/6/", "/1/5/"]) == ["/1/5/", "/1/6/"]


def test_intersect_narrows_scope_to_a_node_inside_it() -> None:
    assert intersect(["/1/5/"], "/1/5/23/") == ["/1/5/23/"]


def test_intersect_keeps_the_scope_roots_below_a_wider_node() -> None:
    assert intersect(["/1/5/23/", "/1/6/"], "/1/") == ["/1/5/23/", "/1/6/"]


def test_intersect_is_empty_for_a_disjoint_node() -> None:
    assert intersect(["/1/5/"], "/1/6/") == []


def test_is_within_includes_the_node_itself() -> None:
    assert is_within("/1/5/", "/1/5/")
    assert not is_within("/1/52/", "/1/5/")
