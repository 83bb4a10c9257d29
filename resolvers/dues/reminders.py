"""The dues' reminder rules: from the 15th (China time), a party member who has not paid this
month's dues hears of it once for the month; and each month, the secretaries of a branch with
members in arrears for six months or more hear of the branch's arrears once."""

from __future__ import annotations

from datetime import datetime, time

from db.base import CHINA_STANDARD_TIME, china_day
from db.dues.reminders import branches_in_arrears, members_unpaid_for
from db.engine import Session
from db.reminders.recipients import reminded_in_period, secretary_bindings
from resolvers.dues.months import add_months, current_month, format_month
from resolvers.dues.reads import ARREARS_FLAG_MONTHS
from resolvers.reminders.recipients import Secretaries
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


ARREARS_RULE = "dues_arrears_for_secretary"


async def _branches_in_arrears(session: Session, now: datetime) -> list[ReminderDraft]:
    """Once a month, the secretaries nearest above a branch with a member ARREARS_FLAG_MONTHS
    or more in arrears hear of the branch's arrears."""
    secretaries = Secretaries(await secretary_bindings(session))
    roots = secretaries.roots
    if not roots:
        return []
    month = current_month(now)
    period = format_month(month)
    found = await branches_in_arrears(session, roots, month, ARREARS_FLAG_MONTHS)
    if not found:
        return []
    done = await reminded_in_period(session, ARREARS_RULE, period)
    due_at = datetime.combine(add_months(month, 1), time(), CHINA_STANDARD_TIME)
    drafts = []
    for branch in found:
        for account_id in secretaries.nearest(branch.org_path):
            if (account_id, str(branch.organization_id)) in done:
                continue
            drafts.append(
                ReminderDraft(
                    account_id=account_id,
                    period=period,
                    subject_key=str(branch.organization_id),
                    subject_type="Organization",
                    subject_id=branch.organization_id,
                    title="党员欠缴党费",
                    body=f"{branch.name}有 {branch.flagged} 名党员欠缴党费满"
                    f"{ARREARS_FLAG_MONTHS}个月（欠缴党员共 {branch.owing} 名），"
                    "请督促补缴（duesArrears 可查名单）。",
                    due_at=due_at,
                )
            )
    return drafts


DUES_ARREARS_FOR_SECRETARY = ReminderRule(ARREARS_RULE, _branches_in_arrears)
