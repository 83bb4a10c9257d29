"""Writing reminders: insert each at most once (a duplicate is skipped, not an error), and
mark them read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import core_table
from db.reminders.models import ReminderRow
from db.reminders.queries import COLUMNS, ReminderRecord

_R = core_table(ReminderRow).c
_ONCE = ["rule", "account_id", "period", "subject_key"]
_CHUNK = 500


async def insert_new_reminders(
    session: AsyncSession, drafts: Sequence[dict[str, Any]]
) -> list[ReminderRecord]:
    """Insert the drafts (ReminderRow's columns) whose (rule, person, period, subject) is new;
    the inserted ones, in id order. Another transaction inserting the same key at the same
    time waits for it on PostgreSQL, then skips it: each reminder exists once."""
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    inserted: list[ReminderRecord] = []
    for start in range(0, len(drafts), _CHUNK):
        statement = (
            dialect.insert(ReminderRow.__table__)
            .values(list(drafts[start : start + _CHUNK]))
            .on_conflict_do_nothing(index_elements=_ONCE)
            .returning(*COLUMNS)
        )
        inserted += [ReminderRecord(*row) for row in await session.execute(statement)]
    return sorted(inserted, key=lambda record: record.id)


async def mark_read(
    session: AsyncSession, account_id: int, ids: Sequence[int] | None, now: datetime
) -> list[int]:
    """Mark the person's unread reminders read (`ids`, or all of them when None); the IDs that
    changed. Another person's IDs match nothing."""
    statement = (
        update(core_table(ReminderRow))
        .where(_R.account_id == account_id, _R.read_at.is_(None))
        .values(read_at=now)
        .returning(_R.id)
    )
    if ids is not None:
        statement = statement.where(_R.id.in_(list(ids)))
    return sorted(row[0] for row in await session.execute(statement))


async def owned_ids(session: AsyncSession, account_id: int, ids: Sequence[int]) -> set[int]:
    """Which of `ids` are the person's reminders."""
    query = select(_R.id).where(_R.account_id == account_id, _R.id.in_(list(ids)))
    return set(await session.scalars(query))
