"""The departments' kept figures equal a recount from the dispatches and petitions after
dispatches, returns, co-handling, reports late and on time, confirmations and ratings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from db.base import utcnow
from db.departments.models import DispatchRow
from db.engine import Database
from schema.relay import from_global_id
from tests.department_support import (
    Departments,
    build_departments,
    dispatched,
    kept_figures,
    recount_figures,
    stepped,
)
from tests.petition_support import insert_petition, step
from tests.world import World


@pytest.fixture
async def departments(app: Starlette, database: Database, world: World) -> Departments:
    return await build_departments(database, app.state.services.tokens, world)


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
    assert await kept_figures(database) == await recount_figures(database)
    cg_id = departments.rows["cg_a"].id
    assert (await kept_figures(database))[cg_id] == (3, 1, 1, 1, 1, 1, 1, 5)
