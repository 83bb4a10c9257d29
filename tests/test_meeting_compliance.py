"""Compliance 组织生活达标 from the kept tallies, on fixed calendars (a quarter with and without
a 党课), within the viewer's scope, and equal to a brute-force recount on random data."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.engine import Database
from db.meetings.compliance import BranchRef, TallyRecord
from db.meetings.models import (
    AttendanceStatus,
    MeetingAttendanceRow,
    MeetingRow,
    MeetingStatus,
)
from db.meetings.queries import meeting_kinds
from db.meetings.tallies import month_of, recount_meeting_tallies
from db.organizations.models import OrganizationRow, PartyOrgKind
from resolvers.meetings.compliance import judge, parse_period
from schema.relay import to_global_id
from tests.graphql import error_codes, execute
from tests.meeting_support import Branches, build_branches, create_meeting
from tests.world import World

COMPLIANCE = """
query ($under: ID, $period: String) {
  meetingCompliance(under: $under, period: $period) {
    period months branches compliant compliantShare expected present attendanceRate
    kinds { kind { code } branchesMet held }
    behind { totalCount nodes { organization { name } missing { name } held } }
  }
}
"""
MONTHLY = ("branch_committee", "group_meeting", "party_day")


def at(month: str, day: int = 10) -> datetime:
    """10:00 China time on that day of the month."""
    return datetime.fromisoformat(f"{month}-{day:02d}T02:00:00+00:00")


@pytest.fixture
async def branches(app: Starlette, database: Database, world: World) -> Branches:
    return await build_branches(database, world, app.state.services.tokens)


async def fill_quarter(database: Database, world: World, *, lecture_in: set[str]) -> None:
    """2025-Q1: every branch of community_a meets each month (the monthly kinds) and holds a
    支部党员大会 in February; those named in `lecture_in` also a 党课 in March."""
    async with database.transaction() as session:
        for name in ("grid_a1", "grid_a2"):
            branch = world.orgs[name]
            for month in ("2025-01", "2025-02", "2025-03"):
                for kind in MONTHLY:
                    await create_meeting(session, branch, kind, at(month), present=1)
            await create_meeting(session, branch, "branch_assembly", at("2025-02"), present=1)
            if name in lecture_in:
                await create_meeting(session, branch, "party_lecture", at("2025-03"), present=1)


async def compliance(
    client: httpx.AsyncClient, branches: Branches, who: str, period: str, under: str | None
) -> dict[str, Any]:
    body = await execute(
        client,
        COMPLIANCE,
        {"period": period, "under": branches.world.org_id(under) if under else None},
        token=branches.token(who),
    )
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["meetingCompliance"]
    return found


async def test_a_quarter_with_every_kind_held_is_compliant(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given both branches of community_a held everything in 2025-Q1, 党课 included
    await fill_quarter(database, branches.world, lecture_in={"grid_a1", "grid_a2"})
    # when the community's secretary reads the quarter
    found = await compliance(client, branches, "secretary", "2025-Q1", "community_a")
    # then both branches are compliant
    assert (found["branches"], found["compliant"], found["compliantShare"]) == (2, 2, 1.0)
    assert found["months"] == ["2025-01", "2025-02", "2025-03"]
    assert found["behind"]["totalCount"] == 0


async def test_a_quarter_without_a_party_lecture_puts_the_branch_behind(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given grid_a2 held no 党课 in 2025-Q1
    await fill_quarter(database, branches.world, lecture_in={"grid_a1"})
    # when the secretary reads the quarter
    found = await compliance(client, branches, "secretary", "2025-Q1", "community_a")
    # then half the branches comply, grid_a2 is behind, missing the 党课 only
    assert (found["compliant"], found["compliantShare"]) == (1, 0.5)
    assert found["behind"]["nodes"] == [
        {"organization": {"name": "grid_a2网格党支部"}, "missing": [{"name": "党课"}], "held": 10}
    ]
    lecture = next(k for k in found["kinds"] if k["kind"]["code"] == "party_lecture")
    assert (lecture["branchesMet"], lecture["held"]) == (1, 1)


async def test_a_month_missed_breaks_a_monthly_cadence(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given grid_a1 held 主题党日 in January and March 2025 only
    async with database.transaction() as session:
        for month in ("2025-01", "2025-03"):
            await create_meeting(session, branches.world.orgs["grid_a1"], "party_day", at(month))
    # when the quarter is read for grid_a1
    found = await compliance(client, branches, "secretary", "2025-Q1", "grid_a1")
    # then 主题党日 is among what it misses, with everything else it never held
    missing = {kind["name"] for kind in found["behind"]["nodes"][0]["missing"]}
    assert "主题党日" in missing
    assert next(k for k in found["kinds"] if k["kind"]["code"] == "party_day")["held"] == 2


async def test_cancelled_and_scheduled_meetings_do_not_count(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given a 党课 of grid_a1 cancelled and another only scheduled, in 2025-Q1
    async with database.transaction() as session:
        branch = branches.world.orgs["grid_a1"]
        await create_meeting(session, branch, "party_lecture", at("2025-02"),
                             status=MeetingStatus.CANCELLED)  # fmt: skip
        await create_meeting(session, branch, "party_lecture", at("2025-03"),
                             status=MeetingStatus.SCHEDULED)  # fmt: skip
    # when the quarter is read
    found = await compliance(client, branches, "secretary", "2025-Q1", "grid_a1")
    # then no 党课 was held
    assert next(k for k in found["kinds"] if k["kind"]["code"] == "party_lecture")["held"] == 0


def test_the_current_quarter_is_judged_on_the_months_begun() -> None:
    # given it is 2026-11-20; then Q4 is judged on October and November, a month on itself and
    # its quarter so far, a future month on nothing
    now = datetime(2026, 11, 20, 4, tzinfo=UTC)
    assert parse_period(None, now).months == ("2026-10", "2026-11")
    assert parse_period("2026-11", now).quarters == (("2026-10", "2026-11"),)
    assert parse_period("2026-12", now).months == ()


async def test_a_bad_period_is_refused_with_the_form(
    client: httpx.AsyncClient, branches: Branches
) -> None:
    body = await execute(client, COMPLIANCE, {"period": "2025-13"}, token=branches.token("admin"))
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "2026-Q4" in body["errors"][0]["message"]


async def test_compliance_stays_in_scope(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given 2025-Q1 filled in community_a
    await fill_quarter(database, branches.world, lecture_in={"grid_a1"})
    # when community_b's secretary asks about community_a, and m4 (grid_b1) about its scope
    outsider = await execute(
        client,
        COMPLIANCE,
        {"period": "2025-Q1", "under": branches.world.org_id("community_a")},
        token=branches.token("outsider"),
    )
    member = await compliance(client, branches, "m4", "2025-Q1", None)
    resident = await execute(client, COMPLIANCE, {"period": "2025-Q1"},
                             token=branches.token("resident"))  # fmt: skip
    # then the outsider does not find it, m4 sees its own branch only, a resident nothing
    assert error_codes(outsider) == ["NOT_FOUND"]
    assert (member["branches"], member["expected"]) == (1, 0)
    assert error_codes(resident) == ["FORBIDDEN"]


async def random_year(database: Database, world: World, seed: int) -> None:
    """Random meetings over 2025 in every branch: random kinds, months, outcomes."""
    rng = random.Random(seed)
    async with database.transaction() as session:
        for _ in range(60):
            branch = world.orgs[rng.choice(["grid_a1", "grid_a2", "grid_b1"])]
            kind = rng.choice([*MONTHLY, "branch_assembly", "party_lecture"])
            when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(365 * 24))
            status = rng.choice([MeetingStatus.HELD, MeetingStatus.HELD, MeetingStatus.CANCELLED,
                                 MeetingStatus.SCHEDULED])  # fmt: skip
            await create_meeting(session, branch, kind, when, status=status,
                                 excused=rng.randint(0, 1), present=rng.randint(0, 1))  # fmt: skip


async def test_compliance_equals_a_brute_force_recount_on_random_data(
    client: httpx.AsyncClient, branches: Branches, database: Database
) -> None:
    # given random meetings over 2025 in every branch
    world = branches.world
    await random_year(database, world, 18)
    for period in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025-06"):
        # when the city's compliance is read from the kept figures
        found = await compliance(client, branches, "admin", period, None)
        # then it equals the rules applied to a recount from the meetings and attendances
        expected = await brute_force(database, period)
        assert (found["branches"], found["compliant"]) == (
            len(expected.branches),
            expected.compliant,
        )
        assert (found["expected"], found["present"]) == (expected.expected, expected.present)
        assert [k["branchesMet"] for k in found["kinds"]] == [
            k.branches_met for k in expected.kinds
        ]
        assert found["behind"]["totalCount"] == len(expected.behind)


BEHIND_PAGE = """
query ($period: String, $first: Int, $after: String, $last: Int, $before: String) {
  meetingCompliance(period: $period) {
    behind(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes { organization { id } missing { code } held }
    }
  }
}
"""


async def behind_page(
    client: httpx.AsyncClient, branches: Branches, period: str, **slice: Any
) -> dict[str, Any]:
    body = await execute(
        client, BEHIND_PAGE, {"period": period, **slice}, token=branches.token("admin")
    )
    assert "errors" not in body, body
    page: dict[str, Any] = body["data"]["meetingCompliance"]["behind"]
    return page


@pytest.mark.parametrize("period", ["2025-Q1", "2025-02", "2025-Q3", "2025-06"])
async def test_the_branches_behind_page_by_page_equal_a_brute_force_judgement(
    client: httpx.AsyncClient, branches: Branches, database: Database, period: str
) -> None:
    # given a first quarter where community A's branches met their cadence but for grid A2's
    # 党课, and random meetings over 2025 in every branch
    world = branches.world
    await fill_quarter(database, world, lecture_in={"grid_a1"})
    await random_year(database, world, 19)
    judged = await brute_force(database, period)
    expected = [
        (to_global_id("Organization", b.branch_id), sorted(b.missing), b.held)
        for b in judged.behind
    ]
    if period in ("2025-Q1", "2025-02"):  # grid A1 complies and some branch does not
        assert expected
        assert to_global_id("Organization", world.orgs["grid_a1"].id) not in [
            key for key, _missing, _held in expected
        ]
    # when the branches behind are read one by one, forwards and then backwards
    forwards: list[tuple[str, list[str], int]] = []
    page = await behind_page(client, branches, period, first=1)
    while True:
        forwards += [
            (n["organization"]["id"], sorted(k["code"] for k in n["missing"]), n["held"])
            for n in page["nodes"]
        ]
        if not page["pageInfo"]["hasNextPage"]:
            break
        page = await behind_page(client, branches, period, first=1,
                                 after=page["pageInfo"]["endCursor"])  # fmt: skip
    backwards: list[str] = []
    page = await behind_page(client, branches, period, last=1)
    while True:
        backwards = [n["organization"]["id"] for n in page["nodes"]] + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        page = await behind_page(client, branches, period, last=1,
                                 before=page["pageInfo"]["startCursor"])  # fmt: skip
    # then both walks give the judgement's branches behind, in order, with what they miss
    assert forwards == expected
    assert backwards == [key for key, _missing, _held in expected]
    assert page["totalCount"] == len(expected)


async def brute_force(database: Database, period: str) -> Any:
    """Compliance judged from the meetings themselves, attendance counted row by row."""
    async with database.session() as session:
        kinds = await meeting_kinds(session)
        branches = [
            BranchRef(key, path)
            for key, path in await session.execute(
                select(OrganizationRow.id, OrganizationRow.path)
                .where(OrganizationRow.kind == PartyOrgKind.BRANCH)
                .order_by(OrganizationRow.id)
            )
        ]
        held = {(p, m, k): h for p, m, k, h, _e, _n in await recount_meeting_tallies(session)}
        counted: dict[tuple[str, str, str], list[int]] = {}
        rows = await session.execute(
            select(MeetingRow.org_path, MeetingRow.starts_at, MeetingRow.kind_code,
                   MeetingAttendanceRow.status, func.count())
            .join(MeetingAttendanceRow, MeetingAttendanceRow.meeting_id == MeetingRow.id)
            .where(MeetingRow.status.in_([MeetingStatus.HELD, MeetingStatus.CLOSED]))
            .group_by(MeetingRow.org_path, MeetingRow.starts_at, MeetingRow.kind_code,
                      MeetingAttendanceRow.status)
        )  # fmt: skip
        for path, starts_at, kind, status, n in rows:
            slot = counted.setdefault((path, month_of(starts_at), kind), [0, 0])
            if status is not AttendanceStatus.EXCUSED:
                slot[0] += n
            if status is AttendanceStatus.PRESENT:
                slot[1] += n
    tallies = [
        TallyRecord(p, m, k, h, *counted.get((p, m, k), [0, 0])) for (p, m, k), h in held.items()
    ]
    return judge(branches, tallies, kinds, parse_period(period, datetime.now(UTC)))
