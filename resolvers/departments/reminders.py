"""The departments' reminder rule: a dispatch neither accepted nor returned two hours after it
was made 签收超时 reminds each of the department's staff, once per dispatch (a new dispatch
after a return is a new reminder)."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.base import CHINA_STANDARD_TIME
from db.departments.reminders import unanswered_dispatches
from db.engine import Session
from resolvers.reminders.rules import ReminderDraft, ReminderRule

RULE = "dispatch_unanswered"
ANSWER_WITHIN = timedelta(hours=2)


async def _unanswered(session: Session, now: datetime) -> list[ReminderDraft]:
    found = await unanswered_dispatches(session, RULE, now - ANSWER_WITHIN)
    return [
        ReminderDraft(
            account_id=account_id,
            period=deadline.strftime("%Y-%m-%dT%H:%M:%SZ"),
            subject_key=str(dispatch_id),
            subject_type="PetitionDispatch",
            subject_id=dispatch_id,
            title="派单待签收",
            body=f"派给{department}的诉求派单已超过两小时未签收，请尽快接单或退单并说明理由"
            f"（办理时限 {deadline.astimezone(CHINA_STANDARD_TIME):%m月%d日 %H:%M}）。",
            due_at=deadline,
        )
        for dispatch_id, _petition_id, department, deadline, account_id in found
    ]


DISPATCH_UNANSWERED = ReminderRule(RULE, _unanswered)
