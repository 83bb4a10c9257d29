"""The schema's history: version, changelog, marked breaking changes, dated deprecations."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from graphql import build_schema as build_sdl_schema

from schema.version import SCHEMA_VERSION
from tests.graphql import execute
from transport.schema import build_schema
from transport.schema_history import (
    CHANGELOG,
    changelog_versions,
    deprecations,
    marked_breaking_changes,
    unmarked_breaking_changes,
)

PUBLISHED = """
type Query { members: [String!]! total: Int oldCount: Int }
"""
WITHOUT_OLD_COUNT = build_sdl_schema("type Query { members: [String!]! total: Int }")

CHANGELOG_MARKING_REMOVAL = """
## [2.0.0] — 2027-07-01
### Breaking
- `Field Query.oldCount was removed.` Deprecated in 1.3.0, to be removed after 2027-06-30.
### Added
- `Field Query.extra was removed.` is not a mark: it is not under Breaking.
"""

SCHEMA_DESCRIPTION = "{ __schema { description } }"


def test_the_schema_names_its_version_in_its_description() -> None:
    assert f"schema version {SCHEMA_VERSION}" in (build_schema()._schema.description or "")


async def test_introspection_gives_the_schema_description(client: httpx.AsyncClient) -> None:
    # when
    body = await execute(client, SCHEMA_DESCRIPTION)

    # then
    assert SCHEMA_VERSION in body["data"]["__schema"]["description"]


def test_the_version_is_the_newest_in_the_changelog() -> None:
    assert changelog_versions(CHANGELOG.read_text(encoding="utf-8"))[0] == SCHEMA_VERSION


def test_a_removal_breaks_the_published_schema_when_unmarked() -> None:
    assert unmarked_breaking_changes(PUBLISHED, WITHOUT_OLD_COUNT, "") == [
        "Field Query.oldCount was removed."
    ]


def test_a_removal_marked_under_breaking_is_admitted() -> None:
    assert unmarked_breaking_changes(PUBLISHED, WITHOUT_OLD_COUNT, CHANGELOG_MARKING_REMOVAL) == []


def test_only_bullets_under_a_breaking_heading_mark_changes() -> None:
    assert marked_breaking_changes(CHANGELOG_MARKING_REMOVAL) == {
        "Field Query.oldCount was removed."
    }


def test_every_deprecation_names_its_removal_date() -> None:
    undated = [d.coordinate for d in deprecations(build_schema()._schema) if not d.removal_date]
    assert undated == []


def test_deprecations_are_found_on_fields_arguments_and_enum_values() -> None:
    # given
    schema = build_sdl_schema(
        """
        enum Kind { A B @deprecated(reason: "Use A; to be removed after 2027-01-31.") }
        type Query {
          old: Int @deprecated(reason: "Use new; to be removed after 2027-02-28.")
          new(kind: Kind, legacy: Int @deprecated(reason: "Gone.")): Int
        }
        """
    )

    # when
    found = {d.coordinate: d.removal_date for d in deprecations(schema)}

    # then
    assert found == {
        "Kind.B": date(2027, 1, 31),
        "Query.old": date(2027, 2, 28),
        "Query.new(legacy)": None,
    }


@pytest.mark.parametrize("version", ["1.0.0", "1.3.0", SCHEMA_VERSION])
def test_the_changelog_records_each_version_once(version: str) -> None:
    assert changelog_versions(CHANGELOG.read_text(encoding="utf-8")).count(version) == 1
