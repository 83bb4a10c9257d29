"""What a key may hold and how long things last: the settings of API keys (server.Settings
fills them; the defaults serve tools and tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from resolvers.access import EVENT_PERMISSIONS, Permission

# Keys read: what partners and services build on is statistics, the registry and events.
# Writing stays with people (audited by name) and with devices (their own tokens feed
# telemetry: resolvers/stations/telemetry.py); personal data is unmasked only for a person.
GRANTABLE: frozenset[Permission] = frozenset(
    p for p in Permission if p.value.startswith("read_") and p is not Permission.READ_PERSONAL_DATA
)
# Why a key's mutation is refused (over HTTP with 403; in a websocket `subscribe` message as
# its error).
KEY_WRITES = (
    "API keys only read: a mutation needs a person's sign-in (the login mutation), and "
    "devices send telemetry with their own tokens."
)
# The event entity types a key may be limited to: those delivered under a permission a key
# may hold (never access events: those are administrators').
EVENT_ENTITY_TYPES: frozenset[str] = frozenset(
    entity for entity, permission in EVENT_PERMISSIONS.items() if permission in GRANTABLE
)


@dataclass(frozen=True, slots=True)
class KeyPolicy:
    # How long the previous secret keeps working after a rotation (two live at once).
    rotation_grace: timedelta = timedelta(hours=24)
    # The longest expiry a key may be given.
    max_lifetime: timedelta = timedelta(days=366)
    # How often open websockets re-check their credential (and the longest a key's viewer is
    # cached): a revoked key stops working within this many seconds, on every instance.
    check_seconds: float = 5.0
    # How often counted key uses are written to the database.
    usage_flush_seconds: float = 30.0
