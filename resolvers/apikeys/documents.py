"""Holding an API key to its own trusted documents 可信文档: the SHA-256 hashes of the only
documents it may run (transport/trusted_documents.py `check_key_documents` enforces them).
Audited and heard as API_KEY_DOCUMENTS_SET; a conditional update on the key's version."""

from __future__ import annotations

import re

from db.apikeys.queries import ApiKeyRecord, keys_by_ids
from db.apikeys.writes import set_trusted_documents
from db.events.types import EventType
from resolvers.apikeys.writes import RETRY, administered_key, record_key_step
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict

MAX_TRUSTED_DOCUMENTS = 500
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def _checked_hashes(hashes: list[str] | None) -> str | None:
    if hashes is None:
        return None
    cleaned = sorted({value.strip().lower() for value in hashes})
    if not cleaned or len(cleaned) > MAX_TRUSTED_DOCUMENTS:
        raise BadUserInput(
            f"Give 1 to {MAX_TRUSTED_DOCUMENTS} document hashes, or null to let the key run "
            "any document the instance allows.",
            field="documentHashes",
        )
    wrong = [value for value in cleaned if not SHA256_HEX.fullmatch(value)]
    if wrong:
        raise BadUserInput(
            f"{wrong[0][:70]!r} is not a SHA-256 hex digest: give each document's SHA-256 "
            "(64 hex digits of its UTF-8 text), as persisted-query manifests list them.",
            field="documentHashes",
        )
    return ",".join(cleaned)


async def resolve_set_trusted_documents(
    context: Context, key_id: int, hashes: list[str] | None
) -> ApiKeyRecord:
    """Hold the key to these documents (None: lift the hold); at once here, within
    `check_seconds` on other instances (their cached viewers of the key expire)."""
    account_id = context.require_account()
    stored = _checked_hashes(hashes)
    key = await administered_key(context, key_id)
    async with change(context, account_id, conflict=RETRY) as changes:
        if not await set_trusted_documents(changes.session, key.id, key.version, stored):
            raise Conflict("The key changed meanwhile (rotated or revoked): read it again.")
        record = (await keys_by_ids(changes.session, [key.id]))[key.id]
        record_key_step(changes, EventType.API_KEY_DOCUMENTS_SET, record)
    context.services.viewers.forget_all()
    return record
