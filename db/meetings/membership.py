"""Who a meeting not yet held expects follows membership 应到随组织关系.

A meeting's attendees are the members of its branch when it is scheduled (`insert_meeting`).
When a member's branch or stage changes afterwards (moved to another branch, transferred out
of the platform, a stage that ends or starts participation), the meetings still SCHEDULED to
start after the change expect them where they now attend: the branch left no longer lists
them, the branch joined does. A meeting that started before the change, or was held, keeps its
record as it was; so does a check-in already made (a presence is a fact, not an expectation).
The meetings' counts move with the rows, in the member's transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.meetings.models import AttendanceStatus, MeetingAttendanceRow, MeetingRow, MeetingStatus
from db.meetings.writes import ATTENDING
from db.members.models import MemberRow
from db.paths import ancestor_paths

_A, _M = MeetingAttendanceRow, MeetingRow


async def follow_membership(session: AsyncSession, member: MemberRow, at: datetime) -> None:
    """After the member's branch or stage changed at `at`: the meetings not yet held expect
    them exactly where they now attend (three statements at most, however many meetings)."""
    branches = ancestor_paths(member.org_path) if member.status in ATTENDING else []
    upcoming = (_M.status == MeetingStatus.SCHEDULED, _M.starts_at > at)
    elsewhere = (_M.org_path.not_in(branches),) if branches else ()
    left = list(
        await session.execute(
            select(_A.id, _A.meeting_id, _A.status)
            .join(_M, _M.id == _A.meeting_id)
            .where(
                _A.member_id == member.id,
                _A.status != AttendanceStatus.PRESENT,
                *upcoming,
                *elsewhere,
            )
            .with_for_update(of=_A)
        )
    )
    if left:
        excused = [meeting for _, meeting, status in left if status is AttendanceStatus.EXCUSED]
        await session.execute(
            delete(_A).where(_A.id.in_([row_id for row_id, _, _ in left])),
            execution_options={"synchronize_session": False},
        )
        await session.execute(
            update(_M)
            .where(_M.id.in_([meeting for _, meeting, _ in left]))
            .values(
                attendees=_M.attendees - 1,
                excused=_M.excused - case((_M.id.in_(excused), 1), else_=0),
            )
            .execution_options(synchronize_session=False)
        )
    if not branches:
        return
    already = exists().where(_A.meeting_id == _M.id, _A.member_id == member.id)
    joined = list(
        await session.scalars(
            select(_M.id).where(_M.org_path.in_(branches), *upcoming, ~already).with_for_update()
        )
    )
    if not joined:
        return
    session.add_all(
        _A(meeting_id=meeting, member_id=member.id, status=AttendanceStatus.EXPECTED, version=1)
        for meeting in joined
    )
    await session.execute(
        update(_M)
        .where(_M.id.in_(joined))
        .values(attendees=_M.attendees + 1)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
