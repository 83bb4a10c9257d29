"""The kept figures an evaluation reads, for many organisations and a year at once.

Every figure comes from a domain's kept per-subtree tallies (no member, meeting, petition or
reading is scanned): members by status (`member_tallies`), meeting compliance and attendance
(`meeting_compliance_tallies`), dues collection (`dues_tallies`), petitions handled on time
and rated (`petition_tallies`), volunteer minutes (`volunteer_hour_tallies`), people served at
stations (`organization_hours`) and study completion (`learning_tallies`). Each is one grouped
statement per chunk of organisations, so the city's batch reads a few hundred statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import case, func, select

from db.base import CHINA_STANDARD_TIME
from db.dues.tallies import DuesTallyRow
from db.learning.tallies import LearningTallyRow
from db.meetings.subtree_tallies import ComplianceTallyRow
from db.members.models import PARTY_MEMBER_STATUSES, MemberStatus
from db.members.tallies import MemberTallyRow
from db.petitions.tallies import PetitionTallyRow
from db.records import Connectable
from db.stations.organization_hours import OrganizationHourRow
from db.volunteers.models import HoursTallyRow

CHUNK = 500  # organisations per statement (SQLite caps bound parameters)
_MEMBERS = tuple(status.value for status in PARTY_MEMBER_STATUSES)
_ON_THE_WAY = (MemberStatus.ACTIVIST.value, MemberStatus.DEVELOPMENT_TARGET.value)


@dataclass(slots=True)
class YearFigures:
    """One organisation's subtree over a year, as the kept tallies hold it."""

    branches: int = 0  # counted from the tree by the caller
    members: int = 0
    on_the_way: int = 0  # activists and development targets 积极分子、发展对象
    compliant_branch_months: int = 0
    expected: int = 0  # attendance 应到
    present: int = 0  # 实到
    due_member_months: int = 0
    paid_member_months: int = 0
    resolved: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    volunteer_minutes: int = 0
    served: int = 0
    members_met_study: int = 0


def _months(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


async def _grouped(
    connection: Connectable, statement: Any, found: dict[int, YearFigures], names: Sequence[str]
) -> None:
    for organization_id, *values in await connection.execute(statement):
        figures = found[int(organization_id)]
        for name, value in zip(names, values, strict=True):
            setattr(figures, name, getattr(figures, name) + int(value or 0))


async def _chunk_figures(
    connection: Connectable, ids: list[int], year: int, found: dict[int, YearFigures]
) -> None:
    m = MemberTallyRow.__table__.c
    await _grouped(
        connection,
        select(
            m.organization_id,
            func.sum(case((m.key.in_(_MEMBERS), m.n), else_=0)),
            func.sum(case((m.key.in_(_ON_THE_WAY), m.n), else_=0)),
        )
        .where(m.organization_id.in_(ids), m.dimension == "status")
        .group_by(m.organization_id),
        found,
        ("members", "on_the_way"),
    )
    c = ComplianceTallyRow.__table__.c
    await _grouped(
        connection,
        select(
            c.organization_id,
            func.sum(c.month_compliant),
            func.sum(c.expected),
            func.sum(c.present),
        )
        .where(c.organization_id.in_(ids), c.month.between(f"{year}-01", f"{year}-12"))
        .group_by(c.organization_id),
        found,
        ("compliant_branch_months", "expected", "present"),
    )
    d = DuesTallyRow.__table__.c
    # Members due in month M are the accounts opened up to M: an account opened before the
    # year is due all twelve months, one opened in month k the 13 - k months from k on.
    months_due = case(
        (d.month < date(year, 1, 1), 12),
        *((d.month == first, 13 - first.month) for first in _months(year)),
        else_=0,
    )
    await _grouped(
        connection,
        select(
            d.organization_id,
            func.sum(d.opened * months_due),
            func.sum(case((d.month >= date(year, 1, 1), d.paid_members), else_=0)),
        )
        .where(d.organization_id.in_(ids), d.month <= date(year, 12, 1))
        .group_by(d.organization_id),
        found,
        ("due_member_months", "paid_member_months"),
    )
    p = PetitionTallyRow.__table__.c
    await _grouped(
        connection,
        select(
            p.organization_id,
            func.sum(p.resolved),
            func.sum(p.on_time),
            func.sum(p.rated),
            func.sum(p.satisfied),
        )
        .where(p.organization_id.in_(ids), p.day.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(p.organization_id),
        found,
        ("resolved", "on_time", "rated", "satisfied"),
    )
    v = HoursTallyRow.__table__.c
    await _grouped(
        connection,
        select(v.organization_id, func.sum(v.minutes))
        .where(v.organization_id.in_(ids), v.day.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(v.organization_id),
        found,
        ("volunteer_minutes",),
    )
    h = OrganizationHourRow.__table__.c
    start = datetime.combine(date(year, 1, 1), time(), CHINA_STANDARD_TIME)
    end = datetime.combine(date(year + 1, 1, 1), time(), CHINA_STANDARD_TIME)
    await _grouped(
        connection,
        select(h.organization_id, func.sum(h.served))
        .where(h.organization_id.in_(ids), h.hour >= start, h.hour < end)
        .group_by(h.organization_id),
        found,
        ("served",),
    )
    s = LearningTallyRow.__table__.c
    await _grouped(
        connection,
        select(s.organization_id, s.members_met).where(s.organization_id.in_(ids), s.year == year),
        found,
        ("members_met_study",),
    )


async def year_figures(
    connection: Connectable, organization_ids: Sequence[int], year: int
) -> dict[int, YearFigures]:
    """Each organisation's subtree figures for the year (branches left at 0)."""
    found = {organization_id: YearFigures() for organization_id in organization_ids}
    ids = list(organization_ids)
    for start in range(0, len(ids), CHUNK):
        await _chunk_figures(connection, ids[start : start + CHUNK], year, found)
    return found
