"""Demo petitions that come back: the lamp reported twice, merged, and a third report of it
suggested; questions answered well before, offered again."""

from __future__ import annotations

from collections import Counter

import httpx
from sqlalchemy import select

from db.accounts.models import Role
from db.base import utcnow
from db.engine import Database
from db.petitions.models import PetitionRow, PetitionStatus, PetitionStepRow
from generators.demo.repeats import seed_repeats
from tests.factories import create_account
from tests.graphql import execute
from tests.world import World

SUGGEST = """
query ($grid: ID!) {
  petitionDuplicateSuggestions(gridId: $grid, title: "5号楼楼道灯不亮",
    content: "5号楼2单元楼道的灯坏了好几天，晚上看不见楼梯。") { reporters status }
}
"""


async def test_the_demo_lamp_is_merged_once_and_a_third_report_of_it_is_suggested(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given the demo's grid worker in grid A1 and the demo resident, and the repeats seeded
    async with database.transaction() as session:
        await create_account(
            session, [(Role.GRID_WORKER, world.orgs["grid_a1"])], username="gridworker"
        )
        written = await seed_repeats(session, root_path=world.orgs["city"].path, now=utcnow())
    async with database.session() as session:
        petitions = list(await session.scalars(select(PetitionRow)))
        steps = Counter(await session.scalars(select(PetitionStepRow.petition_id)))

    # Then the lamp's second report points at the open first, which counts two residents
    assert written == len(petitions) == 5
    [merged] = [row for row in petitions if row.status is PetitionStatus.MERGED]
    master = next(row for row in petitions if row.id == merged.master_id)
    assert (master.status, master.reporters) == (PetitionStatus.ACCEPTED, 2)
    assert all(steps[row.id] == row.version for row in petitions)
    # and a resident writing of the lamp again is shown it
    body = await execute(
        client, SUGGEST, {"grid": world.org_id("grid_a1")}, token=world.tokens["resident"]
    )
    assert body["data"]["petitionDuplicateSuggestions"] == [{"reporters": 2, "status": "ACCEPTED"}]
