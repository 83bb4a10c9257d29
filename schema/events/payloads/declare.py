"""The typed event contract: one small class per kind of event declares what its `payload`
holds, and everything else follows from the declaration.

A payload class lists its fields with `change(key, description)`: the key is where the writer
put the value in the event's stored `changes` (resolvers/changes.py), the annotation is what
clients read. The value is converted from its stored form by the annotation alone, so no
internal value reaches a client:
- a schema enum (e.g. `PetitionStatus`): from its stored value to the enum, shown by NAME;
- `datetime` / `date`: from the stored ISO text;
- `strawberry.ID` with `node=` the Node type's name: the stored integer key becomes the
  Relay global id that `node(id:)` accepts;
- `int`, `str`, `bool`: as stored (counts, codes the schema shows elsewhere);
- `list[...]`: each item as above.
Every payload also says what the event is about (`subjectId`) and where (`organizationId`),
as global ids. A value the writer did not store reads as null, so payload fields are nullable.

tests/test_event_payloads.py walks every delivered event type: each has exactly one payload
class, and a stored event of each resolves with ids as global ids and enums as names.
"""

from __future__ import annotations

import enum
import logging
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import strawberry
from strawberry.types.base import get_object_definition

from db.events.log import EventRow
from db.events.types import EventType
from db.paths import SEPARATOR, path_ids
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import to_global_id

_SOURCE = "zhdj.event_change"
logger = logging.getLogger("zhdj.events")

Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Source:
    key: str
    node: str | None


@strawberry.interface(
    description="事件内容 What an event says, typed: ids are global ids (`node(id:)` takes them), "
    "enums are the schema's names, times are DateTime. Each kind of event has its own type; "
    "select its fields with `... on <Type>`."
)
class EventPayload:
    subject_id: strawberry.ID | None = strawberry.field(
        description="事件对象 The global id of what the event is about (a petition, a member…); "
        "null when that is no Node (an account)."
    )
    organization_id: strawberry.ID | None = strawberry.field(
        description="发生地 The global id of the organisation where it happened (the place whose "
        "subtree hears of it)."
    )


def change(key: str, description: str, *, node: str | None = None) -> Any:
    """A payload field read from `changes[key]`; `node` names the Node type of a stored id."""
    return strawberry.field(
        description=description, default=None, metadata={_SOURCE: _Source(key, node)}
    )


@dataclass(frozen=True, slots=True)
class DeclaredField:
    name: str  # the attribute
    key: str  # where the writer stores it in `changes`
    node: str | None  # the Node type of a stored id
    convert: Convert


@dataclass(frozen=True, slots=True)
class DeclaredPayload:
    cls: type[EventPayload]
    subject: str | None  # the Node type of what the event is about; None: not a Node
    fields: tuple[DeclaredField, ...]


# Every delivered event type's payload declaration (filled by `event_payload`).
PAYLOADS: dict[EventType, DeclaredPayload] = {}

P = TypeVar("P", bound=EventPayload)


def event_payload(
    *event_types: EventType, subject: str | None, description: str
) -> Callable[[type[P]], type[P]]:
    """Declare the payload of these event types; `subject` is the Node type name of what they
    are about (the event's entity), None when that is not a Node."""

    def declare(cls: type[P]) -> type[P]:
        hints = typing.get_type_hints(cls)
        typed = strawberry.type(cls, description=description)
        fields = []
        for field in get_object_definition(typed, strict=True).fields:
            source = field.metadata.get(_SOURCE) if field.metadata else None
            if isinstance(source, _Source):
                convert = _conversion(hints[field.python_name], source.node)
                fields.append(DeclaredField(field.python_name, source.key, source.node, convert))
        for event_type in event_types:
            if event_type in PAYLOADS:
                raise TypeError(f"{event_type.name} has two payload declarations")
            PAYLOADS[event_type] = DeclaredPayload(typed, subject, tuple(fields))
        return typed

    return declare


def _conversion(annotation: Any, node: str | None) -> Convert:
    """How a stored value becomes what the annotation promises."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = args[0]
    if typing.get_origin(annotation) is list:
        each = _conversion(typing.get_args(annotation)[0], node)
        return lambda values: [each(value) for value in values]
    if node is not None:
        return lambda value: to_global_id(node, int(value))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        kind = annotation
        return lambda value: kind(value)
    if annotation is datetime:
        return datetime.fromisoformat
    if annotation is date:
        return date.fromisoformat
    return lambda value: value


def _converted(row: EventRow, field: DeclaredField, stored: Any) -> Any:
    """The field's value; null, and a warning, for a stored value it cannot read (an event
    logged before its writer's shape changed), so a screen's stream never breaks on it."""
    if stored is None:
        return None
    try:
        return field.convert(stored)
    except (ValueError, TypeError):
        logger.warning(
            "event %s: %s=%r does not read as its payload field", row.id, field.key, stored
        )
        return None


def build_payload(row: EventRow) -> EventPayload:
    """The typed payload of a stored event (KeyError for a type with no declaration)."""
    declared = PAYLOADS[EventType.of(row.type)]
    changes = row.payload.get("changes", {})
    values = {
        field.name: _converted(row, field, changes.get(field.key)) for field in declared.fields
    }
    place = path_ids(row.org_path) if row.org_path.startswith(SEPARATOR) else []
    return declared.cls(
        subject_id=to_global_id(declared.subject, row.entity_id) if declared.subject else None,
        organization_id=to_global_id(ORGANIZATION, place[-1]) if place else None,
        **values,
    )
