"""Writing API keys: insert; rotate, revoke and hold to trusted documents as conditional
updates on the key's version (of two concurrent ones the second changes nothing); and the
batched use counts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import case, literal, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.apikeys.models import ApiKeyRow
from db.base import UtcDateTime, core_table

_K = core_table(ApiKeyRow).c


async def insert_key(session: AsyncSession, values: Mapping[str, Any]) -> int:
    row = ApiKeyRow(**values)
    session.add(row)
    await session.flush()
    return row.id


async def rotate_key(
    session: AsyncSession,
    key_id: int,
    version: int,
    *,
    secret_hash: str,
    previous_hash: str,
    previous_until: datetime,
    now: datetime,
) -> bool:
    """Put a new secret in place, the current one living on until `previous_until`; False
    when the key changed meanwhile (or is revoked)."""
    result = await session.execute(
        update(core_table(ApiKeyRow))
        .where(_K.id == key_id, _K.version == version, _K.revoked_at.is_(None))
        .values(
            secret_hash=secret_hash,
            previous_hash=previous_hash,
            previous_until=previous_until,
            rotated_at=now,
            version=version + 1,
        )
        .returning(_K.id)
    )
    return result.first() is not None


async def revoke_key(
    session: AsyncSession, key_id: int, version: int, *, by: int, now: datetime
) -> bool:
    """Revoke the key (both its secrets); False when it changed meanwhile or was revoked."""
    result = await session.execute(
        update(core_table(ApiKeyRow))
        .where(_K.id == key_id, _K.version == version, _K.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by=by, version=version + 1)
        .returning(_K.id)
    )
    return result.first() is not None


async def set_trusted_documents(
    session: AsyncSession, key_id: int, version: int, hashes: str | None
) -> bool:
    """Hold the key to these document hashes (None: any); False when it changed meanwhile or
    was revoked."""
    result = await session.execute(
        update(core_table(ApiKeyRow))
        .where(_K.id == key_id, _K.version == version, _K.revoked_at.is_(None))
        .values(trusted_documents=hashes, version=version + 1)
        .returning(_K.id)
    )
    return result.first() is not None


async def add_uses(session: AsyncSession, uses: Mapping[int, tuple[int, datetime]]) -> None:
    """Add counted uses (key id → (count, last use)) to the kept figures; a later last use
    never goes back in time when instances flush out of order."""
    for key_id, (count, used) in uses.items():
        last = literal(used, UtcDateTime())
        await session.execute(
            update(core_table(ApiKeyRow))
            .where(_K.id == key_id)
            .values(
                use_count=_K.use_count + count,
                last_used_at=case(
                    (_K.last_used_at.is_(None), last),
                    (_K.last_used_at < last, last),
                    else_=_K.last_used_at,
                ),
            )
        )
