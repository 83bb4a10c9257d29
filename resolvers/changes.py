"""Recording a change: its audit entry and its domain event, inside the writer's transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import write_audit_entries
from db.events.log import append_event
from resolvers.context import Context
from resolvers.errors import Conflict


class ChangeSet:
    """Collects the events of one transaction so they are published only after it commits."""

    def __init__(self, session: AsyncSession, account_id: int) -> None:
        self.session = session
        self.account_id = account_id
        self.event_ids: list[int] = []

    async def record(
        self,
        *,
        event_type: str,
        org_path: str,
        entity_type: str,
        entity_id: int,
        changes: dict[str, Any],
    ) -> None:
        """Audit the change and append its event; `changes` must hold no personal data."""
        await write_audit_entries(
            self.session,
            [
                {
                    "account_id": self.account_id,
                    "action": event_type,
                    "entity_type": entity_type,
                    "entity_id": entity_id,
                    "detail": changes,
                }
            ],
        )
        event = await append_event(
            self.session,
            type=event_type,
            org_path=org_path,
            entity_type=entity_type,
            entity_id=entity_id,
            account_id=self.account_id,
            payload={"changes": changes},
        )
        self.event_ids.append(event.id)


@asynccontextmanager
async def change(context: Context, account_id: int, *, conflict: str) -> AsyncIterator[ChangeSet]:
    """One all-or-nothing transaction; its events are published once it has committed.

    `conflict` is the message shown when a uniqueness constraint refuses the change.
    """
    database = context.services.database
    try:
        async with database.transaction() as session:
            changes = ChangeSet(session, account_id)
            yield changes
    except IntegrityError:
        raise Conflict(conflict) from None
    await context.services.hub.publish(changes.event_ids)
