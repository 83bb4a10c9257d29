"""The development workflow as a table 党员发展流程: (stage, action) → next stage, and who may
take the step. Every step is also held to its guards (`resolvers/development/guards.py`)."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from db.development.models import DevelopmentAction as Action
from db.members.models import MemberStatus as Stage
from resolvers.access import Permission

# Secretaries and administrators of the person's branch (its subtree) take every step.
STEP_PERMISSION = Permission.WRITE_MEMBERS

WORKFLOW: dict[tuple[Stage, Action], Stage] = {
    (Stage.APPLICANT, Action.APPLICATION_RECORDED): Stage.APPLICANT,
    (Stage.APPLICANT, Action.ADMITTED_ACTIVIST): Stage.ACTIVIST,
    (Stage.ACTIVIST, Action.TRAINING_RECORDED): Stage.ACTIVIST,
    (Stage.DEVELOPMENT_TARGET, Action.TRAINING_RECORDED): Stage.DEVELOPMENT_TARGET,
    (Stage.ACTIVIST, Action.ADMITTED_TARGET): Stage.DEVELOPMENT_TARGET,
    (Stage.DEVELOPMENT_TARGET, Action.ADMITTED_PROBATIONARY): Stage.PROBATIONARY,
    (Stage.PROBATIONARY, Action.CONFIRMED_FULL): Stage.FULL,
    (Stage.PROBATIONARY, Action.PROBATION_EXTENDED): Stage.PROBATIONARY,
    (Stage.PROBATIONARY, Action.QUALIFICATION_CANCELLED): Stage.CANCELLED,
}


def stages_for(action: Action) -> list[Stage]:
    return [stage for stage, step in WORKFLOW if step == action]


def months_after(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes the next month's first
    (2024-02-29 + 12 months is 2025-03-01), so a full period has always passed."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if day.day <= monthrange(year, month)[1]:
        return date(year, month, day.day)
    return date(year + month // 12, month % 12 + 1, 1)


def one_year_after(day: date) -> date:
    return months_after(day, 12)


def month_end(day: date) -> date:
    return date(day.year, day.month, monthrange(day.year, day.month)[1])
