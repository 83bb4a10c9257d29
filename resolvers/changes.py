"""Recording a change: the one way every writer leaves its trace (audit entry and event).

Mutations, background jobs and device telemetry alike write inside a `ChangeSet`: `change()`
for a mutation (its viewer is the actor; a constraint that refuses the change is CONFLICT),
`recording()` for a job or an ingest (no actor). The writer passes `changes.session` to db/
functions and calls `changes.record(...)` once per event. `record` only collects; when the
block ends, the audit entries (of the event types that are audited) and the events are written
in one statement each, as the transaction's last statements, so on PostgreSQL the lock that
orders event ids is held for one round trip and the commit. The events are published once
the transaction has committed, and never if it rolled back.

Where an event happened: `at` is the path of the organisation whose subtree hears of it;
`also_at` names the other places an event concerns (a move, a transfer). The log keeps them
all (`org_path` from `at`, the others in `also_paths`, indexed in `event_places`), and every
viewer whose scope covers any of them receives the event, in queries and subscriptions alike.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from db.audit import write_audit_entries
from db.engine import Database, Session
from db.errors import ConstraintViolation
from db.events.log import append_events
from db.events.types import EventType
from resolvers.context import Context
from resolvers.errors import Conflict

# Announces committed events (EventHub.publish): a job or an ingest gets it from its caller.
Publish = Callable[[Iterable[int]], Awaitable[None]]


class ChangeSet:
    """The events (and audit entries) of one transaction, written last and published after."""

    def __init__(self, session: Session, account_id: int | None) -> None:
        self.session = session
        self.account_id = account_id  # the actor; None for the system (jobs, devices)
        self.event_ids: list[int] = []  # filled once written
        self._events: list[dict[str, Any]] = []
        self._audit: list[dict[str, Any]] = []

    def record(
        self,
        event_type: EventType,
        entity_id: int,
        *,
        at: str,
        changes: Mapping[str, Any],
        also_at: Sequence[str] = (),
    ) -> None:
        """An event about the entity `entity_id` (of the type's entity type), at the path `at`
        (and `also_at`). `changes` is what clients read: it must hold no personal data."""
        payload: dict[str, Any] = {"changes": dict(changes)}
        others = sorted({path for path in also_at if path != at})
        entity_type = event_type.entity_type.value
        self._events.append(
            {
                "type": event_type.value,
                "org_path": at,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "account_id": self.account_id,
                "payload": payload,
                "also_paths": others or None,
            }
        )
        if event_type.audited:
            self._audit.append(
                {
                    "account_id": self.account_id,
                    "action": event_type.value,
                    "entity_type": entity_type,
                    "entity_id": entity_id,
                    "detail": dict(changes),
                }
            )

    def count(self, event_type: EventType) -> int:
        """How many events of the type were recorded so far."""
        return sum(event["type"] == event_type.value for event in self._events)

    async def write(self) -> None:
        """Write the audit entries and append the events (the transaction's last work)."""
        await write_audit_entries(self.session, self._audit)
        self.event_ids = await append_events(self.session, self._events)


@asynccontextmanager
async def recording(
    database: Database, publish: Publish, *, account_id: int | None = None
) -> AsyncIterator[ChangeSet]:
    """One all-or-nothing transaction that records its changes; published after commit.
    A constraint that refuses the work raises `ConstraintViolation` (nothing is written)."""
    async with database.transaction() as session:
        changes = ChangeSet(session, account_id)
        yield changes
        await changes.write()
    await publish(changes.event_ids)


@asynccontextmanager
async def change(context: Context, account_id: int, *, conflict: str) -> AsyncIterator[ChangeSet]:
    """A mutation's transaction, acted by `account_id`; `conflict` is the message shown when a
    uniqueness constraint refuses the change."""
    services = context.services
    try:
        async with recording(
            services.database, services.hub.publish, account_id=account_id
        ) as changes:
            yield changes
    except ConstraintViolation:
        raise Conflict(conflict) from None
