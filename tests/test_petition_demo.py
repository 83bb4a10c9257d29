"""Demo petitions: a plausible, consistent history over the demo's grids."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.petitions.models import (
    OPEN_STATUSES,
    PetitionAction,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
)
from db.petitions.words import PetitionWordCountRow
from generators.demo.petitions import seed_petitions
from resolvers.petitions.deadlines import escalate_overdue
from tests.world import World


async def test_the_demo_history_is_varied_and_consistent(world: World, database: Database) -> None:
    now = utcnow()
    async with database.transaction() as session:
        written = await seed_petitions(
            session, seed=7, now=now, root_path=world.orgs["city"].path, count=400
        )
    async with database.session() as session:
        petitions = list(await session.scalars(select(PetitionRow)))
        steps = Counter(await session.scalars(select(PetitionStepRow.petition_id)))
        words = await session.scalar(select(func.count()).select_from(PetitionWordCountRow))

    assert written == len(petitions) == 400
    statuses = Counter(row.status for row in petitions)
    assert statuses.most_common(1)[0][0] is PetitionStatus.CLOSED
    assert len(statuses) >= 6
    assert len({row.channel for row in petitions}) == 5
    assert len({row.category_id for row in petitions}) >= 12
    grids = {world.orgs[name].path for name in ("grid_a1", "grid_a2", "grid_b1")}
    assert {row.org_path for row in petitions} == grids
    for row in petitions:
        assert steps[row.id] == row.version
        assert (now - row.created_at).days <= 90
        if row.status in OPEN_STATUSES and row.deadline_at < now:
            assert row.overdue_at is not None
            assert row.handling_org_path != row.org_path
        if row.satisfaction is not None:
            assert row.resolved_at is not None
    assert (words or 0) > 100


async def test_the_demo_resident_owns_only_petitions_of_their_community(
    world: World, database: Database
) -> None:
    # Given the demo history over a world whose resident lives in community A
    async with database.transaction() as session:
        await seed_petitions(
            session, seed=7, now=utcnow(), root_path=world.orgs["city"].path, count=400
        )
    resident = world.accounts["resident"]
    # When the resident's own petitions are read
    async with database.session() as session:
        own = list(
            await session.scalars(
                select(PetitionRow).where(PetitionRow.submitter_account_id == resident.id)
            )
        )

    # Then there are some, all in their community, under their own name and one phone
    assert own
    home = world.orgs["community_a"].path
    assert all(row.org_path.startswith(home) for row in own)
    assert {row.contact_name for row in own} == {resident.display_name.split("（")[0]}
    assert len({row.contact_phone for row in own}) == 1


async def test_ignored_demo_petitions_climbed_the_chain_as_the_deadline_job_would(
    app: Starlette, world: World, database: Database
) -> None:
    # Given the demo history
    now = utcnow()
    async with database.transaction() as session:
        await seed_petitions(
            session, seed=7, now=now, root_path=world.orgs["city"].path, count=1500
        )
    # When the deadline job runs at the same moment
    escalated = await escalate_overdue(app.state.services, now=now)
    # Then it has nothing to do: the history already carries what it would have done, and some
    # petitions climbed two levels or more (to the street, to the district)
    async with database.session() as session:
        climbed = Counter(
            await session.scalars(
                select(PetitionRow.escalations).where(PetitionRow.status.in_(OPEN_STATUSES))
            )
        )
    assert escalated == 0
    assert sum(count for level, count in climbed.items() if level >= 2) >= 1


async def test_the_demo_shows_open_petitions_an_upper_level_supervised(
    world: World, database: Database
) -> None:
    # Given the demo history
    async with database.transaction() as session:
        await seed_petitions(
            session, seed=7, now=utcnow(), root_path=world.orgs["city"].path, count=1500
        )
    # Then some open petitions are supervised, each with its SUPERVISE step last
    async with database.session() as session:
        supervised = list(
            await session.scalars(select(PetitionRow).where(PetitionRow.supervised_at.is_not(None)))
        )
        last = {
            row.petition_id: row.action
            for row in await session.scalars(select(PetitionStepRow).order_by(PetitionStepRow.id))
        }
    assert supervised
    for row in supervised:
        assert row.status in OPEN_STATUSES
        assert row.supervisor_name
        assert row.supervision_note
        assert row.supervisions == 1
        assert last[row.id] is PetitionAction.SUPERVISE
