"""The published schema: committed SDL matches, and everything is described."""

from __future__ import annotations

import os
import subprocess

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from transport.schema import build_schema
from transport.schema_history import CHANGELOG, SDL, unmarked_breaking_changes


def test_committed_schema_matches_the_code() -> None:
    generated = build_schema().as_str() + "\n"
    assert SDL.read_text(encoding="utf-8") == generated, (
        "schema.graphql is stale: run `make schema` and review the diff for breaking changes"
    )


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    missing: list[str] = []
    for name, kind in build_schema()._schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for argument_name, argument in getattr(field, "args", {}).items():
                    if not argument.description:
                        missing.append(f"{name}.{field_name}({argument_name})")
        if isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{value}" for value, v in kind.values.items() if not v.description]
    assert missing == []


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
