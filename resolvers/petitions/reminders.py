"""The petitions' reminder rule: a handler hears, once per deadline, that a petition they
handle falls due within a day (a petition reopened or escalated gets a new deadline, and so a
new reminder)."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.base import CHINA_STANDARD_TIME
from db.engine import Session
from db.petitions.reminders import handled_petitions_due
from resolvers.reminders.rules import ReminderDraft, ReminderRule

DUE_WITHIN = timedelta(hours=24)


RULE = "petition_due_soon"


async def _petitions_due_soon(session: Session, now: datetime) -> list[ReminderDraft]:
    drafts = []
    for petition_id, title, handler, deadline in await handled_petitions_due(
        session, RULE, now, now + DUE_WITHIN
    ):
        local = deadline.astimezone(CHINA_STANDARD_TIME)
        drafts.append(
            ReminderDraft(
                account_id=handler,
                period=deadline.strftime("%Y-%m-%dT%H:%M:%SZ"),
                subject_key=str(petition_id),
                subject_type="Petition",
                subject_id=petition_id,
                title="诉求即将到期",
                body=f"您办理的诉求《{title}》将于 {local:%m月%d日 %H:%M} 到期，请及时办结。",
                due_at=deadline,
            )
        )
    return drafts


PETITION_DUE_SOON = ReminderRule(RULE, _petitions_due_soon)
