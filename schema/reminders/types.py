"""Reminder types: a reminder 智慧提醒, and one delivered live with its cursor."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db.events.log import EventRow
from db.reminders.queries import ListedReminder, ReminderRecord
from resolvers.pagination import encode_cursor
from resolvers.reminders.reads import resolve_reminder_by_id
from schema.info import Info
from schema.relay import Node, to_global_id

TYPE_NAME = "Reminder"


@strawberry.type(
    description="A reminder 智慧提醒 for you: produced once per rule, period and subject."
)
class Reminder(Node):
    row: strawberry.Private[ReminderRecord]
    rule: str = strawberry.field(
        description="The rule that produced it 提醒规则 (e.g. `petition_due_soon`); stable."
    )
    period: str = strawberry.field(
        description="The period it is for 周期 (a day, a month or a deadline, as its rule names "
        "it)."
    )
    title: str = strawberry.field(description="Its title 标题.")
    body: str = strawberry.field(description="What to do, in a sentence 内容.")
    subject_id: strawberry.ID | None = strawberry.field(
        description="The global ID of what it is about (a petition, a meeting…) 关联对象; "
        "read it with `node(id:)`."
    )
    due_at: datetime | None = strawberry.field(description="When the thing is due 截止时间.")
    created_at: datetime = strawberry.field(description="When it was produced 提醒时间.")
    read_at: datetime | None = strawberry.field(description="When you marked it read 已读时间.")
    is_read: bool = strawberry.field(description="Whether you have marked it read 已读.")

    @classmethod
    def from_row(cls, row: ReminderRecord | ListedReminder) -> Reminder:
        if isinstance(row, ListedReminder):
            row = row.record
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            rule=row.rule,
            period=row.period,
            title=row.title,
            body=row.body,
            subject_id=to_global_id(row.subject_type, row.subject_id)
            if row.subject_type and row.subject_id is not None
            else None,
            due_at=row.due_at,
            created_at=row.created_at,
            read_at=row.read_at,
            is_read=row.read_at is not None,
        )


@strawberry.type(description="A new reminder, delivered live 新提醒.")
class ReminderDelivery:
    cursor: str = strawberry.field(
        description="游标 Pass the last one you received as `after` to resume without gaps."
    )
    reminder_id: strawberry.Private[int]

    @strawberry.field(description="提醒 The reminder (null only if it has gone since).")
    async def reminder(self, info: Info) -> Reminder | None:
        found = await resolve_reminder_by_id(info.context, self.reminder_id)
        return Reminder.from_row(found) if found else None


def to_delivery(row: EventRow) -> ReminderDelivery:
    return ReminderDelivery(cursor=encode_cursor(row.id), reminder_id=row.entity_id)
