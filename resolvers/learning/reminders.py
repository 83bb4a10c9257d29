"""Learning's reminder rule: a party member whose credited minutes this year are behind the
year's pace (the requirement spread evenly over the months gone by) hears of it once a month,
from the 2nd month of the year on (China time)."""

from __future__ import annotations

from datetime import datetime, time

from db.base import CHINA_STANDARD_TIME, china_day
from db.engine import Session
from db.learning.models import CLASS_HOUR_MINUTES
from db.learning.reminders import members_behind
from db.learning.writes import required_minutes
from resolvers.dues.months import add_months, current_month, format_month
from resolvers.reminders.rules import ReminderDraft, ReminderRule

RULE = "learning_behind_hours"


def expected_by(required: int, month: int) -> int:
    """Minutes a member should have by the start of `month` (1-12): the months gone by's
    share of the year's requirement."""
    return required * (month - 1) // 12


async def _behind(session: Session, now: datetime) -> list[ReminderDraft]:
    day = china_day(now)
    required = await required_minutes(session, day.year)
    expected = expected_by(required, day.month)
    if expected <= 0:
        return []
    month = current_month(now)
    due_at = datetime.combine(add_months(month, 1), time(), CHINA_STANDARD_TIME)
    found = await members_behind(session, RULE, day.year, expected, due_at)
    hours = required // CLASS_HOUR_MINUTES
    return [
        ReminderDraft(
            account_id=account_id,
            period=format_month(month),
            subject_key=str(member_id),
            subject_type="Member",
            subject_id=member_id,
            title="学习学时进度落后",
            body=(
                f"您今年已累计学习{minutes // 60}小时{minutes % 60}分钟，按全年{hours}学时的进度，"
                f"到本月应达到{expected // 60}小时{expected % 60}分钟，请抽空到网上党校学习"
                "（myStudy 可查学时与打卡）。"
            ),
            due_at=due_at,
        )
        for member_id, account_id, minutes in found
    ]


LEARNING_BEHIND_HOURS = ReminderRule(RULE, _behind)
