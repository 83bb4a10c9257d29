"""Named formulas 指标公式: an indicator's raw value from an organisation's kept figures for
the year (db/evaluation/figures.py), with the figures it used and how, so a score can say
where its number came from. A framework names a formula by its key; an indicator without
one is entered by hand."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from db.evaluation.figures import YearFigures


class Formula(enum.StrEnum):
    MEETING_COMPLIANCE = "meeting_compliance"
    MEETING_ATTENDANCE = "meeting_attendance"
    DUES_COLLECTION = "dues_collection"
    PETITION_ON_TIME = "petition_on_time"
    PETITION_SATISFACTION = "petition_satisfaction"
    VOLUNTEER_HOURS_PER_MEMBER = "volunteer_hours_per_member"
    STATION_SERVED_PER_MEMBER = "station_served_per_member"
    PIPELINE_PER_HUNDRED = "pipeline_per_hundred"
    STUDY_COMPLETION = "study_completion"
    PETITIONS_LATE = "petitions_late"
    MEETINGS_MISSED = "meetings_missed"
    DUES_ARREARS = "dues_arrears"


@dataclass(frozen=True, slots=True)
class Raw:
    """A raw value (None: no data to judge by), its figures and how they made it."""

    value: float | None
    figures: dict[str, float]
    how: str


def _ratio(numerator: str, denominator: str, n: int, d: int, scale: float = 1.0) -> Raw:
    figures = {numerator: float(n), denominator: float(d)}
    if d <= 0:
        return Raw(None, figures, f"no {denominator} in the year: nothing to judge by")
    value = round(n * scale / d, 4)
    if scale == 1:
        times = ""
    elif scale < 1:
        times = f" / {round(1 / scale):g}"  # minutes to hours
    else:
        times = f" × {scale:g}"
    return Raw(value, figures, f"{n} {numerator} / {d} {denominator}{times} = {value:g}")


def _count(name: str, n: int, how: str) -> Raw:
    return Raw(float(n), {name: float(n)}, f"{n} {name} ({how})")


def _branch_months(f: YearFigures) -> int:
    return f.branches * 12


FORMULAS: dict[Formula, Callable[[YearFigures], Raw]] = {
    Formula.MEETING_COMPLIANCE: lambda f: _ratio(
        "compliant branch-months", "branch-months", f.compliant_branch_months, _branch_months(f)
    ),
    Formula.MEETING_ATTENDANCE: lambda f: _ratio(
        "attendances", "expected attendances", f.present, f.expected
    ),
    Formula.DUES_COLLECTION: lambda f: _ratio(
        "member-months paid", "member-months due", f.paid_member_months, f.due_member_months
    ),
    Formula.PETITION_ON_TIME: lambda f: _ratio(
        "resolved on time", "petitions resolved", f.on_time, f.resolved
    ),
    Formula.PETITION_SATISFACTION: lambda f: _ratio(
        "satisfied ratings", "ratings", f.satisfied, f.rated
    ),
    Formula.VOLUNTEER_HOURS_PER_MEMBER: lambda f: _ratio(
        "volunteer minutes", "members", f.volunteer_minutes, f.members, 1 / 60
    ),
    Formula.STATION_SERVED_PER_MEMBER: lambda f: _ratio(
        "people served at stations", "members", f.served, f.members
    ),
    Formula.PIPELINE_PER_HUNDRED: lambda f: _ratio(
        "activists and development targets", "members", f.on_the_way, f.members, 100
    ),
    Formula.STUDY_COMPLETION: lambda f: _ratio(
        "members who met the study requirement", "members", f.members_met_study, f.members
    ),
    Formula.PETITIONS_LATE: lambda f: _count(
        "petitions resolved late",
        f.resolved - f.on_time,
        f"{f.resolved} resolved, {f.on_time} on time",
    ),
    Formula.MEETINGS_MISSED: lambda f: _count(
        "branch-months behind cadence",
        max(0, _branch_months(f) - f.compliant_branch_months),
        f"{f.branches} branches × 12 months, {f.compliant_branch_months} compliant",
    ),
    Formula.DUES_ARREARS: lambda f: _count(
        "member-months unpaid",
        max(0, f.due_member_months - f.paid_member_months),
        f"{f.due_member_months} due, {f.paid_member_months} paid",
    ),
}


def raw_value(formula: Formula, figures: YearFigures) -> Raw:
    return FORMULAS[formula](figures)
