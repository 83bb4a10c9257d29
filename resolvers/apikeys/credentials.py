"""An API key as a viewer, and the one rule saying whether a presented key works now.

A key's viewer has no account of its own (`account_id` is KEY_ACCOUNT, as a shared
subscription execution's has: it owns nothing, reads nothing personal, and is refused every
mutation at the transport), one binding on its scope with exactly the key's permissions, and
the event entity types it was limited to. Whether the key still works is asked again by open
websockets every few seconds (transport/credentials.py) with `key_problem`, so a revoked or
expired key, or a previous secret past its grace, ends there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.accounts.models import Role
from db.apikeys.queries import ApiKeyRecord, key_by_public_id
from db.engine import Database
from resolvers.access import Binding, Permission, Viewer
from resolvers.apikeys.key_format import PREFIX, PresentedKey, parse_key, secret_matches

# The account id a key's viewer acts as: none (ids start at 1), as resolvers/share_identity.py
# SHARED_ACCOUNT. Nothing can be written or owned under it.
KEY_ACCOUNT = 0

# Close reasons and refusal texts (README: "Websocket close codes").
KEY_UNKNOWN = "API key unknown"
KEY_REVOKED = "API key revoked"
KEY_EXPIRED = "API key expired"
KEY_ROTATED = "API key rotated"


@dataclass(frozen=True, slots=True)
class KeyCheck:
    """A presented key: its viewer and until when it may be trusted, or why it is refused."""

    viewer: Viewer
    problem: str | None
    valid_until: datetime | None


def key_problem(record: ApiKeyRecord | None, presented: PresentedKey, now: datetime) -> str | None:
    """Why the presented key does not work at `now`, or None when it does."""
    if record is None:
        return KEY_UNKNOWN
    current = secret_matches(presented.secret, record.secret_hash)
    previous = not current and secret_matches(presented.secret, record.previous_hash)
    if not current and not previous:
        return KEY_UNKNOWN  # a wrong secret tells nothing about the key
    if record.revoked_at is not None:
        return KEY_REVOKED
    if record.expires_at <= now:
        return KEY_EXPIRED
    if previous and (record.previous_until is None or record.previous_until <= now):
        return KEY_ROTATED
    return None


def key_viewer(record: ApiKeyRecord) -> Viewer:
    granted = frozenset(Permission(value) for value in record.permission_values)
    return Viewer(
        account_id=KEY_ACCOUNT,
        username=f"{PREFIX}{record.public_id}_",  # the key's public start, never its secret
        display_name=record.name,
        bindings=(Binding(Role.PARTNER, record.organization_id, record.org_path, granted),),
        api_key_id=record.id,
        event_types=frozenset(record.event_type_values),
        trusted_documents=record.trusted_hashes,
    )


def _valid_until(record: ApiKeyRecord, presented: PresentedKey) -> datetime:
    if record.previous_until is not None and not secret_matches(
        presented.secret, record.secret_hash
    ):
        return min(record.expires_at, record.previous_until)
    return record.expires_at


async def check_key(database: Database, credential: str, now: datetime) -> KeyCheck:
    presented = parse_key(credential)
    if presented is None:
        return KeyCheck(Viewer(), KEY_UNKNOWN, None)
    async with database.read() as connection:
        record = await key_by_public_id(connection, presented.public_id)
    problem = key_problem(record, presented, now)
    if problem is not None or record is None:
        return KeyCheck(Viewer(), problem or KEY_UNKNOWN, None)
    return KeyCheck(key_viewer(record), None, _valid_until(record, presented))
