"""The published schema: the committed SDL matches, all described in Chinese and English."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from transport.schema import build_schema
from transport.schema_history import CHANGELOG, SDL, unmarked_breaking_changes


def test_committed_schema_matches_the_code() -> None:
    generated = build_schema().as_str() + "\n"
    assert SDL.read_text(encoding="utf-8") == generated, (
        "schema.graphql is stale: run `make schema` and review the diff for breaking changes"
    )


CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{2,}")
BUILT_IN_SCALARS = ("String", "Int", "Float", "Boolean", "ID")


def described_coordinates(schema: GraphQLSchema) -> Iterator[tuple[str, str | None]]:
    """(schema coordinate, description) of every type, field, input field, argument and enum
    value clients see: all but the introspection types and the spec's built-in scalars."""
    yield "schema", schema.description
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN_SCALARS:
            continue
        yield name, kind.description
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                yield f"{name}.{field_name}", field.description
                for argument_name, argument in getattr(field, "args", {}).items():
                    yield f"{name}.{field_name}({argument_name})", argument.description
        if isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                yield f"{name}.{value_name}", value.description


def test_every_type_field_argument_and_enum_value_is_described_in_chinese_and_english() -> None:
    offenders = [
        f"{coordinate}: {description!r}"
        for coordinate, description in described_coordinates(build_schema()._schema)
        if not (description and CHINESE.search(description) and ENGLISH.search(description))
    ]
    assert offenders == [], (
        "each description needs the Chinese term and the English (see docs/glossary.md):\n"
        + "\n".join(offenders)
    )


def published_schemas() -> list[tuple[str, str]]:
    """Every committed version of schema.graphql, as (commit, SDL)."""
    root = SDL.parent
    try:
        commits = subprocess.run(
            ["git", "log", "--format=%h", "--", "schema.graphql"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return []
    return [
        (
            commit,
            subprocess.run(
                ["git", "show", f"{commit}:schema.graphql"],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout,
        )
        for commit in commits
    ]


def test_no_change_breaks_a_published_schema() -> None:
    current = build_schema()._schema
    published = published_schemas()
    if not published and os.environ.get("CI") == "true":
        pytest.fail("no committed schema.graphql found in git history")
    changelog = CHANGELOG.read_text(encoding="utf-8")
    breaks = {
        commit: unmarked_breaking_changes(sdl, current, changelog) for commit, sdl in published
    }
    assert {commit: found for commit, found in breaks.items() if found} == {}, (
        "deprecate fields instead of removing or retyping them (CHANGELOG.md says how a "
        "breaking change is marked once a removal date has passed)"
    )
