"""Each formula over fixed kept figures equals the hand computation: the year's rows are
summed, the rows just outside it are not."""

from __future__ import annotations

from db.engine import Database
from db.evaluation.figures import YearFigures, year_figures
from db.evaluation.queries import branch_counts
from db.members.models import MemberStatus
from resolvers.evaluation.formulas import Formula, raw_value
from tests.evaluation_support import YEAR, create_fixed_figures
from tests.factories import create_member
from tests.world import World


async def community_a_figures(database: Database, world: World) -> YearFigures:
    async with database.transaction() as session:
        await create_fixed_figures(session, world.orgs["community_a"])
        await create_member(session, world.orgs["grid_a1"], status=MemberStatus.ACTIVIST)
    async with database.read() as connection:
        found = (await year_figures(connection, [world.orgs["community_a"].id], YEAR))[
            world.orgs["community_a"].id
        ]
        found.branches = (await branch_counts(connection))[world.orgs["community_a"].id]
    return found


async def test_the_years_figures_are_read_from_the_kept_tallies(
    database: Database, world: World
) -> None:
    # when community A's 2026 is read (3 members, 2 branches, an activist on the way)
    found = await community_a_figures(database, world)
    # then each figure sums the year's rows only
    assert found == YearFigures(
        branches=2, members=3, on_the_way=1, compliant_branch_months=3, expected=10, present=8,
        due_member_months=2 * 12 + 1 * 9, paid_member_months=23, resolved=4, on_time=3,
        rated=2, satisfied=1, volunteer_minutes=270, served=6, members_met_study=2,
    )  # fmt: skip


async def test_each_formula_equals_its_hand_computation(database: Database, world: World) -> None:
    found = await community_a_figures(database, world)
    expected = {
        Formula.MEETING_COMPLIANCE: 3 / 24,
        Formula.MEETING_ATTENDANCE: 8 / 10,
        Formula.DUES_COLLECTION: round(23 / 33, 4),
        Formula.PETITION_ON_TIME: 3 / 4,
        Formula.PETITION_SATISFACTION: 1 / 2,
        Formula.VOLUNTEER_HOURS_PER_MEMBER: 270 / 60 / 3,
        Formula.STATION_SERVED_PER_MEMBER: 6 / 3,
        Formula.PIPELINE_PER_HUNDRED: round(100 / 3, 4),
        Formula.STUDY_COMPLETION: round(2 / 3, 4),
        Formula.PETITIONS_LATE: 1,
        Formula.MEETINGS_MISSED: 24 - 3,
        Formula.DUES_ARREARS: 33 - 23,
    }
    assert {formula: raw_value(formula, found).value for formula in Formula} == expected


async def test_a_rate_over_nothing_has_no_value_and_says_so() -> None:
    found = raw_value(Formula.PETITION_SATISFACTION, YearFigures())
    assert found.value is None
    assert found.how == "no ratings in the year: nothing to judge by"
    assert raw_value(Formula.PETITION_ON_TIME, YearFigures(resolved=4, on_time=3)).how == (
        "3 resolved on time / 4 petitions resolved = 0.75"
    )
    hours = raw_value(
        Formula.VOLUNTEER_HOURS_PER_MEMBER, YearFigures(volunteer_minutes=270, members=3)
    )
    assert hours.how == "270 volunteer minutes / 3 members / 60 = 1.5"
