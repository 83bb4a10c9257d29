"""Merging duplicate reports: the master counts the residents, the figures count one open
problem, the reports follow the master's resolution, every reporter hears of it once."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.accounts.models import Role
from db.engine import Database
from db.events.log import EventRow
from db.events.types import EventType
from db.paths import inbox_path
from db.petitions.tallies import PetitionTallyRow, rebuild_petition_tallies
from tests.factories import create_account, token_for
from tests.graphql import error_codes, execute
from tests.petition_support import advance, categories, step, submit
from tests.world import World

MERGE = """
mutation ($input: MergePetitionInput!) {
  mergePetition(input: $input) {
    petition { id status version reporters mergedInto { id } timeline { action note } }
  }
}
"""
PETITION = """
query ($id: ID!) { node(id: $id) { ... on Petition { status reporters resolution satisfaction
  timeline { action toStatus } } } }
"""
FIGURES = """
query ($under: ID!) {
  petitionStatistics(under: $under, days: 7) { total openNow byStatus { status count } }
}
"""
LAMP = "3号楼楼道灯坏了一个星期，晚上回家看不见台阶，老人容易摔倒。"
LAMP_AGAIN = "3号楼楼道的灯坏了好几天了，楼梯一片漆黑，请尽快修一下楼道灯。"


async def _second_resident(app: Starlette, world: World, database: Database) -> str:
    async with database.transaction() as session:
        account = await create_account(
            session, [(Role.RESIDENT, world.orgs["community_a"])], username="neighbour"
        )
    world.accounts["neighbour"] = account
    return token_for(app.state.services.tokens, account)


async def _two_reports(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> tuple[dict[str, Any], dict[str, Any]]:
    codes = await categories(database)
    master = await submit(client, world, codes, title="楼道灯坏了", content=LAMP)
    world.tokens["neighbour"] = await _second_resident(app, world, database)
    report = await submit(
        client, world, codes, role="neighbour", title="楼道没有灯", content=LAMP_AGAIN
    )
    return master, report


async def _merge(
    client: httpx.AsyncClient, token: str, report: dict[str, Any], master: dict[str, Any]
) -> dict[str, Any]:
    variables = {"input": {"id": report["id"], "masterId": master["id"], "expectedVersion": 1}}
    return await execute(client, MERGE, variables, token=token)


async def _figures(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    body = await execute(
        client, FIGURES, {"under": world.org_id("community_a")}, token=world.tokens["secretary"]
    )
    assert "errors" not in body, body
    figures = body["data"]["petitionStatistics"]
    by_status = {
        found["status"]: found["count"] for found in figures.pop("byStatus") if found["count"]
    }
    return dict(figures) | {"byStatus": by_status}


async def _told(database: Database, account_id: int, action: str) -> int:
    """How often the resident's inbox heard of a step `action` of their petitions."""
    async with database.session() as session:
        events = await session.scalars(
            select(EventRow).where(
                EventRow.type == EventType.PETITION_CHANGED_FOR_SUBMITTER.value,
                EventRow.org_path == inbox_path(account_id),
            )
        )
        return sum(1 for event in events if event.payload["changes"]["action"] == action)


