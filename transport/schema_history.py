"""The schema's history: what CHANGELOG.md says, and the checks that hold a new schema to it.

A breaking change (a field removed or retyped, an argument made required, …, as graphql-core's
`find_breaking_changes` words it) may only ship when CHANGELOG.md marks it: a bullet under a
`### Breaking` heading quoting that wording in backticks, e.g.
"- `Field Member.oldField was removed.` Deprecated since 1.1.0, removal date 2027-06-30 passed."
Every deprecation names its removal date ("to be removed after YYYY-MM-DD")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_ast_schema,
    find_breaking_changes,
    parse,
)

ROOT = Path(__file__).resolve().parent.parent
SDL = ROOT / "schema.graphql"
CHANGELOG = ROOT / "CHANGELOG.md"

VERSION_HEADING = re.compile(r"^## \[?(\d+\.\d+\.\d+)\]?", re.MULTILINE)
REMOVAL_DATE = re.compile(r"to be removed after (\d{4}-\d{2}-\d{2})")
QUOTED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True, slots=True)
class Deprecation:
    """A deprecated field, argument or enum value, and the date its reason names (if any)."""

    coordinate: str
    reason: str

    @property
    def removal_date(self) -> date | None:
        found = REMOVAL_DATE.search(self.reason)
        return date.fromisoformat(found.group(1)) if found else None


def changelog_versions(text: str) -> list[str]:
    """The versions CHANGELOG.md records, newest first."""
    return VERSION_HEADING.findall(text)


def marked_breaking_changes(text: str) -> set[str]:
    """The breaking changes CHANGELOG.md admits: backticked text of bullets under `### Breaking`."""
    marked: set[str] = set()
    in_breaking = False
    for line in text.splitlines():
        if line.startswith("#"):
            in_breaking = line.strip().lower() == "### breaking"
        elif in_breaking and line.lstrip().startswith("- "):
            marked.update(QUOTED.findall(line))
    return marked


def unmarked_breaking_changes(
    published_sdl: str, current: GraphQLSchema, changelog: str
) -> list[str]:
    """How `current` breaks the published SDL, less what CHANGELOG.md marks."""
    marked = marked_breaking_changes(changelog)
    published = build_ast_schema(parse(published_sdl))
    return [
        change.description
        for change in find_breaking_changes(published, current)
        if change.description not in marked
    ]


def deprecations(schema: GraphQLSchema) -> Iterator[Deprecation]:
    """Every deprecated field, argument, input field and enum value of the schema."""
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if field.deprecation_reason:
                    yield Deprecation(f"{name}.{field_name}", field.deprecation_reason)
                for argument_name, argument in getattr(field, "args", {}).items():
                    if argument.deprecation_reason:
                        yield Deprecation(
                            f"{name}.{field_name}({argument_name})", argument.deprecation_reason
                        )
        if isinstance(kind, GraphQLEnumType):
            for value_name, value in kind.values.items():
                if value.deprecation_reason:
                    yield Deprecation(f"{name}.{value_name}", value.deprecation_reason)
