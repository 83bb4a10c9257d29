"""Typed event payloads 事件内容: the mechanism (declare.py) and one module per domain, each
declaring its event types' payloads. Importing this package registers them all."""

from schema.events.payloads import (
    access,
    co_building,
    departments,
    evaluation,
    learning,
    members,
    organisational_life,
    organizations,
    petitions,
    stations,
    transfers,
)
from schema.events.payloads.declare import PAYLOADS, EventPayload, build_payload

__all__ = [
    "PAYLOADS",
    "EventPayload",
    "access",
    "build_payload",
    "co_building",
    "departments",
    "evaluation",
    "learning",
    "members",
    "organisational_life",
    "organizations",
    "petitions",
    "stations",
    "transfers",
]
