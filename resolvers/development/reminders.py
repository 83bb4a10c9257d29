"""The development reminder rule: when someone in the pipeline is due for the next step this
month (an activist whose year is up, a probationary member at the end of probation, the
overdue included, as the funnel counts them), the secretaries of the nearest organisation
above them that has any hear of it, once per person and month."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from db.base import CHINA_STANDARD_TIME, china_day
from db.development.queries import FunnelRow
from db.development.reminders import DueCandidate, due_candidates, secretaries_at
from db.engine import Session
from db.members.models import MemberStatus
from db.paths import ancestor_paths
from resolvers.development.funnel import next_step_on
from resolvers.development.workflow import month_end, months_after
from resolvers.reminders.rules import ReminderDraft, ReminderRule

RULE = "development_step_due"

_NEXT = {
    MemberStatus.ACTIVIST: ("列为发展对象", "入党积极分子"),
    MemberStatus.PROBATIONARY: ("讨论预备期满转正", "预备党员"),
}


def _possible_from(row: DueCandidate) -> date | None:
    """The funnel's own rule (resolvers/development/funnel.py), on the candidate's dates."""
    return next_step_on(
        FunnelRow(
            member_id=row.member_id,
            status=row.status,
            status_changed_at=datetime.min,
            join_date=row.join_date,
            applied_on=None,
            activist_since=row.activist_since,
            target_since=None,
            probation_since=None,
            probation_ends_on=row.probation_ends_on,
        )
    )


def _nearest(paths: list[str], holders: dict[str, list[int]]) -> list[int]:
    """The secretaries at the deepest of `paths` (root first) that has any."""
    for path in reversed(paths):
        if path in holders:
            return holders[path]
    return []


async def _development_due(session: Session, now: datetime) -> list[ReminderDraft]:
    today = china_day(now)
    end = month_end(today)
    due_at = datetime.combine(end + timedelta(days=1), time(), CHINA_STANDARD_TIME)
    # A year before the month's end, and a day of slack for the edge of a leap day; the
    # exact rule is applied below.
    latest_start = months_after(end, -12) + timedelta(days=1)
    candidates = await due_candidates(session, RULE, latest_start, end, due_at)
    due = [(row, day) for row in candidates if (day := _possible_from(row)) and day <= end]
    holders = await secretaries_at(
        session, {path for row, _ in due for path in ancestor_paths(row.org_path)}
    )
    period = f"{today.year:04d}-{today.month:02d}"
    drafts = []
    for row, day in due:
        step, stage = _NEXT[row.status]
        when = "已可" if day <= today else f"自{day.month}月{day.day}日起可"
        for account_id in _nearest(ancestor_paths(row.org_path), holders):
            drafts.append(
                ReminderDraft(
                    account_id=account_id,
                    period=period,
                    subject_key=str(row.member_id),
                    subject_type="Member",
                    subject_id=row.member_id,
                    title=f"党员发展：{row.name}本月可{step}",
                    body=f"{stage}{row.name}{when}{step}（{day.isoformat()}），请按程序办理"
                    "（developmentFunnel 的 due 列出本月到期的人员）。",
                    due_at=due_at,
                )
            )
    return drafts


DEVELOPMENT_STEP_DUE = ReminderRule(RULE, _development_due)
