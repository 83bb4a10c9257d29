"""Keeping the presence figures 在场 in step: each writer of a fact that shows a member was
there (a meeting check-in, a dues month paid, an activity check-in) adds to the member's
month in its own transaction, and takes it back when the fact is undone (a reversal).

The add is one upsert per batch: `figure = figure + delta`, so concurrent writers for the
same member and month never lose each other's counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.activities.models import RegistrationRow
from db.base import CHINA_STANDARD_TIME, core_table
from db.presence.last_present import follow_last_present
from db.presence.models import PresenceMonthRow
from db.volunteers.models import VolunteerRow

FIGURES = ("meetings", "dues_months", "check_ins")


@dataclass(frozen=True, slots=True)
class PresenceDelta:
    """A change to one member's month: how many more (or fewer) of each figure."""

    member_id: int
    month: date
    meetings: int = 0
    dues_months: int = 0
    check_ins: int = 0


def month_start(day: date) -> date:
    return day.replace(day=1)


def china_month(at: datetime) -> date:
    """The China-time month of a moment, as presence keys it (its first day)."""
    return at.astimezone(CHINA_STANDARD_TIME).date().replace(day=1)


def merge(deltas: Iterable[PresenceDelta]) -> list[PresenceDelta]:
    """One delta per member and month, in key order (so concurrent writers lock rows in the
    same order), those that add nothing dropped."""
    sums: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for delta in deltas:
        figures = sums[(delta.member_id, delta.month)]
        figures[0] += delta.meetings
        figures[1] += delta.dues_months
        figures[2] += delta.check_ins
    return [
        PresenceDelta(member, month, *figures)
        for (member, month), figures in sorted(sums.items())
        if any(figures)
    ]


async def add_presence(session: AsyncSession, deltas: Sequence[PresenceDelta]) -> None:
    """Add the deltas to the members' months (creating the months' rows as needed), and keep
    the members' last month present in step (db/presence/last_present.py)."""
    merged = merge(deltas)
    if not merged:
        return
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(core_table(PresenceMonthRow)).values(
        [
            {
                "member_id": delta.member_id,
                "month": delta.month,
                "meetings": delta.meetings,
                "dues_months": delta.dues_months,
                "check_ins": delta.check_ins,
            }
            for delta in merged
        ]
    )
    table = core_table(PresenceMonthRow).c
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["member_id", "month"],
            set_={name: table[name] + statement.excluded[name] for name in FIGURES},
        )
    )
    await follow_last_present(session, [delta.member_id for delta in merged])


async def volunteer_member(session: AsyncSession, volunteer_id: int) -> int | None:
    """The party member a volunteer is linked to, if any."""
    return await session.scalar(
        select(VolunteerRow.member_id).where(VolunteerRow.id == volunteer_id)
    )


async def check_ins_by_month(session: AsyncSession, volunteer_id: int) -> dict[date, int]:
    """The volunteer's activity check-ins per China-time month (to move them with a link)."""
    r = core_table(RegistrationRow).c
    found = await session.execute(
        select(r.checked_in_at).where(r.volunteer_id == volunteer_id, r.checked_in_at.is_not(None))
    )
    months: dict[date, int] = defaultdict(int)
    for (at,) in found:
        months[china_month(at)] += 1
    return dict(months)


async def count_check_in(session: AsyncSession, volunteer_id: int, at: datetime) -> None:
    """An activity check-in at `at` counts for the volunteer's member, if they are one."""
    member_id = await volunteer_member(session, volunteer_id)
    if member_id is not None:
        await add_presence(session, [PresenceDelta(member_id, china_month(at), check_ins=1)])


async def move_check_ins(
    session: AsyncSession, volunteer_id: int, from_member: int | None, to_member: int | None
) -> None:
    """A volunteer (re)linked to a member: their check-ins so far count for the new member,
    no longer for the old one."""
    if from_member == to_member:
        return
    months = await check_ins_by_month(session, volunteer_id)
    deltas = []
    for month, count in months.items():
        if from_member is not None:
            deltas.append(PresenceDelta(from_member, month, check_ins=-count))
        if to_member is not None:
            deltas.append(PresenceDelta(to_member, month, check_ins=count))
    await add_presence(session, deltas)
