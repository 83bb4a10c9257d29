"""The activities' reminder rule: whoever has a confirmed place hears, once, that the activity
starts within a day (a waiting list's member is reminded once promoted, if still in time)."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.activities.reminders import confirmed_sign_ups_starting
from db.base import CHINA_STANDARD_TIME
from db.engine import Session
from resolvers.reminders.rules import ReminderDraft, ReminderRule

STARTS_WITHIN = timedelta(hours=24)


RULE = "activity_starting_soon"


async def _activities_starting_soon(session: Session, now: datetime) -> list[ReminderDraft]:
    found = await confirmed_sign_ups_starting(session, RULE, now, now + STARTS_WITHIN)
    return [
        ReminderDraft(
            account_id=account_id,
            period=starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            subject_key=str(activity_id),
            subject_type="Activity",
            subject_id=activity_id,
            title="活动即将开始",
            body=f"您报名的活动《{title}》将于 "
            f"{starts_at.astimezone(CHINA_STANDARD_TIME):%m月%d日 %H:%M} 在{address}开始，"
            "请准时签到。",
            due_at=starts_at,
        )
        for activity_id, title, address, starts_at, account_id in found
    ]


ACTIVITY_STARTING_SOON = ReminderRule(RULE, _activities_starting_soon)
