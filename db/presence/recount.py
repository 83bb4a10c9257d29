"""Presence counted from scratch 在场重算: from the meetings' attendance, the dues months
paid and the activity check-ins themselves. It fills the kept figures where they were never
kept (the migration that introduced them, bulk-written demo and city-scale data) and is the
brute-force count the tests hold the kept figures to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from db.activities.models import RegistrationRow
from db.base import core_table
from db.dues.models import DuesPaidMonthRow
from db.meetings.models import AttendanceStatus, MeetingAttendanceRow, MeetingRow
from db.presence.last_present import rebuild_last_present
from db.presence.models import PresenceMonthRow
from db.presence.tallies import china_month
from db.volunteers.models import VolunteerRow

Counts = dict[tuple[int, date], tuple[int, int, int]]
_CHUNK = 2000

_A = core_table(MeetingAttendanceRow).c
_MEETINGS: Select[Any] = (
    select(_A.member_id, core_table(MeetingRow).c.starts_at)
    .join_from(core_table(MeetingAttendanceRow), core_table(MeetingRow))
    .where(_A.status == AttendanceStatus.PRESENT)
)
_P = core_table(DuesPaidMonthRow).c
_DUES: Select[Any] = select(_P.member_id, _P.month)
_R = core_table(RegistrationRow).c
_V = core_table(VolunteerRow).c
_CHECK_INS: Select[Any] = (
    select(_V.member_id, _R.checked_in_at)
    .join_from(core_table(RegistrationRow), core_table(VolunteerRow))
    .where(_V.member_id.is_not(None), _R.checked_in_at.is_not(None))
)


def _count(meetings: Iterable[Any], dues: Iterable[Any], check_ins: Iterable[Any]) -> Counts:
    figures: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for member_id, starts_at in meetings:
        figures[(member_id, china_month(_aware(starts_at)))][0] += 1
    for member_id, month in dues:
        figures[(member_id, month.replace(day=1))][1] += 1
    for member_id, at in check_ins:
        figures[(member_id, china_month(_aware(at)))][2] += 1
    return {key: (m, d, c) for key, (m, d, c) in figures.items()}


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


async def recount_presence(connection: AsyncConnection | AsyncSession) -> Counts:
    """Every member's figures per month, counted from the facts (three statements)."""
    return _count(
        (await connection.execute(_MEETINGS)).all(),
        (await connection.execute(_DUES)).all(),
        (await connection.execute(_CHECK_INS)).all(),
    )


def _rows(counts: Counts) -> list[dict[str, Any]]:
    return [
        {"member_id": member, "month": month, "meetings": m, "dues_months": d, "check_ins": c}
        for (member, month), (m, d, c) in sorted(counts.items())
    ]


async def rebuild_presence(session: AsyncSession) -> int:
    """Replace the kept figures by a recount (and the members' last month present with them);
    how many member-months hold any."""
    rows = _rows(await recount_presence(session))
    await session.execute(delete(PresenceMonthRow))
    for start in range(0, len(rows), _CHUNK):
        await session.execute(insert(core_table(PresenceMonthRow)), rows[start : start + _CHUNK])
    await rebuild_last_present(session)
    return len(rows)


def rebuild_presence_now(connection: Connection) -> None:
    """The same on a synchronous connection (the migration that introduced the figures)."""
    counts = _count(
        connection.execute(_MEETINGS).all(),
        connection.execute(_DUES).all(),
        connection.execute(_CHECK_INS).all(),
    )
    rows = _rows(counts)
    connection.execute(delete(core_table(PresenceMonthRow)))
    for start in range(0, len(rows), _CHUNK):
        connection.execute(insert(core_table(PresenceMonthRow)), rows[start : start + _CHUNK])
