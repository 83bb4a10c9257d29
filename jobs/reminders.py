"""The reminders' background job: every domain's reminder rules, run together
(resolvers/reminders/produce.py). Safe to run on every instance at once."""

from __future__ import annotations

from jobs.periodic import PeriodicJob
from resolvers.activities.reminders import ACTIVITY_STARTING_SOON
from resolvers.context import Services
from resolvers.departments.reminders import DISPATCH_UNANSWERED
from resolvers.development.reminders import DEVELOPMENT_STEP_DUE
from resolvers.dues.reminders import DUES_ARREARS_FOR_SECRETARY, DUES_UNPAID_THIS_MONTH
from resolvers.learning.reminders import LEARNING_BEHIND_HOURS
from resolvers.meetings.reminders import BRANCH_BEHIND_CADENCE, MEETING_STARTING_SOON
from resolvers.petitions.reminders import PETITION_DUE_SOON
from resolvers.reminders.produce import produce_reminders
from resolvers.reminders.rules import ReminderRule
from resolvers.transfers.reminders import TRANSFER_UNANSWERED

# A domain adds its rules here.
REMINDER_RULES: tuple[ReminderRule, ...] = (
    PETITION_DUE_SOON,
    ACTIVITY_STARTING_SOON,
    MEETING_STARTING_SOON,
    DUES_UNPAID_THIS_MONTH,
    DEVELOPMENT_STEP_DUE,
    TRANSFER_UNANSWERED,
    LEARNING_BEHIND_HOURS,
    BRANCH_BEHIND_CADENCE,
    DUES_ARREARS_FOR_SECRETARY,
    DISPATCH_UNANSWERED,
)


def reminder_jobs(services: Services, scan_seconds: float) -> list[PeriodicJob]:
    async def reminders() -> int:
        return await produce_reminders(services, REMINDER_RULES)

    return [PeriodicJob("reminders", scan_seconds, reminders)]
