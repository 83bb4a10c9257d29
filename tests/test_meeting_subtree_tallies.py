"""The kept compliance figures per subtree and month (db/meetings/subtree_tallies.py, read by
subtree_reads.py, recounted by subtree_rebuild.py): equal to
a recount from the per-branch tallies, and to what `judge` says for every subtree, month and
quarter, on random data; kept right when two meetings of one branch are held at once, and
when a subtree moves."""

from __future__ import annotations

import asyncio
import random
from datetime import datetime

import httpx

from db.engine import Database
from db.meetings.compliance import branches_under, tallies_under
from db.meetings.kinds import ensure_default_kinds
from db.meetings.models import AttendanceStatus, MeetingAction, MeetingStatus
from db.meetings.queries import meeting_kinds
from db.meetings.subtree_reads import subtree_compliance
from db.meetings.subtree_rebuild import kept_compliance_tallies, recount_compliance_tallies
from db.meetings.subtree_tallies import quarter_months
from db.meetings.writes import Step, apply_attendance_step, apply_meeting_step, attendance_of
from resolvers.meetings.compliance import Period, judge
from tests.graphql import execute
from tests.meeting_support import create_meeting
from tests.world import World

KINDS = ("branch_assembly", "branch_committee", "group_meeting", "party_lecture", "party_day")
MONTHS = ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06")
BRANCHES = ("grid_a1", "grid_a2", "grid_b1")
SUBTREES = ("city", "district_a", "community_a", "grid_a1", "community_b")


def at(month: str, day: int) -> datetime:
    return datetime.fromisoformat(f"{month}-{day:02d}T02:00:00+00:00")


async def random_meetings(database: Database, world: World, seed: int) -> None:
    """Meetings of every kind at random across two quarters: most held, some cancelled or
    still scheduled, a few with a late check-in after being held; on top of grid_a1 holding
    every kind in January and February 2025 (so something is compliant)."""
    rng = random.Random(seed)
    async with database.transaction() as session:
        await ensure_default_kinds(session)
        for month in ("2025-01", "2025-02"):
            for kind in KINDS:
                await create_meeting(session, world.orgs["grid_a1"], kind, at(month, 3))
        for _ in range(60):
            status = rng.choice([MeetingStatus.HELD] * 4 + [MeetingStatus.CANCELLED,
                                                            MeetingStatus.SCHEDULED])  # fmt: skip
            branch = world.orgs[rng.choice(BRANCHES)]
            month = rng.choice(MONTHS)
            row = await create_meeting(
                session, branch, rng.choice(KINDS), at(month, rng.randint(1, 28)),
                status=status, present=rng.randint(0, 1),
            )  # fmt: skip
            if status is MeetingStatus.HELD and rng.random() < 0.3:
                for member in world.members.values():
                    attendance = await attendance_of(session, row.id, member.id)
                    if attendance is not None and attendance.status is AttendanceStatus.EXPECTED:
                        step = Step(MeetingAction.CHECK_IN, MeetingStatus.HELD, MeetingStatus.HELD,
                                    None, row.starts_at, member_id=member.id)  # fmt: skip
                        values = {"status": AttendanceStatus.PRESENT}
                        assert await apply_attendance_step(session, attendance, values, step)
                        break


async def test_kept_figures_equal_a_recount_and_the_judgement_of_every_subtree(
    database: Database, world: World
) -> None:
    # given random meetings across two quarters
    await random_meetings(database, world, seed=18)
    async with database.session() as session:
        # when the kept figures are read, and recounted
        kept = await kept_compliance_tallies(session)
        recounted = await recount_compliance_tallies(session)
        kinds = await meeting_kinds(session)
        # then they are equal (and say something)
        assert kept == recounted
        assert any(figures[3] for figures in kept.values())
        assert any(figures[4] for figures in kept.values())
        assert any(figures[5] for figures in kept.values())
        # and for every subtree and month they say what `judge` says from the branch tallies
        for name in SUBTREES:
            node = world.orgs[name]
            figures = await subtree_compliance(session, [node.id], MONTHS)
            branches = await branches_under(session, [node.path])
            tallies = await tallies_under(session, [node.path], MONTHS)
            for month in MONTHS:
                so_far = tuple(m for m in quarter_months(month) if m <= month)
                as_month = judge(branches, tallies, kinds, Period(month, (month,), (so_far,)))
                as_quarter = judge(branches, tallies, kinds, Period("q", so_far, (so_far,)))
                monthly = judge(branches, tallies, kinds, Period(month, (month,), ()))
                found = figures[month]
                assert (found.month_compliant, found.quarter_compliant, found.month_met) == (
                    as_month.compliant,
                    as_quarter.compliant,
                    monthly.compliant,
                ), (name, month)
                assert (found.expected, found.present) == (as_month.expected, as_month.present)


async def test_two_meetings_of_one_branch_held_at_once_count_its_compliance_once(
    database: Database, world: World
) -> None:
    # given grid_a1 had held everything in January 2025 but the 党小组会 and the 主题党日, both
    # scheduled
    branch = world.orgs["grid_a1"]
    async with database.transaction() as session:
        await ensure_default_kinds(session)
        for kind in ("branch_assembly", "branch_committee", "party_lecture"):
            await create_meeting(session, branch, kind, at("2025-01", 5))
        scheduled = [
            await create_meeting(
                session, branch, kind, at("2025-01", 9), status=MeetingStatus.SCHEDULED
            )
            for kind in ("group_meeting", "party_day")
        ]

    async def hold(meeting_id: int, version: int) -> None:
        async with database.transaction() as session:
            step = Step(MeetingAction.HOLD, MeetingStatus.SCHEDULED, MeetingStatus.HELD, None,
                        at("2025-01", 9))  # fmt: skip
            values = {"status": MeetingStatus.HELD}
            assert await apply_meeting_step(session, meeting_id, version, values, step)

    # when both are held at the same time, in two transactions
    await asyncio.gather(*(hold(row.id, row.version) for row in scheduled))
    # then the branch counts once as compliant for January, in every subtree above it
    async with database.session() as session:
        assert await kept_compliance_tallies(session) == await recount_compliance_tallies(session)
        for name in ("grid_a1", "community_a", "city"):
            figures = await subtree_compliance(session, [world.orgs[name].id], ["2025-01"])
            assert figures["2025-01"].month_compliant == 1


MOVE = """
mutation ($id: ID!, $to: ID!) {
  moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } }
}
"""


async def test_kept_figures_follow_a_subtree_that_moves(
    client: httpx.AsyncClient, database: Database, world: World
) -> None:
    # given random meetings, and community A then moved under street B
    await random_meetings(database, world, seed=5)
    body = await execute(
        client,
        MOVE,
        {"id": world.org_id("community_a"), "to": world.org_id("street_b")},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    # when the kept figures are read, and recounted from the branches' tallies
    async with database.session() as session:
        kept = await kept_compliance_tallies(session)
        recounted = await recount_compliance_tallies(session)
    # then street A lost community A's figures, street B holds them, and nothing else moved
    assert kept == recounted
    street_a = {m: f for (o, m), f in kept.items() if o == world.orgs["street_a"].id}
    street_b = {m: f for (o, m), f in kept.items() if o == world.orgs["street_b"].id}
    community_a = {m: f for (o, m), f in kept.items() if o == world.orgs["community_a"].id}
    assert street_a == {}
    assert community_a
    assert all(street_b[m][0] >= f[0] for m, f in community_a.items())
