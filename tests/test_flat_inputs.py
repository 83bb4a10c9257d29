"""Flat inputs: built from graphql-core's coerced values in one constructor call."""

from __future__ import annotations

from datetime import UTC, datetime

from graphql import GraphQLInputObjectType, get_named_type, is_leaf_type
from strawberry.schema.config import StrawberryConfig
from strawberry.types.arguments import InputContext
from strawberry.types.base import get_object_definition

from schema.stations.enums import ReadingKind, ServiceType
from schema.stations.telemetry import ReadingInput
from transport.schema import build_schema

MOMENT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
CONTEXT = InputContext(info=None, config=StrawberryConfig(), scalar_registry={}, path=())


def build(value: dict[str, object]) -> ReadingInput:
    from_input = get_object_definition(ReadingInput, strict=True).from_input
    assert from_input is not None
    built = from_input(ReadingInput, value, CONTEXT)
    assert isinstance(built, ReadingInput)
    return built


def test_a_flat_input_has_only_scalar_and_enum_fields() -> None:
    kind = build_schema()._schema.get_type("ReadingInput")
    assert isinstance(kind, GraphQLInputObjectType)
    assert all(is_leaf_type(get_named_type(field.type)) for field in kind.fields.values())


def test_every_field_is_taken_from_the_coerced_value() -> None:
    # Given a coerced value naming every field by its GraphQL name
    value = {
        "deviceToken": "t",
        "seq": 7,
        "occurredAt": MOMENT,
        "kind": ReadingKind.SERVICE,
        "value": 3,
        "serviceType": ServiceType.PARTY_AFFAIRS,
    }
    # When the input is built
    built = build(value)
    # Then each field holds its value
    assert (built.device_token, built.seq, built.occurred_at) == ("t", 7, MOMENT)
    assert (built.kind, built.value, built.service_type) == (
        ReadingKind.SERVICE,
        3,
        ServiceType.PARTY_AFFAIRS,
    )


def test_omitted_fields_keep_their_defaults() -> None:
    built = build({"deviceToken": "t", "seq": 1, "occurredAt": MOMENT, "kind": ReadingKind.LEFT})
    assert (built.value, built.service_type) == (1, None)
