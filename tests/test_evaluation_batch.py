"""The batch scores every organisation at the framework's level, ranks siblings with ties,
rates with stars, reports its progress, and a later framework leaves earlier results as
they were."""

from __future__ import annotations

from db.engine import Database
from db.evaluation.models import Direction, IndicatorKind, ManualEntryRow
from db.evaluation.queries import indicators_of, result_of, results_over_years, scores_of
from db.organizations.models import GovernanceLevel, OrganizationRow, PartyOrgKind
from resolvers.evaluation.formulas import Formula
from resolvers.evaluation.standard import IndicatorDraft
from tests.evaluation_support import create_framework, run_batch
from tests.factories import create_organization
from tests.world import World

COMMITTEE = IndicatorDraft(
    "组织建设", "ORG_COMMITTEE", "班子建设", IndicatorKind.POSITIVE, 10, 100, 10, None
)
MISSED = IndicatorDraft(
    "负面清单", "NEG_MEETINGS_MISSED", "组织生活缺项", IndicatorKind.NEGATIVE, 0.5, 0, 5,
    Formula.MEETINGS_MISSED, Direction.LOWER,
)  # fmt: skip
SMALL = (COMMITTEE, MISSED)
THRESHOLDS = [6.0, 7.0, 8.0, 9.0]


async def street_a_communities(database: Database, world: World) -> dict[str, OrganizationRow]:
    """community_a and three more under street A (without branches), and community_b."""
    found = {"a": world.orgs["community_a"], "b": world.orgs["community_b"]}
    async with database.transaction() as session:
        for name in ("c2", "c3", "c4"):
            found[name] = await create_organization(
                session,
                world.orgs["street_a"],
                level=GovernanceLevel.COMMUNITY,
                kind=PartyOrgKind.COMMITTEE,
            )
    return found


async def enter(database: Database, framework_id: int, values: dict[int, float]) -> None:
    async with database.transaction() as session:
        committee = (await indicators_of(session, framework_id))[0]
        session.add_all(
            ManualEntryRow(
                indicator_id=committee.id, organization_id=org, value=value, note="年度考察",
                evidence=f"考察报告-{org}",
            )
            for org, value in values.items()
        )  # fmt: skip


async def test_siblings_with_equal_totals_share_a_rank(database: Database, world: World) -> None:
    # given five communities, four under street A, with hand-entered values
    o = await street_a_communities(database, world)
    async with database.transaction() as session:
        framework = await create_framework(session, (COMMITTEE,), star_thresholds=THRESHOLDS)
    await enter(database, framework, {o["a"].id: 80, o["c2"].id: 90, o["c3"].id: 80})
    # when the batch runs
    lines = await run_batch(database, framework)
    # then it said what it did, and ranked street A's communities 1, 2, 2, 4
    assert lines[0] == "evaluating 5 organisations on 1 indicators"
    assert lines[-1] == "done: 5 organisations scored"
    async with database.read() as connection:
        results = {k: await result_of(connection, framework, org.id) for k, org in o.items()}
    summary = {k: (r.total, r.rank, r.siblings, r.computed_stars) for k, r in results.items() if r}
    assert summary == {
        "c2": (9.0, 1, 4, 5),
        "a": (8.0, 2, 4, 4),
        "c3": (8.0, 2, 4, 4),
        "c4": (0.0, 4, 4, 1),
        "b": (0.0, 1, 1, 1),
    }
    # and the whole framework's standing orders by total, then by id
    standing = sorted(results, key=lambda k: results[k].standing)  # type: ignore[union-attr]
    assert standing[:3] == ["c2", "a", "c3"]


async def test_community_a_misses_its_two_branches_twelve_months(
    database: Database, world: World
) -> None:
    # given community A's two branches, never compliant in 2026
    async with database.transaction() as session:
        framework = await create_framework(session, SMALL, star_thresholds=THRESHOLDS)
    await run_batch(database, framework)
    async with database.read() as connection:
        scores = await scores_of(connection, framework, [world.orgs["community_a"].id])
    missed = next(s for s in scores if s.raw == 24)
    # then 24 branch-months behind deduct 0.5 each, capped at 5
    assert (missed.points, missed.achievement) == (-5.0, -1.0)
    assert missed.how == "24 branch-months behind cadence (2 branches × 12 months, 0 compliant)"


async def test_a_later_framework_leaves_the_earlier_results_as_they_were(
    database: Database, world: World
) -> None:
    # given 2026's results under version 1
    o = await street_a_communities(database, world)
    async with database.transaction() as session:
        first = await create_framework(session, SMALL, star_thresholds=THRESHOLDS)
    await enter(database, first, {o["a"].id: 80})
    await run_batch(database, first)
    async with database.read() as connection:
        before = await results_over_years(connection, [o["a"].id])
    # when version 2 weighs the committee twice as much and is computed
    heavier = (
        IndicatorDraft("组织建设", "ORG_COMMITTEE", "班子建设", IndicatorKind.POSITIVE, 20, 100,
                       20, None),
        MISSED,
    )  # fmt: skip
    async with database.transaction() as session:
        second = await create_framework(session, heavier, version=2, star_thresholds=THRESHOLDS)
    await enter(database, second, {o["a"].id: 80})
    await run_batch(database, second)
    # then version 1's result is unchanged, and version 2's stands beside it
    async with database.read() as connection:
        after = await results_over_years(connection, [o["a"].id])
    assert after[0] == before[0]
    assert [(r.framework_id, r.total) for r in after] == [(first, 8.0 - 5.0), (second, 16.0 - 5.0)]
