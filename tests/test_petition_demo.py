"""Demo petitions: a plausible, consistent history over the demo's grids."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from db.base import utcnow
from db.engine import Database
from db.petitions.models import OPEN_STATUSES, PetitionRow, PetitionStatus, PetitionStepRow
from db.petitions.words import PetitionWordCountRow
from generators.demo.petitions import seed_petitions
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
