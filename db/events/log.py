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
    ForeignKey,
    String,
    bindparam,
    func,
    insert,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, aliased, mapped_column

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
    # indexed alone too: a read of the whole log after a cursor finds the recent ones by it
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )


async def read_scoped(
    session: AsyncSession,
    scope: Sequence[str],
    *,
    limit: int,
    after: int | None = None,
    before: int | None = None,
    entity_types: Sequence[str] | None = None,
) -> list[EventRow]:
    """Up to `limit` events of the subtrees at any of their places, in id order (newest first
    with `before`), in one statement: the `org_path` range as a one-place log would read it,
    and beside it the `event_places` range (an OR of the two would cost the log its org_path
    index: a scan where a small subtree's range read its few events)."""
    newest_first = after is None  # a first paint reads back from the head
    arms = []
    for arm, (query, places) in enumerate(
        (
            (select(EventRow), within_any(EventRow.org_path, scope)),
            (
                select(EventRow).join(EventPlaceRow, EventPlaceRow.event_id == EventRow.id),
                within_any(EventPlaceRow.org_path, scope),
            ),
        )
    ):
        query = query.where(places)
        if after is not None:
            query = query.where(EventRow.id > after)
        if before is not None:
            query = query.where(EventRow.id < before)
        if entity_types is not None:
            query = query.where(EventRow.entity_type.in_(entity_types))
        order = EventRow.id.desc() if newest_first else EventRow.id
        arms.append(
            select(query.order_by(order).limit(limit).subquery(), literal(arm).label("arm"))
        )
    both = union_all(*arms).subquery()
    row = aliased(EventRow, both)
    found = await session.execute(select(row, both.c.arm))
    parts: tuple[list[EventRow], list[EventRow]] = ([], [])
    for event, arm in found:
        parts[arm].append(event)
    for part in parts:
        part.sort(key=lambda event: event.id, reverse=newest_first)
    return _merged(*parts, limit, newest_first=newest_first)


def _merged(
    own: list[EventRow], others: list[EventRow], limit: int, *, newest_first: bool
) -> list[EventRow]:
    """The first `limit` events of two reads each limited to `limit`, each once (an event
    with two other places in the scope comes twice). A read that came back full may hold back
    events beyond its last: nothing past that last is returned, so the caller's next page
    (from the last returned) finds them."""
    rows = {row.id: row for row in (*own, *others)}
    ids = sorted(rows, reverse=newest_first)
    for part in (own, others):
        if len(part) >= limit:
            bound = part[-1].id
            ids = [i for i in ids if (i >= bound if newest_first else i <= bound)]
    return [rows[i] for i in ids[:limit]]


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
    if scope is not None:
        return await read_scoped(session, scope, limit=limit, after=after)
    query = select(EventRow).where(EventRow.id > after).order_by(EventRow.id).limit(limit)
    return list(await session.scalars(query))


async def last_event_id(session: AsyncSession) -> int:
    return (await session.scalar(select(func.max(EventRow.id)))) or 0
