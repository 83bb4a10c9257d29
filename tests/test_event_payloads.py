"""The typed event contract: every kind of event clients receive has one typed payload
(schema/events/payloads/), and what clients read of it holds no internal value: ids are global
ids, enums the schema's names, times DateTime. A new delivered event type without its payload
declaration fails here."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
)
from starlette.applications import Starlette
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition
from strawberry.types.enum import StrawberryEnumDefinition

from db.events.log import EventRow, append_events
from db.events.types import EventType
from schema.events.payloads import PAYLOADS, build_payload
from schema.events.payloads.declare import DeclaredPayload
from schema.petitions.enums import PetitionStatus
from schema.relay import to_global_id
from tests.graphql import execute
from tests.petition_support import advance, categories, submit
from tests.world import World
from transport.schema import build_schema

SUBJECT_ID = 7
STORED_ID = 5
# What writers store for a payload field of each Python type (ISO text for times).
SCALAR_SAMPLES: dict[Any, Any] = {
    datetime: "2026-12-07T08:30:00+00:00",
    date: "2026-12-07",
    bool: True,
    int: 3,
    str: "样例",
}


def _schema() -> GraphQLSchema:
    return build_schema()._schema


def _payload_types(schema: GraphQLSchema) -> list[GraphQLObjectType]:
    interface = schema.get_type("EventPayload")
    assert isinstance(interface, GraphQLInterfaceType)
    return list(schema.get_implementations(interface).objects)


def _unwrapped(kind: GraphQLType) -> GraphQLType:
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    return kind


def _recent_events_documents(schema: GraphQLSchema) -> list[str]:
    """recentEvents selecting every field of a payload type, one document per type (fields of
    one name may have other types in other payloads: one document cannot select them all)."""
    return [
        f"{{ recentEvents(last: 100) {{ type payload {{ __typename "
        f"... on {kind.name} {{ {' '.join(kind.fields)} }} }} }} }}"
        for kind in _payload_types(schema)
    ]


def _stored_sample(declared: DeclaredPayload) -> dict[str, Any]:
    """What a writer stores for each declared field, in internal values (lower-case enum
    values, integer keys, ISO text)."""
    changes: dict[str, Any] = {}
    for field in get_object_definition(declared.cls, strict=True).fields:
        source = next((f for f in declared.fields if f.name == field.python_name), None)
        if source is None:
            continue
        changes[source.key] = STORED_ID if source.node else _sample(field.type)
    return changes


def _sample(kind: Any) -> Any:
    if isinstance(kind, StrawberryOptional):
        return _sample(kind.of_type)
    if isinstance(kind, StrawberryList):
        return [_sample(kind.of_type)]
    if isinstance(kind, StrawberryEnumDefinition):
        return next(iter(kind.wrapped_cls)).value
    return SCALAR_SAMPLES[kind]


def _decodes_as_global_id(value: Any, schema: GraphQLSchema) -> bool:
    try:
        type_name, _, key = base64.urlsafe_b64decode(str(value).encode()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return key.isdigit() and isinstance(schema.get_type(type_name), GraphQLObjectType)


def _leaks(payload: dict[str, Any], schema: GraphQLSchema) -> list[str]:
    """Every value of the payload that is not what its type promises a client."""
    kind = schema.get_type(payload["__typename"])
    assert isinstance(kind, GraphQLObjectType)
    found = []
    for name, value in payload.items():
        if name == "__typename" or value is None:
            continue
        field_type: Any = _unwrapped(kind.fields[name].type)
        if name.endswith("Id") and field_type.name != "ID":
            found.append(f"{kind.name}.{name} is an id in a {field_type} field")
        for item in value if isinstance(value, list) else [value]:
            what = f"{kind.name}.{name}={item!r}"
            if field_type.name == "ID" and not _decodes_as_global_id(item, schema):
                found.append(f"{what} is not a global id")
            if isinstance(field_type, GraphQLEnumType) and (
                item not in field_type.values or item != item.upper()
            ):
                found.append(f"{what} is not an enum name")
            if field_type.name == "DateTime" and datetime.fromisoformat(item).tzinfo is None:
                found.append(f"{what} has no time zone")
    return found


def test_every_delivered_event_type_declares_exactly_one_typed_payload() -> None:
    # given the event types clients receive
    delivered = {kind for kind in EventType if kind.delivered}
    # then each has a payload declaration, and nothing internal has one
    assert sorted(delivered - set(PAYLOADS)) == []
    assert sorted(set(PAYLOADS) - delivered) == []


def test_the_readme_documents_every_delivered_event_type_with_its_payload_type() -> None:
    # given the README's table of the event stream's payloads
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    # then each delivered event type is in a row naming its payload type
    undocumented = [
        kind.name
        for kind in EventType
        if kind.delivered
        and not any(
            f"`{kind.name}`" in row
            and f"`{get_object_definition(PAYLOADS[kind].cls, strict=True).name}`" in row
            for row in rows
        )
    ]
    assert undocumented == []


def test_every_payload_field_is_typed_and_described_in_both_languages() -> None:
    # given the served schema's payload types
    schema = _schema()
    payloads = _payload_types(schema)
    # then no field is untyped JSON, every id is an ID, every description carries Chinese
    assert len(payloads) == len({declared.cls for declared in PAYLOADS.values()})
    untyped, ids, undescribed = [], [], []
    for kind in payloads:
        for name, field in kind.fields.items():
            field_type = _unwrapped(field.type)
            if field_type.name == "JSON":  # type: ignore[attr-defined]
                untyped.append(f"{kind.name}.{name}")
            if name.endswith("Id") and field_type.name != "ID":  # type: ignore[attr-defined]
                ids.append(f"{kind.name}.{name}")
            text = field.description or ""
            if not any("\u4e00" <= char <= "\u9fff" for char in text):
                undescribed.append(f"{kind.name}.{name}")
        if not any("\u4e00" <= char <= "\u9fff" for char in kind.description or ""):
            undescribed.append(kind.name)
    assert (untyped, ids, undescribed) == ([], [], [])


async def test_a_stored_event_of_every_delivered_type_resolves_with_no_internal_value(
    client: httpx.AsyncClient, world: World, app: Starlette
) -> None:
    # Given one stored event of every delivered type, its changes in internal values
    delivered = [kind for kind in EventType if kind.delivered]
    grid = world.orgs["grid_a1"]
    async with app.state.services.database.transaction() as session:
        await append_events(
            session,
            [
                {
                    "type": kind.value,
                    "org_path": grid.path,
                    "entity_type": kind.entity_type.value,
                    "entity_id": SUBJECT_ID,
                    "account_id": None,
                    "payload": {"changes": _stored_sample(PAYLOADS[kind])},
                }
                for kind in delivered
            ],
        )
    schema = _schema()

    # When an administrator reads them with every field of each payload type
    events: dict[str, dict[str, Any]] = {}
    for document in _recent_events_documents(schema):
        body = await execute(client, document, token=world.tokens["admin"])
        assert "errors" not in body, body
        for event in body["data"]["recentEvents"]:
            if len(event["payload"]) > 1:  # the payload type this document selects
                events[event["type"]] = event["payload"]

    # Then each resolves typed: every declared field set, ids global, enums by name
    assert sorted(events) == sorted(kind.name for kind in delivered)
    leaks = [leak for payload in events.values() for leak in _leaks(payload, schema)]
    unset = [
        f"{kind.name}.{field.name}"
        for kind in delivered
        for field in PAYLOADS[kind].fields
        if events[kind.name][_camel(field.name)] is None
    ]
    subjects = {kind.name: _subject_id(PAYLOADS[kind]) for kind in delivered}
    assert (leaks, unset) == ([], [])
    assert {name: payload["subjectId"] for name, payload in events.items()} == subjects
    assert {payload["organizationId"] for payload in events.values()} == {world.org_id("grid_a1")}


async def test_a_real_petition_step_reads_typed_with_the_category_as_a_global_id(
    client: httpx.AsyncClient, world: World, app: Starlette
) -> None:
    # Given a petition raised by the resident and accepted by the secretary
    codes = await categories(app.state.services.database)
    petition = await submit(client, world, codes)
    await advance(client, world, petition["id"], ["accept"])

    # When the secretary reads the newest events
    body = await execute(
        client,
        "{ recentEvents(last: 2) { type payload { subjectId organizationId "
        "... on PetitionStepEventPayload { action fromStatus toStatus categoryId version } } } }",
        token=world.tokens["secretary"],
    )

    # Then the step says what happened in the schema's terms
    assert "errors" not in body, body
    assert body["data"]["recentEvents"][-1] == {
        "type": "PETITION_TRANSITIONED",
        "payload": {
            "subjectId": petition["id"],
            "organizationId": world.org_id("grid_a1"),
            "action": "ACCEPT",
            "fromStatus": "SUBMITTED",
            "toStatus": "ACCEPTED",
            "categoryId": codes["PS-FACILITY"],
            "version": 2,
        },
    }


def _subject_id(declared: DeclaredPayload) -> str | None:
    return to_global_id(declared.subject, SUBJECT_ID) if declared.subject else None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def test_a_stored_value_the_payload_cannot_read_is_null_not_a_broken_stream() -> None:
    # given a petition step logged with a status no schema enum knows
    row = EventRow(
        id=1,
        type=EventType.PETITION_TRANSITIONED.value,
        org_path="/1/5/",
        entity_type="petition",
        entity_id=SUBJECT_ID,
        payload={"changes": {"from": "archived", "to": "accepted"}},
    )
    # when its payload is built
    payload = build_payload(row)
    # then that field is null and the others read
    assert (getattr(payload, "from_status", "?"), getattr(payload, "to_status", "?")) == (
        None,
        PetitionStatus.ACCEPTED,
    )
