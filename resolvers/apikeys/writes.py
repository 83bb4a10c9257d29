"""Creating, rotating and revoking API keys. Each validates first and then either fully
happens or changes nothing; rotation and revocation are conditional updates on the key's
version, so of two concurrent ones the second is a CONFLICT. Each is audited and heard as an
event (never with the secret) by the administrators of the key's scope. After a rotation or
revocation this instance forgets its cached viewers at once; other instances' caches hold a
key's viewer for at most `KeyPolicy.check_seconds`, and their open sockets re-check as often."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.apikeys.queries import ApiKeyRecord, keys_by_ids
from db.apikeys.writes import insert_key, revoke_key, rotate_key
from db.base import utcnow
from db.events.types import EventType
from resolvers.access import Permission, Viewer, event_permissions
from resolvers.apikeys.key_format import full_key, hash_secret, new_public_id, new_secret
from resolvers.apikeys.policy import EVENT_ENTITY_TYPES, GRANTABLE
from resolvers.apikeys.reads import administers, require_key_administrator, resolve_key_by_id
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, NotFound

MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class KeyDraft:
    name: str
    organization_id: int
    permissions: tuple[Permission, ...]
    event_types: tuple[str, ...]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A key as just created or rotated, with its secret: the only time it is shown."""

    key: ApiKeyRecord
    secret: str


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise BadUserInput(
            f"Name the key (1 to {MAX_NAME} characters), e.g. the partner and its use.",
            field="name",
        )
    return name


def _checked_expiry(context: Context, expires_at: datetime, now: datetime) -> datetime:
    longest = context.services.keys.max_lifetime
    if expires_at.tzinfo is None:
        raise BadUserInput("Give the expiry with its time zone.", field="expiresAt")
    if expires_at <= now or expires_at > now + longest:
        raise BadUserInput(
            f"The expiry must lie in the future and within {longest.days} days from now.",
            field="expiresAt",
        )
    return expires_at


def check_grants(
    viewer: Viewer, path: str, permissions: tuple[Permission, ...], event_types: tuple[str, ...]
) -> None:
    """A key holds at least one permission, only grantable ones, only what its creator holds
    at its scope; its event types are delivered ones whose permission it holds."""
    if not permissions:
        raise BadUserInput("Grant the key at least one permission.", field="permissions")
    for permission in permissions:
        if permission not in GRANTABLE:
            raise BadUserInput(
                f"A key cannot hold {permission.value}: keys only read (statistics, the "
                "registry, events), never personal data; devices write telemetry with their "
                "own tokens.",
                field="permissions",
            )
        if not viewer.can(permission, path):
            raise Forbidden(
                f"You cannot grant {permission.value} there: you do not hold it on that "
                "organisation. Grant only what you hold.",
                field="permissions",
                permission=permission.value,
            )
    for entity_type in event_types:
        if entity_type not in EVENT_ENTITY_TYPES:
            raise BadUserInput(f"No events are about {entity_type!r}.", field="eventTypes")
        needed = event_permissions(entity_type)
        if not set(needed) & set(permissions):
            raise BadUserInput(
                f"Events about {entity_type} need {' or '.join(p.value for p in needed)}: "
                "grant it too, or leave that type out.",
                field="eventTypes",
            )


async def resolve_create_key(context: Context, draft: KeyDraft) -> IssuedKey:
    account_id = context.require_account()
    require_key_administrator(context)
    now = utcnow()
    name = _checked_name(draft.name)
    expires_at = _checked_expiry(context, draft.expires_at, now)
    scope = await context.loaders.organizations.by_id.load(draft.organization_id)
    if scope is None or not administers(context.viewer, scope.path):
        raise NotFound(
            "No organisation you administer has that ID: a key's scope lies within your subtree.",
            field="organizationId",
        )
    permissions = tuple(sorted(set(draft.permissions)))
    event_types = tuple(sorted(set(draft.event_types)))
    check_grants(context.viewer, scope.path, permissions, event_types)
    public_id, secret = new_public_id(), new_secret()
    async with change(context, account_id, conflict=RETRY) as changes:
        key_id = await insert_key(
            changes.session,
            {
                "public_id": public_id,
                "name": name,
                "organization_id": scope.id,
                "permissions": ",".join(p.value for p in permissions),
                "event_types": ",".join(event_types),
                "created_by": account_id,
                "created_at": now,
                "expires_at": expires_at,
                "secret_hash": hash_secret(secret),
                "use_count": 0,
                "version": 1,
            },
        )
        record = (await keys_by_ids(changes.session, [key_id]))[key_id]
        record_key_step(changes, EventType.API_KEY_CREATED, record)
    return IssuedKey(record, full_key(public_id, secret))


RETRY = "The key changed meanwhile; read it again and retry."


def record_key_step(changes: ChangeSet, event_type: EventType, key: ApiKeyRecord) -> None:
    """The audit entry and event of a key's step: what it grants and until when, never a
    secret or its hash."""
    hashes = key.trusted_hashes
    changes.record(
        event_type,
        key.id,
        at=key.org_path,
        changes={
            "name": key.name,
            "permissions": list(key.permission_values),
            "expiresAt": key.expires_at.isoformat(),
            "previousUntil": key.previous_until.isoformat() if key.previous_until else None,
            "trustedDocuments": None if hashes is None else len(hashes),
        },
    )


async def administered_key(context: Context, key_id: int) -> ApiKeyRecord:
    """The live key of that id within the viewer's administered subtrees, or the error."""
    require_key_administrator(context)
    key = await resolve_key_by_id(context, key_id)
    if key is None:
        raise NotFound("No API key you administer has that ID.", field="id")
    if key.revoked_at is not None:
        raise Conflict("That key is revoked already: create a new one.")
    return key


async def resolve_rotate_key(context: Context, key_id: int) -> IssuedKey:
    """A new secret; the current one works on for the rotation grace (then dies)."""
    account_id = context.require_account()
    key = await administered_key(context, key_id)
    now = utcnow()
    secret = new_secret()
    async with change(context, account_id, conflict=RETRY) as changes:
        done = await rotate_key(
            changes.session,
            key.id,
            key.version,
            secret_hash=hash_secret(secret),
            previous_hash=key.secret_hash,
            previous_until=now + context.services.keys.rotation_grace,
            now=now,
        )
        if not done:
            raise Conflict("The key changed meanwhile (rotated or revoked): read it again.")
        record = (await keys_by_ids(changes.session, [key.id]))[key.id]
        record_key_step(changes, EventType.API_KEY_ROTATED, record)
    context.services.viewers.forget_all()
    return IssuedKey(record, full_key(key.public_id, secret))


async def resolve_revoke_key(context: Context, key_id: int) -> ApiKeyRecord:
    """Both secrets stop working: at once here, within `check_seconds` everywhere."""
    account_id = context.require_account()
    key = await administered_key(context, key_id)
    async with change(context, account_id, conflict=RETRY) as changes:
        if not await revoke_key(changes.session, key.id, key.version, by=account_id, now=utcnow()):
            raise Conflict("The key changed meanwhile (rotated or revoked): read it again.")
        record = (await keys_by_ids(changes.session, [key.id]))[key.id]
        record_key_step(changes, EventType.API_KEY_REVOKED, record)
    context.services.viewers.forget_all()
    return record
