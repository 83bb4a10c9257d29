"""The demo's departments: dispatches of the demo community's petitions in every state, kept
figures equal to a recount, timelines that tell them, and work for the `department` account."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from sqlalchemy import select

from db.departments.models import DispatchRow, DispatchStatus
from db.engine import Database
from db.petitions.models import PetitionRow, PetitionStepRow
from tests.databases import SeedDemo
from tests.department_support import kept_figures, recount_figures
from tests.graphql import execute
from tests.test_co_building_demo import token

MY_DISPATCHES = "{ myDispatches(first: 50) { nodes { status petition { status } } } }"


@pytest.fixture
async def seeded(database: Database, demo: SeedDemo) -> Database:
    await demo(database, members=1500, petitions=1500, history_days=1)
    return database


async def test_the_demo_dispatches_tell_their_story_and_its_figures_are_kept(
    seeded: Database,
) -> None:
    async with seeded.session() as session:
        dispatches = list(await session.scalars(select(DispatchRow)))
        petitions = {
            row.id: row
            for row in await session.scalars(
                select(PetitionRow).where(PetitionRow.id.in_({d.petition_id for d in dispatches}))
            )
        }
        steps = Counter(
            await session.scalars(
                select(PetitionStepRow.petition_id).where(
                    PetitionStepRow.petition_id.in_(list(petitions))
                )
            )
        )
    assert {d.status for d in dispatches} >= {
        DispatchStatus.DISPATCHED,
        DispatchStatus.ACCEPTED,
        DispatchStatus.REPORTED,
        DispatchStatus.RETURNED,
        DispatchStatus.CONFIRMED,
    }
    assert all(steps[key] == row.version for key, row in petitions.items())
    assert await kept_figures(seeded) == await recount_figures(seeded)


async def test_the_demo_department_account_has_work_in_hand(
    seeded: Database, client: httpx.AsyncClient
) -> None:
    body = await execute(client, MY_DISPATCHES, token=await token(client, "department"))
    statuses = {node["status"] for node in body["data"]["myDispatches"]["nodes"]}
    assert {"DISPATCHED", "ACCEPTED", "REPORTED", "RETURNED", "CONFIRMED"} <= statuses
