"""Reads of a person's reminders: records by ID, their list (unread first, newest first within
each part), and the unread count."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import KeyedColumnElement

from db.base import core_table
from db.compiled_reads import read_rows
from db.list_shapes import ListQuery, Shape
from db.records import ByKeys, Connectable, record_columns, row_record
from db.reminders.models import ReminderRow


@row_record
class ReminderRecord:
    id: int
    account_id: int
    rule: str
    period: str
    subject_type: str | None
    subject_id: int | None
    title: str
    body: str
    due_at: datetime | None
    created_at: datetime
    read_at: datetime | None


COLUMNS = record_columns(ReminderRecord, ReminderRow)
_R = core_table(ReminderRow).c
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _R.id)

# The list's order as one non-negative integer key, so it pages like every other list: every
# unread reminder before every read one, the newest first within each part. A reminder read
# while a client pages moves to the read part.
_READ_OFFSET = 1 << 50
LIST_KEY: KeyedColumnElement[int] = (
    case((_R.read_at.is_(None), 0), else_=_READ_OFFSET) + (_READ_OFFSET - 1 - _R.id)
).label("position")


@row_record
class ListedReminder:
    """A reminder as listed, with its place in the list (`position`, the LIST_KEY)."""

    record: ReminderRecord
    position: int

    @classmethod
    def of_row(cls, *row: Any) -> ListedReminder:
        """From a row of `reminder_list`: the record's columns, then the position."""
        return cls(ReminderRecord(*row[:-1]), row[-1])


async def reminders_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, ReminderRecord]:
    return {row[0]: ReminderRecord(*row) for row in await _BY_ID.rows(connection, ids)}


def reminder_list(account_id: int, *, unread_only: bool) -> ListQuery:
    """One person's reminders with their list position (page by LIST_KEY)."""
    return ListQuery(_reminders, (unread_only,), {"account": account_id})


def _reminders(dialect: str, shape: Shape) -> Select[Any]:
    (unread_only,) = shape
    query = select(*COLUMNS, LIST_KEY).where(_R.account_id == bindparam("account"))
    if unread_only:
        query = query.where(_R.read_at.is_(None))
    return query


Column = InstrumentedAttribute[Any] | ColumnElement[Any]


def not_yet_reminded(
    rule: str, account_id: Column, subject_id: Column, due_at: Column
) -> ColumnElement[bool]:
    """SQL for a rule's query: no reminder of `rule` to that person about that subject, due
    then, exists yet. What was reminded drops out of the query, so a rule's LIMIT never
    starves the rest on a busy day (the next run reaches them)."""
    return ~exists().where(
        _R.rule == rule,
        _R.subject_id == subject_id,
        _R.account_id == account_id,
        _R.due_at == due_at,
    )


_UNREAD = select(func.count()).where(_R.account_id == bindparam("account"), _R.read_at.is_(None))


async def unread_count(connection: Connectable, account_id: int) -> int:
    rows = await read_rows(connection, _UNREAD, {"account": account_id})
    return int(rows[0][0] or 0) if rows else 0
