"""The dues' reminder rule: from the 15th (China time), a party member who has not paid this
month's dues hears of it once for the month."""

from __future__ import annotations

from datetime import datetime, time

from db.base import CHINA_STANDARD_TIME, china_day
from db.dues.reminders import members_unpaid_for
from db.engine import Session
from resolvers.dues.months import add_months, current_month, format_month
from resolvers.reminders.rules import ReminderDraft, ReminderRule

RULE = "dues_unpaid_this_month"
FROM_DAY = 15


async def _dues_unpaid(session: Session, now: datetime) -> list[ReminderDraft]:
    if china_day(now).day < FROM_DAY:
        return []
    month = current_month(now)
    due_at = datetime.combine(add_months(month, 1), time(), CHINA_STANDARD_TIME)
    found = await members_unpaid_for(session, RULE, month, due_at)
    label = f"{month.year}年{month.month}月"
    return [
        ReminderDraft(
            account_id=account_id,
            period=format_month(month),
            subject_key=str(member_id),
            subject_type="Member",
            subject_id=member_id,
            title="本月党费未缴",
            body=f"您{label}的党费尚未缴纳，请在月底前按时缴纳（myDuesAccount 可查应缴金额）。",
            due_at=due_at,
        )
        for member_id, account_id in found
    ]


DUES_UNPAID_THIS_MONTH = ReminderRule(RULE, _dues_unpaid)
