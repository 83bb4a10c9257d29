"""City-scale organisational life for the benchmarks: a year of meetings 三会一课 and 主题党日
for every branch with its attendance and timeline (dues: generators/scale/dues.py).

Records for COPY, deterministic: each branch's year comes from its own seeded generator, so
each table's pass draws the same meetings without holding tens of millions of attendance rows
in memory. Most branches keep every cadence; about one in five sometimes misses a meeting.
The kept figures are rebuilt after the load (db/meetings/tallies.py, subtree_tallies.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from db.meetings.kinds import DEFAULT_KINDS
from db.meetings.models import (
    AttendanceStatus,
    Cadence,
    CheckInMethod,
    MeetingAction,
    MeetingStatus,
)
from resolvers.dues.months import add_months, current_month, months_between

MEETING_COLUMNS = ("id", "kind_code", "organization_id", "org_path", "topic", "starts_at",
                   "station_id", "address", "status", "minutes", "resolutions", "attendees",
                   "excused", "present", "held_at", "closed_at", "version",
                   "created_by_account_id", "created_at", "updated_at")  # fmt: skip
ATTENDANCE_COLUMNS = ("id", "meeting_id", "member_id", "status", "leave_reason", "checked_in_at",
                      "check_in_method", "version")  # fmt: skip
STEP_COLUMNS = ("id", "meeting_id", "action", "from_status", "to_status", "member_id",
                "actor_account_id", "note", "at")  # fmt: skip

DAY_OF = {"branch_committee": 5, "group_meeting": 12, "party_day": 20, "branch_assembly": 25,
          "party_lecture": 27}  # fmt: skip
QUARTER_MONTH = {"branch_assembly": 2, "party_lecture": 3}  # which month of the quarter
SEED = 18


@dataclass(frozen=True, slots=True)
class Branch:
    id: int
    path: str
    members: tuple[int, ...]  # full and probationary: who attends


def year_months(now: datetime, count: int) -> list[date]:
    """The `count` months up to the current one (China time), oldest first."""
    this = current_month(now)
    return months_between(add_months(this, 1 - count), this)


@dataclass(slots=True)
class MeetingRecords:
    """A year of meetings per branch; ids assigned in branch order from `first_*`."""

    branches: Sequence[Branch]
    first_meeting: int
    first_attendance: int
    first_step: int
    now: datetime
    months: int = 12

    def _year(self, branch: Branch) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """The branch's meetings, each with its attendance rows (ids filled in later)."""
        rng = random.Random(SEED * 1_000_003 + branch.id)
        lagging = rng.random() < 0.2
        for month in year_months(self.now, self.months):
            for code, name, cadence in DEFAULT_KINDS:
                if (
                    cadence is Cadence.QUARTERLY
                    and (month.month - 1) % 3 + 1 != QUARTER_MONTH[code]
                ):
                    continue
                if lagging and rng.random() < 0.2:
                    continue
                starts = datetime(month.year, month.month, DAY_OF[code], 6, 30, tzinfo=UTC)
                held = starts < self.now
                rows: list[tuple[Any, ...]] = []
                excused = present = 0
                for member in branch.members:
                    roll = rng.random()
                    if roll < 0.05:
                        rows.append(
                            (member, AttendanceStatus.EXCUSED.value, "出差在外", None, None)
                        )
                        excused += 1
                    elif held and roll < 0.9:
                        at = starts + timedelta(minutes=rng.randint(-20, 10))
                        rows.append((member, AttendanceStatus.PRESENT.value, None, at,
                                     CheckInMethod.SELF.value))  # fmt: skip
                        present += 1
                    else:
                        rows.append((member, AttendanceStatus.EXPECTED.value, None, None, None))
                status = MeetingStatus.CLOSED if held else MeetingStatus.SCHEDULED
                closed = starts + timedelta(hours=2) if held else None
                meeting = (code, branch.id, branch.path, f"{name}（{month:%Y年%m月}）", starts,
                           None, "党员活动室", status.value,
                           "会议按程序召开，与会党员逐一发言。" if held else None, None,
                           len(branch.members), excused, present,
                           starts + timedelta(minutes=5) if held else None, closed,
                           3 if held else 1, None, starts - timedelta(days=7),
                           min(self.now, starts + timedelta(hours=2)))  # fmt: skip
                yield meeting, rows

    def meetings(self) -> Iterator[tuple[Any, ...]]:
        key = self.first_meeting
        for branch in self.branches:
            for meeting, _rows in self._year(branch):
                yield (key, *meeting)
                key += 1

    def attendances(self) -> Iterator[tuple[Any, ...]]:
        key, meeting_id = self.first_attendance, self.first_meeting
        for branch in self.branches:
            for _meeting, rows in self._year(branch):
                for member, status, reason, at, method in rows:
                    yield (key, meeting_id, member, status, reason, at, method, 1)
                    key += 1
                meeting_id += 1

    def steps(self) -> Iterator[tuple[Any, ...]]:
        """Schedule, and for a held meeting hold and close: its timeline."""
        key, meeting_id = self.first_step, self.first_meeting
        scheduled, held, closed = (MeetingStatus.SCHEDULED.value, MeetingStatus.HELD.value,
                                   MeetingStatus.CLOSED.value)  # fmt: skip
        for branch in self.branches:
            for meeting, _rows in self._year(branch):
                yield (key, meeting_id, MeetingAction.SCHEDULE.value, None, scheduled, None,
                       None, None, meeting[17])  # fmt: skip
                key += 1
                if meeting[7] == closed:
                    yield (key, meeting_id, MeetingAction.HOLD.value, scheduled, held, None,
                           None, None, meeting[13])  # fmt: skip
                    yield (key + 1, meeting_id, MeetingAction.CLOSE.value, held, closed, None,
                           None, None, meeting[14])  # fmt: skip
                    key += 2
                meeting_id += 1
