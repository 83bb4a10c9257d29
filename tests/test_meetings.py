"""Meetings 三会一课 and 主题党日 through the API: scheduling by the secretary, leave and check-in
by the member, the secretary's steps on a version, the timeline, attendance rates, and scope:
a member of another branch sees none of it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from db.bulk import accounts_by_username
from db.engine import Database
from db.events.log import read_events_after
from db.events.types import EntityType
from db.meetings.tallies import kept_meeting_tallies, recount_meeting_tallies
from resolvers.access import EventFilter
from resolvers.accounts.identities import load_viewer
from tests.graphql import error_codes, execute
from tests.meeting_support import (
    DECIDE,
    LEAVE,
    MINUTES,
    Branches,
    advance,
    build_branches,
    check_in,
    data,
    read_meeting,
    schedule,
    schedule_body,
)
from tests.world import World

TIMELINE = """
query ($id: ID!) {
  meeting(id: $id) { timeline { totalCount nodes { action note memberId actorAccountId } } }
}
"""
ATTENDANCES = (
    "query ($id: ID!) { meeting(id: $id) { attendances { totalCount nodes { status } } } }"
)
LISTS = """
{ meetings { totalCount } myMeetings { totalCount nodes { topic myAttendance { status } } } }
"""


@pytest.fixture
async def branches(app: Starlette, database: Database, world: World) -> Branches:
    return await build_branches(database, world, app.state.services.tokens)


async def test_the_secretary_schedules_a_meeting_for_the_branch_members(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # when the community's secretary schedules a 支部党员大会 of grid_a1 (m1 and m2)
    meeting = await schedule(client, branches)
    # then it is scheduled, its attendees are the branch's two members
    assert meeting["status"] == "SCHEDULED"
    assert meeting["attendees"] == 2
    assert meeting["kind"] == {"name": "支部党员大会"}


@pytest.mark.parametrize(
    ("branch", "kind", "who", "code"),
    [
        ("community_a", "branch_assembly", "secretary", "BAD_USER_INPUT"),
        ("grid_a1", "tea_party", "secretary", "BAD_USER_INPUT"),
        ("grid_a1", "branch_assembly", "outsider", "NOT_FOUND"),
        ("grid_a1", "branch_assembly", "m1", "FORBIDDEN"),
    ],
    ids=["not-a-branch", "unknown-kind", "other-community", "a-member"],
)
async def test_scheduling_is_refused_with_the_reason(
    client: httpx.AsyncClient, branches: Branches, branch: str, kind: str, who: str, code: str
) -> None:
    # when someone schedules what they may not
    body = await schedule_body(client, branches, branch=branch, kind=kind, who=who)
    # then the error carries the code, and nothing is scheduled
    assert error_codes(body) == [code]
    assert body["data"] is None


async def test_a_member_sees_their_branch_meeting_and_their_own_attendance(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting of grid_a1; when m1 lists meetings and its own
    await schedule(client, branches)
    lists = await execute(client, LISTS, token=branches.token("m1"))
    # then it sees the meeting, and itself expected
    assert lists["data"]["meetings"]["totalCount"] == 1
    mine = lists["data"]["myMeetings"]
    assert mine["totalCount"] == 1
    assert mine["nodes"][0]["myAttendance"] == {"status": "EXPECTED"}


@pytest.mark.parametrize("who", ["m4", "m3", "outsider"])
async def test_a_member_of_another_branch_sees_none_of_it(
    client: httpx.AsyncClient, branches: Branches, who: str
) -> None:
    # given a meeting of grid_a1; when a member of another branch (or its secretary) looks
    meeting = await schedule(client, branches)
    lists = await execute(client, LISTS, token=branches.token(who))
    node = await execute(client, "query ($id: ID!) { node(id: $id) { id } }", {"id": meeting["id"]},
                         token=branches.token(who))  # fmt: skip
    # then nothing of it is there
    assert await read_meeting(client, branches, meeting, who) is None
    assert node["data"]["node"] is None
    assert lists["data"]["myMeetings"]["totalCount"] == 0
    assert lists["data"]["meetings"]["totalCount"] == 0


async def test_a_member_may_not_check_in_to_another_branch_meeting(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting of grid_a1; when m4 (grid_b1) checks in to it
    meeting = await schedule(client, branches)
    body = await check_in(client, branches, meeting, "m4")
    # then it is not found for it
    assert error_codes(body) == ["NOT_FOUND"]


async def test_leave_approved_excuses_the_member_from_the_rate(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting; m2 asks for leave, the secretary approves; m1 checks in; it is held
    meeting = await schedule(client, branches)
    leave = await execute(client, LEAVE, {"input": {"meetingId": meeting["id"], "reason": "出差"}},
                          token=branches.token("m2"))  # fmt: skip
    attendance = data(leave, "requestMeetingLeave")["attendance"]
    assert attendance["status"] == "LEAVE_REQUESTED"
    decided = await execute(client, DECIDE, {"input": {"attendanceId": attendance["id"],
                            "approve": True}}, token=branches.token("secretary"))  # fmt: skip
    assert data(decided, "decideMeetingLeave")["attendance"]["status"] == "EXCUSED"
    assert "errors" not in await check_in(client, branches, meeting, "m1")
    held = data(await advance(client, branches, meeting, "HOLD"), "advanceMeeting")["meeting"]
    # then one of one expected is present: a rate of 1
    assert (held["excused"], held["present"], held["attendanceRate"]) == (1, 1, 1.0)


async def test_a_member_checks_in_once(client: httpx.AsyncClient, branches: Branches) -> None:
    # given a meeting starting in 10 minutes; m1 checks in
    meeting = await schedule(client, branches)
    first = await check_in(client, branches, meeting, "m1")
    # when it checks in again (or the secretary does it for it)
    again = await check_in(client, branches, meeting, "m1")
    for_it = await check_in(client, branches, meeting, "secretary", member="m1")
    # then the first counts, the others are refused
    assert data(first, "checkInToMeeting")["attendance"]["checkInMethod"] == "SELF"
    assert error_codes(again) == error_codes(for_it) == ["BAD_USER_INPUT"]
    assert (await read_meeting(client, branches, meeting, "secretary") or {})["present"] == 1


async def test_self_check_in_outside_the_window_is_refused_but_the_secretary_may(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting tomorrow
    meeting = await schedule(client, branches, starts_at=datetime.now(UTC) + timedelta(days=1))
    # when m1 checks in now, and the secretary checks m2 in
    early = await check_in(client, branches, meeting, "m1")
    by_secretary = await check_in(client, branches, meeting, "secretary", member="m2")
    # then m1 is told the window, m2 is present by the secretary
    assert error_codes(early) == ["BAD_USER_INPUT"]
    assert "30 minutes before" in early["errors"][0]["message"]
    assert data(by_secretary, "checkInToMeeting")["attendance"]["checkInMethod"] == "SECRETARY"


async def test_a_step_on_a_stale_version_is_a_conflict(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting at version 1 that was held (version 2)
    meeting = await schedule(client, branches)
    assert "errors" not in await advance(client, branches, meeting, "HOLD", version=1)
    # when another secretary, who saw version 1, cancels it
    stale = await advance(client, branches, meeting, "CANCEL", version=1)
    # then CONFLICT, and it stays held
    assert error_codes(stale) == ["CONFLICT"]
    assert (await read_meeting(client, branches, meeting, "secretary") or {})["status"] == "HELD"


async def test_a_step_the_table_has_not_is_refused_with_the_steps_possible(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a scheduled meeting; when the secretary closes it
    meeting = await schedule(client, branches)
    body = await advance(client, branches, meeting, "CLOSE")
    # then BAD_USER_INPUT naming what it can do now
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "HOLD" in body["errors"][0]["message"]


async def test_minutes_edited_after_the_close_leave_a_trace(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting held, minuted and closed
    meeting = await schedule(client, branches)
    await advance(client, branches, meeting, "HOLD")
    variables = {
        "input": {"id": meeting["id"], "minutes": "会议讨论了……", "resolutions": "一致通过"}
    }
    secretary = branches.token("secretary")
    assert "errors" not in await execute(client, MINUTES, variables, token=secretary)
    assert "errors" not in await advance(client, branches, meeting, "CLOSE")
    # when the secretary edits the minutes after the close
    variables["input"]["minutes"] = "会议讨论了……（补充）"
    late = data(await execute(client, MINUTES, variables, token=secretary), "recordMeetingMinutes")
    # then it is edited, still closed, and the timeline shows every step with its actor
    assert late["meeting"]["status"] == "CLOSED"
    timeline = data(
        await execute(client, TIMELINE, {"id": meeting["id"]}, token=secretary), "meeting"
    )["timeline"]
    actions = [step["action"] for step in timeline["nodes"]]
    assert actions == ["SCHEDULE", "HOLD", "RECORD_MINUTES", "CLOSE", "RECORD_MINUTES"]
    assert "late edit" in timeline["nodes"][-1]["note"]
    assert all(step["actorAccountId"] for step in timeline["nodes"])


async def test_closing_without_minutes_is_refused(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a held meeting without minutes; when it is closed
    meeting = await schedule(client, branches)
    await advance(client, branches, meeting, "HOLD")
    body = await advance(client, branches, meeting, "CLOSE")
    # then the secretary is told to record them first
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_the_attendance_list_and_timeline_are_the_secretary_s(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting; when m1 and the secretary ask for its attendees
    meeting = await schedule(client, branches)
    member = await execute(client, ATTENDANCES, {"id": meeting["id"]}, token=branches.token("m1"))
    secretary = await execute(client, ATTENDANCES, {"id": meeting["id"]},
                              token=branches.token("secretary"))  # fmt: skip
    # then only the secretary gets them
    assert error_codes(member) == ["FORBIDDEN"]
    assert secretary["data"]["meeting"]["attendances"]["totalCount"] == 2


async def test_a_member_reads_their_own_attendance_rate_and_not_another_s(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given two held meetings of grid_a1, m1 present at one
    for present in (True, False):
        meeting = await schedule(client, branches)
        if present:
            await check_in(client, branches, meeting, "m1")
        await advance(client, branches, meeting, "HOLD")
    query = "query ($m: ID) { memberMeetingAttendance(memberId: $m) { held present rate } }"
    # when m1 asks for its own, and for m2's; and the secretary for m1's
    own = await execute(client, query, token=branches.token("m1"))
    other = await execute(client, query, {"m": branches.world.member_id("m2")},
                          token=branches.token("m1"))  # fmt: skip
    by_secretary = await execute(client, query, {"m": branches.world.member_id("m1")},
                                 token=branches.token("secretary"))  # fmt: skip
    # then m1 is at one of two, m2's is out of its reach, the secretary sees m1's
    expected = {"held": 2, "present": 1, "rate": 0.5}
    assert own["data"]["memberMeetingAttendance"] == expected
    assert other["data"]["memberMeetingAttendance"] is None
    assert by_secretary["data"]["memberMeetingAttendance"] == expected


async def test_meeting_events_reach_the_branch_and_nobody_else(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given a meeting scheduled, checked in to and held in grid_a1
    meeting = await schedule(client, branches)
    await check_in(client, branches, meeting, "m1")
    await advance(client, branches, meeting, "HOLD")
    async with database.session() as session:
        events = await read_events_after(session, 0)
    rows = [row for row in events if row.entity_type == EntityType.MEETING]
    # when each account's event filter judges them
    accounts = {name: account.id for name, account in branches.world.accounts.items()}
    for name in ("m1", "m4"):
        accounts[name] = await _account_of(database, f"{name}self")
    viewers = {name: await load_viewer(database, key) for name, key in accounts.items()}

    def hears(who: str) -> bool:
        return all(EventFilter(viewers[who])(row) for row in rows)

    # then its branch's member and the secretaries above hear of them, others do not
    assert [row.type for row in rows] == ["meeting.scheduled", "meeting.attendance", "meeting.held"]
    assert [hears(who) for who in ("m1", "secretary", "admin")] == [True, True, True]
    assert not any(EventFilter(viewers[who])(row) for who in ("m4", "outsider", "resident")
                   for row in rows)  # fmt: skip


async def _account_of(database: Database, username: str) -> int:
    async with database.session() as session:
        return (await accounts_by_username(session, [username]))[username][0]


async def test_kept_tallies_equal_a_recount_after_the_steps(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given meetings held, attendance changing before and after the hold, one cancelled
    first = await schedule(client, branches)
    await check_in(client, branches, first, "m1")
    await advance(client, branches, first, "HOLD")
    await check_in(client, branches, first, "secretary", member="m2")
    second = await schedule(client, branches, branch="grid_a2", kind="party_day")
    await advance(client, branches, second, "HOLD")
    third = await schedule(client, branches, kind="party_lecture")
    await advance(client, branches, third, "CANCEL")
    # then the kept figures are what a recount of the meetings finds
    async with database.session() as session:
        kept = await kept_meeting_tallies(session)
        assert kept == await recount_meeting_tallies(session)
    assert sorted((row[2], row[3], row[4], row[5]) for row in kept) == [
        ("branch_assembly", 1, 2, 2),
        ("party_day", 1, 1, 0),
    ]


async def test_racing_check_ins_of_one_member_count_once(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting; when m1 and the secretary for m1 check in at the same moment
    meeting = await schedule(client, branches)
    bodies = await asyncio.gather(
        check_in(client, branches, meeting, "m1"),
        check_in(client, branches, meeting, "secretary", member="m1"),
    )
    # then one succeeds, the other is refused, and m1 is present once
    assert sorted(str(error_codes(body)) for body in bodies) in (
        ["['BAD_USER_INPUT']", "[]"],
        ["['CONFLICT']", "[]"],
    )
    assert (await read_meeting(client, branches, meeting, "secretary") or {})["present"] == 1


async def test_racing_steps_on_one_version_take_effect_once(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given a meeting at version 1; when it is held and cancelled at once, both on version 1
    meeting = await schedule(client, branches)
    bodies = await asyncio.gather(
        advance(client, branches, meeting, "HOLD", version=1),
        advance(client, branches, meeting, "CANCEL", version=1),
    )
    # then exactly one step happened, the other is a conflict
    assert sorted(str(error_codes(body)) for body in bodies) == ["['CONFLICT']", "[]"]
    found = await read_meeting(client, branches, meeting, "secretary") or {}
    assert found["version"] == 2


NARROWED = """
query ($filter: MeetingListFilter, $after: String) {
  meetings(filter: $filter, first: 1, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { id kind { code name } organization { name } }
  }
  myMeetings(filter: $filter) { totalCount }
}
"""


async def test_the_meeting_list_narrows_by_kind_status_and_start_page_by_page(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    # given meetings of two kinds, in two branches, starting in two days' time or later
    soon = datetime.now(UTC) + timedelta(days=2)
    kept = [
        await schedule(client, branches, starts_at=soon),
        await schedule(client, branches, branch="grid_a2", starts_at=soon + timedelta(hours=1)),
    ]
    await schedule(client, branches, kind="party_day", starts_at=soon)
    await schedule(client, branches, starts_at=soon + timedelta(days=3))
    await schedule(client, branches, starts_at=soon - timedelta(days=1))
    narrow = {
        "under": branches.world.org_id("community_a"),
        "kinds": ["branch_assembly"],
        "statuses": ["SCHEDULED"],
        "startsAfter": soon.isoformat(),
        "startsBefore": (soon + timedelta(days=1)).isoformat(),
    }
    # when the secretary lists the narrowed meetings one per page
    token = branches.token("secretary")
    first = await execute(client, NARROWED, {"filter": narrow}, token=token)
    cursor = data(first, "meetings")["pageInfo"]["endCursor"]
    second = await execute(client, NARROWED, {"filter": narrow, "after": cursor}, token=token)
    # then the two kept meetings are listed, in order, with their kind and branch
    pages = [data(first, "meetings"), data(second, "meetings")]
    assert [page["totalCount"] for page in pages] == [2, 2]
    assert [page["pageInfo"]["hasNextPage"] for page in pages] == [True, False]
    assert [page["nodes"][0]["id"] for page in pages] == [meeting["id"] for meeting in kept]
    assert {page["nodes"][0]["kind"]["code"] for page in pages} == {"branch_assembly"}
    names = [page["nodes"][0]["organization"]["name"] for page in pages]
    assert names == [branches.world.orgs[b].name for b in ("grid_a1", "grid_a2")]
    # and m1 (grid_a1) attends only the first of them
    del narrow["under"]
    mine = await execute(client, NARROWED, {"filter": narrow}, token=branches.token("m1"))
    assert data(mine, "myMeetings")["totalCount"] == 1
    assert data(mine, "meetings")["totalCount"] == 1
