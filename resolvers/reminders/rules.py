"""What a reminder rule is: a name and a function that finds, at a moment, the reminders due
then. Each domain writes its rules beside its other resolvers (resolvers/petitions/reminders.py)
and jobs/reminders.py runs them all; resolvers/reminders/produce.py stores each reminder once.

A rule may find the same reminder on every run: what makes it one reminder is its rule, its
person, its period and its subject, and the store keeps the first and skips the rest. So a
rule needs no memory of what it sent, and many instances may run it at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from db.engine import Session


@dataclass(frozen=True, slots=True)
class ReminderDraft:
    """One reminder a rule finds due: for whom, for which period, about what, and its words."""

    account_id: int
    period: str  # e.g. "2026-12", "2026-12-07", or a deadline's stamp
    title: str
    body: str
    subject_key: str = ""  # which of the rule's subjects in the period, when several
    subject_type: str | None = None  # the GraphQL type of what it is about ("Petition")
    subject_id: int | None = None
    due_at: datetime | None = None


Find = Callable[[Session, datetime], Awaitable[Sequence[ReminderDraft]]]


@dataclass(frozen=True, slots=True)
class ReminderRule:
    """`name` is stored with every reminder the rule produces: never rename one in use."""

    name: str
    find: Find
