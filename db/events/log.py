"""The durable event log (outbox): appended in the writer's transaction, read by cursor.

Where an event happened: `org_path`, the place whose subtree hears of it. An event that
concerns several places (a transfer between two branches, an organisation or a member moving)
also carries the others in `also_paths`, and each of them has a row in `event_places`, so a
scoped read of the log finds it from any of its places by an index range, as it finds a
one-place event by `org_path`. One-place events (nearly all) write no `event_places` row and
leave `also_paths` null: they cost what they did before places were several.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    ForeignKey,
    String,
    bindparam,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, PathString, UtcDateTime, utcnow
from db.paths import within_any

# Any constant: PostgreSQL serialises event appends with it so ids commit in id order.
EVENT_APPEND_LOCK = 7_326_001


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    # The organisation the event concerns; scope filters compare against it.
    org_path: Mapped[str] = mapped_column(PathString, index=True)
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    account_id: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The other places the event concerns (null for one place): who may see any of them hears
    # of it. Read in memory by the hub and the access rules; `event_places` indexes them.
    also_paths: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))


class EventPlaceRow(Base):
    """An event's other place (`EventRow.also_paths`), keyed for subtree ranges."""

    __tablename__ = "event_places"

    org_path: Mapped[str] = mapped_column(PathString, primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )


def in_scope(
    scope: Sequence[str], *, after: int | None = None, before: int | None = None
) -> ColumnElement[bool]:
    """SQL condition: the event happened in one of the subtrees, at its own place or at any
    of its other places (`after`/`before` bound the other places' lookup as the caller bounds
    the log)."""
    places = select(EventPlaceRow.event_id).where(within_any(EventPlaceRow.org_path, scope))
    if after is not None:
        places = places.where(EventPlaceRow.event_id > after)
    if before is not None:
        places = places.where(EventPlaceRow.event_id < before)
    return or_(within_any(EventRow.org_path, scope), EventRow.id.in_(places))


def places_of(row: EventRow) -> tuple[str, ...]:
    """Every place the event concerns, its own first."""
    also = row.also_paths
    return (row.org_path, *also) if also else (row.org_path,)


async def append_event(
    session: AsyncSession,
    *,
    type: str,
    org_path: str,
    entity_type: str,
    entity_id: int,
    account_id: int | None,
    payload: dict[str, Any] | None = None,
    also_paths: Sequence[str] | None = None,
) -> EventRow:
    """Append within the caller's transaction; call it last, just before commit.

    On PostgreSQL a transaction-scoped advisory lock makes appends commit in id order, so a
    reader that has seen id N can never later find a smaller id appear (no gaps for cursors).
    SQLite has a single writer, which gives the same guarantee.
    """
    await _serialise_appends(session)
    row = EventRow(
        type=type,
        org_path=org_path,
        entity_type=entity_type,
        entity_id=entity_id,
        account_id=account_id,
        payload=payload or {},
        occurred_at=utcnow(),
        also_paths=list(also_paths) if also_paths else None,
    )
    session.add(row)
    await session.flush()
    await _add_places(session, [row.id], [row.also_paths])
    return row


async def append_events(session: AsyncSession, events: Sequence[dict[str, Any]]) -> list[int]:
    """Append several events (append_event's keyword arguments each) in one statement; their
    ids in order. Call it last: the transaction's other changes are flushed first, and on
    PostgreSQL the serialising lock is taken by that same statement, so it is held for one
    round trip and the commit, however busy the caller's event loop."""
    if not events:
        return []
    await session.flush()
    now = utcnow()
    rows = [{"payload": {}, "also_paths": None, **event, "occurred_at": now} for event in events]
    if session.get_bind().dialect.name != "postgresql":
        statement = insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True)
        ids = list(await session.scalars(statement, rows))
    else:
        columns = {name: [row[name] for row in rows] for name in _UNNESTED}
        payloads = [json.dumps(payload) for payload in columns.pop("payload")]
        also = [json.dumps(paths) if paths else None for paths in columns.pop("also_paths")]
        found = await session.scalars(
            _APPEND, {**columns, "payloads": payloads, "also": also, "occurred_at": now}
        )
        ids = sorted(found)
    await _add_places(session, ids, [row["also_paths"] for row in rows])
    return ids


async def _add_places(
    session: AsyncSession, ids: Sequence[int], also: Sequence[Sequence[str] | None]
) -> None:
    """Index the other places of the events that have some (no statement when none has)."""
    places = [
        {"event_id": event_id, "org_path": path}
        for event_id, paths in zip(ids, also, strict=True)
        for path in sorted(set(paths or ()))
    ]
    if places:
        await session.execute(insert(EventPlaceRow), places)


_UNNESTED = (
    "type",
    "org_path",
    "entity_type",
    "entity_id",
    "account_id",
    "payload",
    "also_paths",
)
# The rows come as one array per column, so the statement's text is the same whatever the
# batch: SQLAlchemy compiles it once (a VALUES list of literals compiled on every append).
_APPEND = text(
    """
    INSERT INTO events (type, org_path, entity_type, entity_id, account_id, payload, occurred_at,
                        also_paths)
    SELECT fresh.type, fresh.org_path, fresh.entity_type, fresh.entity_id, fresh.account_id,
           CAST(fresh.payload AS json), :occurred_at, CAST(fresh.also AS json)
    FROM (SELECT pg_advisory_xact_lock(:lock)) AS held,
         unnest(CAST(:type AS text[]), CAST(:org_path AS text[]), CAST(:entity_type AS text[]),
                CAST(:entity_id AS bigint[]), CAST(:account_id AS bigint[]),
                CAST(:payloads AS text[]), CAST(:also AS text[]))
           WITH ORDINALITY
           AS fresh(type, org_path, entity_type, entity_id, account_id, payload, also, position)
    ORDER BY fresh.position
    RETURNING id
    """
).bindparams(
    bindparam("occurred_at", type_=UtcDateTime()),
    bindparam("lock", value=EVENT_APPEND_LOCK),
)


async def _serialise_appends(session: AsyncSession) -> None:
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_APPEND_LOCK}
        )


async def read_events_after(
    session: AsyncSession,
    after: int,
    *,
    scope: Sequence[str] | None = None,
    limit: int = 500,
) -> list[EventRow]:
    """Events with id > `after` in id order, limited to the subtrees in `scope` when given
    (an event with several places is in scope when any of them is)."""
    query = select(EventRow).where(EventRow.id > after).order_by(EventRow.id).limit(limit)
    if scope is not None:
        query = query.where(in_scope(scope, after=after))
    return list(await session.scalars(query))


async def last_event_id(session: AsyncSession) -> int:
    return (await session.scalar(select(func.max(EventRow.id)))) or 0
