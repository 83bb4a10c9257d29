"""Producing reminders: run each rule, store what is new, and announce it to its person, in
one transaction per rule, so a reminder and its event exist together or not at all."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from db.base import utcnow
from db.events.types import EventType
from db.paths import inbox_path
from db.reminders.writes import insert_new_reminders
from resolvers.changes import ChangeSet, recording
from resolvers.context import Services
from resolvers.reminders.rules import ReminderDraft, ReminderRule

logger = logging.getLogger("zhdj.reminders")


async def produce_reminders(
    services: Services, rules: Sequence[ReminderRule], now: datetime | None = None
) -> int:
    """Run every rule once; how many new reminders were stored. A rule that fails is logged
    and the others still run."""
    moment = now or utcnow()
    produced = 0
    for rule in rules:
        try:
            produced += await _produce(services, rule, moment)
        except Exception:
            logger.exception("reminder rule %s failed; it runs again next time", rule.name)
    return produced


async def _produce(services: Services, rule: ReminderRule, now: datetime) -> int:
    async with recording(services.database, services.hub.publish) as changes:
        drafts = await rule.find(changes.session, now)
        if not drafts:
            return 0
        stored = await remind_within(changes, rule.name, drafts, now)
        if stored:
            logger.info("reminder rule %s: %d new", rule.name, len(stored))
        return len(stored)


async def remind_within(
    changes: ChangeSet, rule: str, drafts: Sequence[ReminderDraft], now: datetime
) -> list[int]:
    """Store the drafts that are new for `rule` in the writer's own transaction and announce
    each to its person: for a writer whose step itself is the news (an escalation, a
    supervision), so the reminder exists exactly when the step does. The new reminders' IDs."""
    if not drafts:
        return []
    stored = await insert_new_reminders(
        changes.session,
        [{**asdict(draft), "rule": rule, "created_at": now} for draft in drafts],
    )
    for reminder in stored:
        changes.record(
            EventType.REMINDER_CREATED,
            reminder.id,
            at=inbox_path(reminder.account_id),
            changes={"rule": reminder.rule},
        )
    return [reminder.id for reminder in stored]
