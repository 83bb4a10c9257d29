"""The deadline job: overdue petitions are escalated to the parent exactly once."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta

import httpx
from alembic import command
from sqlalchemy import Connection, func, select
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.events.log import EventRow
from db.migrate import alembic_config
from db.petitions.models import PetitionAction, PetitionRow, PetitionStatus, PetitionStepRow
from resolvers.context import Services
from resolvers.petitions.deadlines import escalate_overdue
from schema.relay import from_global_id
from tests.graphql import execute
from tests.petition_support import insert_petition
from tests.world import World

REMINDERS = "{ myReminders(first: 10) { nodes { rule title body } } }"
PETITION = "query ($id: ID!) { petition(id: $id) { status escalations overdueAt isOverdue handlingOrganization { name } } }"


async def test_two_workers_racing_escalate_each_overdue_petition_once(
    app: Starlette, world: World, database: Database, database_url: str
) -> None:
    late = utcnow() - timedelta(hours=1)
    for _ in range(5):
        await insert_petition(database, world, "in_progress", deadline_at=late)
    await insert_petition(database, world, "in_progress")  # not yet due
    await insert_petition(database, world, "resolved", deadline_at=late)  # done: never overdue
    services: Services = app.state.services
    other = Database(database_url)  # a second instance: its own engine and connections
    try:
        counts = await asyncio.gather(
            escalate_overdue(services),
            escalate_overdue(dataclasses.replace(services, database=other)),
        )
        assert sum(counts) == 5
        assert await escalate_overdue(services) == 0
    finally:
        await other.dispose()
    async with database.session() as session:
        steps = await session.scalar(
            select(func.count()).where(PetitionStepRow.action == PetitionAction.ESCALATE)
        )
        events = await session.scalar(
            select(func.count()).where(EventRow.type == "petition.escalated")
        )
        held = set(
            await session.scalars(
                select(PetitionRow.handling_org_id).where(PetitionRow.overdue_at.is_not(None))
            )
        )
    assert steps == events == 5
    assert held == {world.orgs["community_a"].id}


async def test_an_escalated_petition_shows_where_it_is_now(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    petition_id = await insert_petition(
        database, world, "assigned", deadline_at=utcnow() - timedelta(minutes=5)
    )
    await escalate_overdue(app.state.services)

    body = await execute(client, PETITION, {"id": petition_id}, token=world.tokens["secretary"])

    petition = body["data"]["petition"]
    assert petition["status"] == PetitionStatus.ACCEPTED.name
    assert petition["escalations"] == 1
    assert petition["overdueAt"] is not None
    assert petition["isOverdue"] is True
    assert petition["handlingOrganization"]["name"] == world.orgs["community_a"].name


async def _run_at(services: Services, moment: datetime) -> int:
    return await escalate_overdue(services, now=moment)


async def _holder(database: Database, petition_id: int) -> PetitionRow:
    async with database.session() as session:
        return await session.get_one(PetitionRow, petition_id)


async def test_an_ignored_petition_climbs_level_by_level_to_the_district_and_no_further(
    app: Starlette, world: World, database: Database
) -> None:
    # Given a petition ignored at its grid past its deadline
    start = utcnow()
    global_id = await insert_petition(
        database, world, "assigned", deadline_at=start - timedelta(minutes=1)
    )
    petition_id = from_global_id(global_id)[1]
    services: Services = app.state.services
    hours = services.petitions.level_deadline_hours
    # When the deadline job runs each time the level holding it lets its own deadline pass
    moment = start
    held = []
    for level in ("community", "street", "district", "district"):
        assert await _run_at(services, moment) == 1
        row = await _holder(database, petition_id)
        held.append(row.handling_org_id)
        assert await _run_at(services, moment) == 0  # once per level, however often it runs
        moment += timedelta(hours=hours[level] + 1)
    # Then it went up one level each time, up to the district, and there it stays
    assert held == [
        world.orgs["community_a"].id,
        world.orgs["street_a"].id,
        world.orgs["district_a"].id,
        world.orgs["district_a"].id,
    ]
    assert await _run_at(services, moment + timedelta(days=365)) == 0
    row = await _holder(database, petition_id)
    assert (row.escalations, row.level_deadline_at, row.status) == (
        3,
        None,
        PetitionStatus.ACCEPTED,
    )
    assert row.overdue_at == start  # the first time it was overdue
    async with database.session() as session:
        actions = list(
            await session.scalars(
                select(PetitionStepRow.action)
                .where(PetitionStepRow.petition_id == petition_id)
                .order_by(PetitionStepRow.id)
            )
        )
    climbed = [PetitionAction.OVERDUE, PetitionAction.ESCALATE]
    assert actions == climbed * 3 + [PetitionAction.OVERDUE]


async def test_two_workers_racing_escalate_a_petition_once_at_each_level(
    app: Starlette, world: World, database: Database, database_url: str
) -> None:
    # Given a petition overdue at its grid, and two instances running the job
    start = utcnow()
    global_id = await insert_petition(
        database, world, "in_progress", deadline_at=start - timedelta(minutes=1)
    )
    petition_id = from_global_id(global_id)[1]
    services: Services = app.state.services
    other = Database(database_url)
    try:
        second = dataclasses.replace(services, database=other)
        moment = start
        for level, expected in (("community", 1), ("street", 2), ("district", 3)):
            # When both run at once at each level
            counts = await asyncio.gather(
                escalate_overdue(services, now=moment), escalate_overdue(second, now=moment)
            )
            # Then exactly one of them escalated it, by exactly one level
            assert sorted(counts) == [0, 1]
            assert (await _holder(database, petition_id)).escalations == expected
            moment += timedelta(hours=services.petitions.level_deadline_hours[level] + 1)
    finally:
        await other.dispose()
    async with database.session() as session:
        events = await session.scalar(
            select(func.count()).where(EventRow.type == "petition.escalated")
        )
    assert events == 3


async def test_an_escalation_is_heard_by_the_old_and_the_new_holders(
    app: Starlette, world: World, database: Database
) -> None:
    # Given a petition held by the community past its level deadline
    community = world.orgs["community_a"]
    await insert_petition(
        database,
        world,
        "accepted",
        deadline_at=utcnow() - timedelta(hours=1),
        handling_org_id=community.id,
        handling_org_path=community.path,
    )
    # When the job escalates it
    assert await escalate_overdue(app.state.services) == 1
    # Then its event names both the community and the street as places it concerns
    async with database.session() as session:
        event = await session.scalar(select(EventRow).where(EventRow.type == "petition.escalated"))
    assert event is not None
    assert event.org_path == world.orgs["grid_a1"].path
    assert event.also_paths == sorted([community.path, world.orgs["street_a"].path])
    assert event.payload["changes"]["level"] == "street"


async def test_the_handlers_of_the_level_it_reaches_are_reminded_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition overdue at grid A1, whose community has a secretary
    await insert_petition(database, world, "submitted", deadline_at=utcnow() - timedelta(hours=1))
    # When the job escalates it (and runs again)
    await escalate_overdue(app.state.services)
    await escalate_overdue(app.state.services)
    # Then the community's secretary finds one reminder of it; the grid worker none
    body = await execute(client, REMINDERS, token=world.tokens["secretary"])
    reminders = body["data"]["myReminders"]["nodes"]
    assert [r["rule"] for r in reminders] == ["petition_escalated"]
    assert "已升级至" in reminders[0]["body"]
    body = await execute(client, REMINDERS, token=world.tokens["grid_worker"])
    assert body["data"]["myReminders"]["nodes"] == []


async def test_a_stuck_petition_held_at_the_top_is_marked_overdue_once_and_stays(
    app: Starlette, world: World, database: Database
) -> None:
    # Given a petition held by the district past its level deadline
    district = world.orgs["district_a"]
    global_id = await insert_petition(
        database,
        world,
        "accepted",
        deadline_at=utcnow() - timedelta(hours=1),
        handling_org_id=district.id,
        handling_org_path=district.path,
    )
    # When the job runs twice
    services: Services = app.state.services
    counts = [await escalate_overdue(services), await escalate_overdue(services)]
    # Then it was marked overdue once and never handed to the city
    row = await _holder(database, from_global_id(global_id)[1])
    assert counts == [1, 0]
    assert (row.handling_org_id, row.escalations, row.level_deadline_at) == (district.id, 0, None)


async def test_a_level_with_nobody_bound_passes_the_reminder_to_the_nearest_one_above(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition overdue at the community; nobody handles petitions at street A or
    # district A, the administrator does at the city
    community = world.orgs["community_a"]
    await insert_petition(
        database,
        world,
        "accepted",
        deadline_at=utcnow() - timedelta(hours=1),
        handling_org_id=community.id,
        handling_org_path=community.path,
    )
    # When the job escalates it to the street
    assert await escalate_overdue(app.state.services) == 1
    # Then the city's administrator is reminded, and the community's secretary is not
    admin = await execute(client, REMINDERS, token=world.tokens["admin"])
    secretary = await execute(client, REMINDERS, token=world.tokens["secretary"])
    assert [r["rule"] for r in admin["data"]["myReminders"]["nodes"]] == ["petition_escalated"]
    assert secretary["data"]["myReminders"]["nodes"] == []


async def test_a_petition_the_earlier_job_left_stuck_climbs_on_after_the_migration(
    app: Starlette, world: World, database: Database
) -> None:
    # Given a petition as the earlier job left it: overdue ten days ago, escalated once to the
    # community, and overdue there ever since ("物业服务不到位", still ACCEPTED)
    community = world.orgs["community_a"]
    overdue = utcnow() - timedelta(days=10)
    global_id = await insert_petition(
        database,
        world,
        "accepted",
        title="物业服务不到位",
        deadline_at=overdue,
        overdue_at=overdue,
        escalations=1,
        handling_org_id=community.id,
        handling_org_path=community.path,
    )

    # When the database is migrated from before this revision
    def remigrate(connection: Connection) -> None:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
        command.upgrade(config, "head")

    async with database.writes.begin() as connection:
        await connection.run_sync(remigrate)
    # Then its community deadline counts from when it was overdue, and the job hands it on
    row = await _holder(database, from_global_id(global_id)[1])
    assert row.level_deadline_at == overdue + timedelta(hours=72)
    assert await escalate_overdue(app.state.services) == 1
    row = await _holder(database, from_global_id(global_id)[1])
    assert (row.handling_org_id, row.escalations) == (world.orgs["street_a"].id, 2)