async def test_a_merged_report_leaves_the_open_count_and_the_master_counts_two_residents(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given two residents' reports of one lamp, both open
    master, report = await _two_reports(client, app, world, database)
    before = await _figures(client, world)

    # When the grid worker merges the second into the first
    body = await _merge(client, world.tokens["grid_worker"], report, master)

    # Then the report is merged, pointing at a master that two residents reported
    assert "errors" not in body, body
    merged = body["data"]["mergePetition"]["petition"]
    assert merged["status"] == "MERGED"
    assert merged["mergedInto"] == {"id": master["id"]}
    found = await execute(client, PETITION, {"id": master["id"]}, token=world.tokens["secretary"])
    assert found["data"]["node"]["reporters"] == 2
    assert merged["timeline"][-1]["action"] == "MERGE"
    # and the figures count one open problem among the same received petitions
    after = await _figures(client, world)
    assert after["total"] == before["total"]
    assert after["openNow"] == before["openNow"] - 1
    assert after["byStatus"] == {"SUBMITTED": 1, "MERGED": 1}
    # and the kept tallies equal a recount
    assert await _tallies(database) == await _recounted(database)


async def _tallies(database: Database) -> list[tuple[Any, ...]]:
    async with database.session() as session:
        t = PetitionTallyRow
        rows = await session.execute(
            select(t.organization_id, t.day, t.status, t.category_id, t.petitions, t.resolved)
            .where(t.petitions != 0)
            .order_by(t.organization_id, t.day, t.status, t.category_id)
        )
        return [tuple(row) for row in rows]


async def _recounted(database: Database) -> list[tuple[Any, ...]]:
    async with database.transaction() as session:
        await rebuild_petition_tallies(session)
    return await _tallies(database)


async def test_resolving_the_master_resolves_every_report_and_tells_each_resident_once(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given a report merged into a master
    master, report = await _two_reports(client, app, world, database)
    assert "errors" not in await _merge(client, world.tokens["grid_worker"], report, master)

    # When the master is carried to its resolution
    await advance(client, world, master["id"], ["accept", "assign", "start", "resolve"])

    # Then the merged report is resolved with the master's resolution
    body = await execute(client, PETITION, {"id": report["id"]}, token=world.tokens["neighbour"])
    followed = body["data"]["node"]
    assert followed["status"] == "RESOLVED"
    assert followed["resolution"] == "已更换楼道灯泡"
    # and each resident heard of the resolution exactly once
    assert await _told(database, world.accounts["resident"].id, "resolve") == 1
    assert await _told(database, world.accounts["neighbour"].id, "resolve") == 1
    # and the second resident rates it as their own
    rated = await step(client, world.tokens["neighbour"], "rate", report["id"], satisfaction=4)
    assert "errors" not in rated, rated
    assert (await _figures(client, world))["byStatus"] == {"RESOLVED": 1, "RATED": 1}
    assert await _tallies(database) == await _recounted(database)


RESOLVED_AGAIN = "已更换整条楼道的灯具"


async def _resolved_again(client: httpx.AsyncClient, world: World, master: dict[str, Any]) -> None:
    """The master resolved, reopened by its resident, and resolved again another way."""
    await advance(client, world, master["id"], ["accept", "assign", "start", "resolve", "reopen"])
    body = await step(
        client, world.tokens["secretary"], "resolve", master["id"], resolution=RESOLVED_AGAIN
    )
    assert "errors" not in body, body


async def test_a_master_resolved_again_after_a_reopen_tells_each_merged_reporter_again(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given a report merged into a master
    master, report = await _two_reports(client, app, world, database)
    assert "errors" not in await _merge(client, world.tokens["grid_worker"], report, master)

    # When the master is resolved, reopened by its resident and resolved again
    await _resolved_again(client, world, master)

    # Then each resident heard of each resolution once: twice in all
    assert await _told(database, world.accounts["resident"].id, "resolve") == 2
    assert await _told(database, world.accounts["neighbour"].id, "resolve") == 2
    # and the report, still resolved, carries the new resolution, the step on its timeline
    body = await execute(client, PETITION, {"id": report["id"]}, token=world.tokens["neighbour"])
    followed = body["data"]["node"]
    assert (followed["status"], followed["resolution"]) == ("RESOLVED", RESOLVED_AGAIN)
    assert [s["action"] for s in followed["timeline"]][-2:] == ["RESOLVE", "RESOLVE"]
    assert await _tallies(database) == await _recounted(database)


async def test_a_report_rated_before_the_master_was_reopened_keeps_its_rating_when_told_again(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given a report merged into a master, resolved with it and rated by its resident
    master, report = await _two_reports(client, app, world, database)
    assert "errors" not in await _merge(client, world.tokens["grid_worker"], report, master)
    await advance(client, world, master["id"], ["accept", "assign", "start", "resolve"])
    rated = await step(client, world.tokens["neighbour"], "rate", report["id"], satisfaction=4)
    assert "errors" not in rated, rated

    # When the master is reopened by its own resident and resolved again
    await advance(client, world, master["id"], ["reopen"])
    body = await step(
        client, world.tokens["secretary"], "resolve", master["id"], resolution=RESOLVED_AGAIN
    )
    assert "errors" not in body, body

    # Then the report's resident is told again, and the report keeps its rating
    assert await _told(database, world.accounts["neighbour"].id, "resolve") == 2
    found = await execute(client, PETITION, {"id": report["id"]}, token=world.tokens["neighbour"])
    node = found["data"]["node"]
    assert (node["status"], node["satisfaction"], node["resolution"]) == (
        "RATED", 4, RESOLVED_AGAIN,
    )  # fmt: skip
    assert await _tallies(database) == await _recounted(database)


async def test_a_resident_may_not_merge_reports(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given two reports, one of them the resident's own
    master, report = await _two_reports(client, app, world, database)

    # When the resident merges their report into the other, or the other into theirs
    into_other = await _merge(client, world.tokens["neighbour"], report, master)
    into_own = await _merge(client, world.tokens["resident"], report, master)

    # Then the petition they may not read is not found, and their own is not theirs to merge
    assert error_codes(into_other) == ["NOT_FOUND"]
    assert error_codes(into_own) == ["NOT_FOUND"]


async def test_a_stale_version_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given a report accepted since it was read at version 1
    master, report = await _two_reports(client, app, world, database)
    assert "errors" not in await step(client, world.tokens["secretary"], "accept", report["id"])

    # When it is merged as of version 1
    body = await _merge(client, world.tokens["secretary"], report, master)

    # Then it is refused and the master still counts one resident
    assert error_codes(body) == ["CONFLICT"]
    found = await execute(client, PETITION, {"id": master["id"]}, token=world.tokens["secretary"])
    assert found["data"]["node"]["reporters"] == 1


async def test_reports_of_another_grid_are_not_merged(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    codes = await categories(database)
    master = await submit(client, world, codes, title="楼道灯坏了", content=LAMP)
    other = await submit(
        client, world, codes, title="楼道灯坏了", content=LAMP, gridId=world.org_id("grid_a2")
    )

    body = await _merge(client, world.tokens["secretary"], other, master)

    assert error_codes(body) == ["BAD_USER_INPUT"]
    async with database.session() as session:
        merged = await session.scalar(
            select(func.count()).select_from(EventRow).where(EventRow.type == "petition.merged")
        )
    assert merged == 0
