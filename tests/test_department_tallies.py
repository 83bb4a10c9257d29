"""The departments' kept figures equal a recount from the dispatches and petitions after
dispatches, returns, co-handling, reports late and on time, confirmations and ratings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette

from db.base import utcnow
from db.departments.models import DispatchRow, DispatchStatus
from db.departments.tallies import FIGURES, SATISFIED, DepartmentTallyRow
from db.engine import Database
from db.petitions.models import PetitionRow
from schema.relay import from_global_id
from tests.department_support import Departments, build_departments, dispatched, stepped
from tests.petition_support import insert_petition, step
from tests.world import World


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


async def recount(database: Database) -> dict[int, tuple[int, ...]]:
    """Each department's figures from the dispatches and their petitions, brute force."""
    found: dict[int, list[int]] = {}
    async with database.transaction() as session:
        rows = await session.execute(
            select(DispatchRow, PetitionRow.satisfaction).join(
                PetitionRow, PetitionRow.id == DispatchRow.petition_id
            )
        )
        for dispatch, rating in rows:
            figures = found.setdefault(dispatch.department_id, [0] * len(FIGURES))
            reported_at = dispatch.reported_at
            confirmed = dispatch.status is DispatchStatus.CONFIRMED
            score = rating if confirmed and rating is not None else 0
            for index, amount in enumerate(
                (
                    1,
                    int(dispatch.status is DispatchStatus.RETURNED),
                    int(reported_at is not None),
                    int(reported_at is not None and reported_at <= dispatch.deadline_at),
                    int(confirmed),
                    int(score > 0),
                    int(score >= SATISFIED),
                    score,
                )
            ):
                figures[index] += amount
    return {key: tuple(value) for key, value in found.items()}


async def kept(database: Database) -> dict[int, tuple[int, ...]]:
    async with database.transaction() as session:
        rows = (await session.scalars(select(DepartmentTallyRow))).all()
        return {row.department_id: tuple(getattr(row, name) for name in FIGURES) for row in rows}


async def test_kept_figures_equal_a_recount_after_every_kind_of_step(
    client: httpx.AsyncClient, world: World, database: Database, departments: Departments
) -> None:
    # Given three petitions held by community A
    community = world.orgs["community_a"]
    held: dict[str, Any] = {
        "handling_org_id": community.id,
        "handling_org_path": community.path,
    }
    petitions = [await insert_petition(database, world, "accepted", **held) for _ in range(3)]
    secretary = world.tokens["secretary"]
    cg, fg = departments.tokens["cg_a"], departments.tokens["fg_a"]
    # When the first is returned once, dispatched again with a co-handler, handled, confirmed,
    # rated 5
    [returned] = await dispatched(
        client, secretary, petitions[0], departmentId=departments.id("cg_a")
    )
    await stepped(client, cg, "return", returned["id"])
    lead, co = await dispatched(
        client,
        secretary,
        petitions[0],
        departmentId=departments.id("cg_a"),
        coHandlerIds=[departments.id("fg_a")],
    )
    await stepped(client, cg, "accept", lead["id"])
    await stepped(client, fg, "accept", co["id"])
    await stepped(client, fg, "contribute", co["id"])
    await stepped(client, cg, "report", lead["id"])
    await stepped(client, secretary, "confirm", lead["id"])
    assert "errors" not in await step(client, world.tokens["resident"], "rate", petitions[0])
    # And the second is reported after its deadline, confirmed and rated 2
    [late] = await dispatched(client, secretary, petitions[1], departmentId=departments.id("fg_a"))
    await stepped(client, fg, "accept", late["id"])
    async with database.transaction() as session:
        await session.execute(
            update(DispatchRow)
            .where(DispatchRow.id == from_global_id(late["id"])[1])
            .values(deadline_at=utcnow() - timedelta(hours=1))
        )
    await stepped(client, fg, "report", late["id"])
    await stepped(client, secretary, "confirm", late["id"])
    await step(client, world.tokens["resident"], "rate", petitions[1], satisfaction=2)
    # And the third is dispatched and left waiting
    await dispatched(client, secretary, petitions[2], departmentId=departments.id("cg_a"))
    # Then the kept figures are the recount's
    assert await kept(database) == await recount(database)
    cg_id = departments.rows["cg_a"].id
    assert (await kept(database))[cg_id] == (3, 1, 1, 1, 1, 1, 1, 5)
