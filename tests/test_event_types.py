"""Event types are declared once (db/events/types.py) and every layer reads the same list."""

from __future__ import annotations

from db.events.types import EntityType, EventType
from resolvers.access import EVENT_PERMISSIONS
from schema.events.types import EVENT_TYPES
from transport.schema import build_schema


def test_every_type_clients_receive_has_a_read_permission_and_a_graphql_event_type() -> None:
    # given the event types that carry a description for clients
    delivered = [kind for kind in EventType if kind.delivered]
    # then each is about an entity type someone may read, with a GraphQL event type for it
    assert delivered
    assert [kind for kind in delivered if kind.entity_type not in EVENT_PERMISSIONS] == []
    assert [kind for kind in delivered if kind.entity_type not in EVENT_TYPES] == []


def test_internal_event_types_are_about_entities_no_client_receives() -> None:
    # given the entity types of internal events (telemetry's wake-ups, the taxonomy's changes)
    internal = {kind.entity_type for kind in EventType if not kind.delivered}
    # then no viewer holds a permission to receive them, whatever its roles
    assert internal
    assert internal.isdisjoint(EVENT_PERMISSIONS)
    assert set(EVENT_PERMISSIONS) <= set(EntityType)


def test_the_graphql_enum_lists_exactly_the_delivered_types_with_their_descriptions() -> None:
    # when the served schema is built
    enum = build_schema()._schema.get_type("EventType")
    # then its values are the delivered types, named and described as declared
    values = getattr(enum, "values", {})
    described = {name: value.description for name, value in values.items()}
    assert described == {kind.name: kind.description for kind in EventType if kind.delivered}
