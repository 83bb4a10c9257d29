"""The audit log: every mutation and every unmasked read of personal data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, UtcDateTime, utcnow


class AuditEntryRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    account_id: Mapped[int | None] = mapped_column(BigId, index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(BigId)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


async def write_audit_entries(session: AsyncSession, entries: Sequence[dict[str, Any]]) -> None:
    """Insert many entries in one statement; each has account_id, action, entity_type, ..."""
    if entries:
        now = utcnow()
        await session.execute(
            insert(AuditEntryRow), [{"at": now, "detail": {}, **entry} for entry in entries]
        )
