"""The world with party members' own accounts, and helpers to run meetings through the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.meetings.kinds import ensure_default_kinds
from db.meetings.models import AttendanceStatus, MeetingAction, MeetingRow, MeetingStatus
from db.meetings.writes import (
    Step,
    apply_attendance_step,
    apply_meeting_step,
    attendance_of,
    branch_attendees,
    insert_meeting,
)
from db.organizations.models import OrganizationRow
from resolvers.accounts.tokens import TokenService
from tests.factories import bind_member, create_account, token_for
from tests.graphql import execute
from tests.world import World

SCHEDULE = """
mutation ($input: ScheduleMeetingInput!) {
  scheduleMeeting(input: $input) { meeting { id status version attendees kind { name } } }
}
"""
ADVANCE = """
mutation ($input: AdvanceMeetingInput!) {
  advanceMeeting(input: $input) { meeting { id status version attendees excused present attendanceRate } }
}
"""
MINUTES = """
mutation ($input: RecordMeetingMinutesInput!) {
  recordMeetingMinutes(input: $input) { meeting { id status version minutes resolutions } }
}
"""
LEAVE = """
mutation ($input: RequestMeetingLeaveInput!) {
  requestMeetingLeave(input: $input) { attendance { id status leaveReason } }
}
"""
DECIDE = """
mutation ($input: DecideMeetingLeaveInput!) {
  decideMeetingLeave(input: $input) { attendance { id status } }
}
"""
CHECK_IN = """
mutation ($input: CheckInToMeetingInput!) {
  checkInToMeeting(input: $input) { attendance { id status checkInMethod } }
}
"""
MEETING = """
query ($id: ID!) {
  meeting(id: $id) { id status attendees excused present attendanceRate minutes version
                     myAttendance { id status } }
}
"""


@dataclass
class Branches:
    """The world, with member accounts: m1 and m2 (grid_a1), m3 (grid_a2), m4 (grid_b1)."""

    world: World
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, who: str) -> str:
        return self.tokens.get(who) or self.world.tokens[who]


async def build_branches(database: Database, world: World, tokens: TokenService) -> Branches:
    found = Branches(world)
    async with database.transaction() as session:
        await ensure_default_kinds(session)
        for name, member in world.members.items():
            account = await create_account(session, username=f"{name}self")
            await bind_member(session, account, member)
            found.tokens[name] = token_for(tokens, account)
    return found


def data(body: dict[str, Any], name: str) -> Any:
    assert "errors" not in body, body
    return body["data"][name]


async def schedule(
    client: httpx.AsyncClient,
    branches: Branches,
    *,
    branch: str = "grid_a1",
    kind: str = "branch_assembly",
    starts_at: datetime | None = None,
    who: str = "secretary",
) -> dict[str, Any]:
    body = await schedule_body(
        client, branches, branch=branch, kind=kind, starts_at=starts_at, who=who
    )
    meeting: dict[str, Any] = data(body, "scheduleMeeting")["meeting"]
    return meeting


async def schedule_body(
    client: httpx.AsyncClient,
    branches: Branches,
    *,
    branch: str = "grid_a1",
    kind: str = "branch_assembly",
    starts_at: datetime | None = None,
    who: str = "secretary",
) -> dict[str, Any]:
    return await execute(
        client,
        SCHEDULE,
        {
            "input": {
                "organizationId": branches.world.org_id(branch),
                "kind": kind,
                "topic": "学习贯彻党的二十大精神",
                "startsAt": (starts_at or datetime.now(UTC) + timedelta(minutes=10)).isoformat(),
                "address": "锦绣社区党群服务中心二楼会议室",
            }
        },
        token=branches.token(who),
    )


async def advance(
    client: httpx.AsyncClient,
    branches: Branches,
    meeting: dict[str, Any],
    step: str,
    version: int | None = None,
    who: str = "secretary",
) -> dict[str, Any]:
    return await execute(
        client,
        ADVANCE,
        {"input": {"id": meeting["id"], "step": step, "expectedVersion": version}},
        token=branches.token(who),
    )


async def check_in(
    client: httpx.AsyncClient,
    branches: Branches,
    meeting: dict[str, Any],
    who: str,
    member: str | None = None,
) -> dict[str, Any]:
    variables: dict[str, Any] = {"meetingId": meeting["id"]}
    if member is not None:
        variables["memberId"] = branches.world.member_id(member)
    return await execute(client, CHECK_IN, {"input": variables}, token=branches.token(who))


async def read_meeting(
    client: httpx.AsyncClient, branches: Branches, meeting: dict[str, Any], who: str
) -> dict[str, Any] | None:
    found: dict[str, Any] | None = data(
        await execute(client, MEETING, {"id": meeting["id"]}, token=branches.token(who)),
        "meeting",
    )
    return found


async def create_meeting(
    session: AsyncSession,
    branch: OrganizationRow,
    kind: str,
    starts_at: datetime,
    *,
    status: MeetingStatus = MeetingStatus.HELD,
    present: int = 0,
    excused: int = 0,
) -> MeetingRow:
    """A meeting written as the API writes it (attendees, steps, tallies), at any date:
    `excused` and `present` of its attendees in id order, then held (or cancelled)."""
    values = {
        "kind_code": kind,
        "organization_id": branch.id,
        "org_path": branch.path,
        "topic": f"{kind} {starts_at:%Y-%m-%d}",
        "starts_at": starts_at,
        "station_id": None,
        "address": "党员活动室",
        "status": MeetingStatus.SCHEDULED,
        "version": 1,
    }
    schedule_step = Step(MeetingAction.SCHEDULE, None, MeetingStatus.SCHEDULED, None, starts_at)
    members = await branch_attendees(session, branch.path)
    row = await insert_meeting(session, values, members, schedule_step)
    for index, member in enumerate(members[: excused + present]):
        attendance = await attendance_of(session, row.id, member)
        assert attendance is not None
        to, action = (
            (AttendanceStatus.EXCUSED, MeetingAction.APPROVE_LEAVE)
            if index < excused
            else (AttendanceStatus.PRESENT, MeetingAction.CHECK_IN)
        )
        step = Step(action, MeetingStatus.SCHEDULED, MeetingStatus.SCHEDULED, None, starts_at,
                    member_id=member)  # fmt: skip
        assert await apply_attendance_step(session, attendance, {"status": to}, step)
    if status is not MeetingStatus.SCHEDULED:
        action = MeetingAction.CANCEL if status is MeetingStatus.CANCELLED else MeetingAction.HOLD
        step = Step(action, MeetingStatus.SCHEDULED, status, None, starts_at)
        fresh = await apply_meeting_step(session, row.id, row.version, {"status": status}, step)
        assert fresh is not None
        return fresh
    return row
