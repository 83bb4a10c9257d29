"""The transfers' reminder rule: once a transfer's answer date has passed with no answer, each
secretary of the destination (bound at its branch or right above it) hears of it, once."""

from __future__ import annotations

from datetime import datetime

from db.base import CHINA_STANDARD_TIME
from db.engine import Session
from db.transfers.reminders import unanswered_transfers
from resolvers.reminders.rules import ReminderDraft, ReminderRule

RULE = "transfer_unanswered"


async def _unanswered(session: Session, now: datetime) -> list[ReminderDraft]:
    found = await unanswered_transfers(session, RULE, now)
    return [
        ReminderDraft(
            account_id=account_id,
            period=due.strftime("%Y-%m-%dT%H:%M:%SZ"),
            subject_key=str(transfer_id),
            subject_type="Transfer",
            subject_id=transfer_id,
            title="组织关系转接待接收",
            body=f"{member}转入{place}的组织关系转接已超过接收期限"
            f"（{due.astimezone(CHINA_STANDARD_TIME):%m月%d日}），请尽快接收或退回并说明理由。",
            due_at=due,
        )
        for transfer_id, member, place, due, account_id in found
    ]


TRANSFER_UNANSWERED = ReminderRule(RULE, _unanswered)
