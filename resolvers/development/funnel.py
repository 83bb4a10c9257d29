"""The development funnel 党员发展漏斗 of a subtree: how many people at each stage, the median
time they have spent in it, and who is due for the next step by the end of this month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from db.base import china_day
from db.development.queries import FUNNEL_STATUSES, FunnelRow
from db.members.models import MemberStatus
from resolvers.development.workflow import month_end, one_year_after


def stage_since(row: FunnelRow) -> date:
    """The day the person entered their current stage (the pipeline's dates; for people
    entered before it kept them, the day their status last changed)."""
    known = {
        MemberStatus.APPLICANT: row.applied_on,
        MemberStatus.ACTIVIST: row.activist_since,
        MemberStatus.DEVELOPMENT_TARGET: row.target_since,
        MemberStatus.PROBATIONARY: row.probation_since or row.join_date,
    }.get(row.status)
    return known or china_day(row.status_changed_at)


def next_step_on(row: FunnelRow) -> date | None:
    """The first day the next step is possible, for the stages with a minimum duration: an
    activist after a year, a probationary member at the end of probation."""
    if row.status == MemberStatus.ACTIVIST and row.activist_since is not None:
        return one_year_after(row.activist_since)
    if row.status == MemberStatus.PROBATIONARY:
        if row.probation_ends_on is not None:
            return row.probation_ends_on
        if row.join_date is not None:
            return one_year_after(row.join_date)
    return None


@dataclass(frozen=True, slots=True)
class StageFigures:
    status: MemberStatus
    count: int
    median_days: float | None
    due_this_month: int


@dataclass(frozen=True, slots=True)
class Due:
    member_id: int
    status: MemberStatus
    possible_from: date


@dataclass(frozen=True, slots=True)
class Funnel:
    as_of: date
    stages: list[StageFigures]
    due: list[Due]


def funnel(rows: list[FunnelRow], today: date) -> Funnel:
    """Figures per stage; `due` lists those whose next step is possible by the month's end
    (the overdue included), earliest first."""
    end = month_end(today)
    stages = []
    due: list[Due] = []
    for status in FUNNEL_STATUSES:
        people = [row for row in rows if row.status == status]
        days = [(today - stage_since(row)).days for row in people]
        ready = [
            Due(row.member_id, status, possible)
            for row in people
            if (possible := next_step_on(row)) is not None and possible <= end
        ]
        due += ready
        stages.append(
            StageFigures(status, len(people), float(median(days)) if days else None, len(ready))
        )
    due.sort(key=lambda item: (item.possible_from, item.member_id))
    return Funnel(today, stages, due)
