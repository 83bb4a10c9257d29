"""The meetings' reminder rule: each expected attendee with an account hears, once, that a
meeting of their branch starts within a day (those excused or already checked in do not)."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.base import CHINA_STANDARD_TIME
from db.engine import Session
from db.meetings.reminders import attendees_to_remind
from resolvers.reminders.rules import ReminderDraft, ReminderRule

STARTS_WITHIN = timedelta(hours=24)


RULE = "meeting_starting_soon"


async def _meetings_starting_soon(session: Session, now: datetime) -> list[ReminderDraft]:
    found = await attendees_to_remind(session, RULE, now, now + STARTS_WITHIN)
    return [
        ReminderDraft(
            account_id=account_id,
            period=starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            subject_key=str(meeting_id),
            subject_type="Meeting",
            subject_id=meeting_id,
            title=f"{kind}即将召开",
            body=f"{kind}《{topic}》将于 "
            f"{starts_at.astimezone(CHINA_STANDARD_TIME):%m月%d日 %H:%M} 在{address}召开，"
            "请准时参加并签到；不能参加请提前请假。",
            due_at=starts_at,
        )
        for meeting_id, kind, topic, address, starts_at, account_id in found
    ]


MEETING_STARTING_SOON = ReminderRule(RULE, _meetings_starting_soon)
