"""The development reminder rule: the secretaries above someone due for their next step this
month hear of it once per person and month, however many producers race; nobody else does,
and nobody hears of people not yet due."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, datetime, time, timedelta

import httpx
from sqlalchemy import delete, select
from starlette.applications import Starlette

from db.accounts.models import Role, RoleBindingRow
from db.base import CHINA_STANDARD_TIME
from db.engine import Database
from db.members.models import MemberRow, MemberStatus
from db.organizations.models import OrganizationRow
from db.reminders.models import ReminderRow
from resolvers.context import Services
from resolvers.development.reminders import DEVELOPMENT_STEP_DUE
from resolvers.development.workflow import month_end
from resolvers.reminders.produce import produce_reminders
from schema.info import today
from schema.relay import to_global_id
from tests.factories import create_account, create_development, create_member
from tests.graphql import execute
from tests.world import World

MINE = "{ myReminders { nodes { rule period subjectId title } } }"


def noon_today() -> datetime:
    return datetime.combine(today(), time(12), CHINA_STANDARD_TIME)


async def people_due_and_not(database: Database, world: World) -> dict[str, MemberRow]:
    """In community A: an activist of 400 days (overdue), one of 100 days (not due), an
    applicant; in community B: a probationary member whose probation ends this month's last
    day, and one whose probation ends next month."""
    t = today()
    people: dict[str, MemberRow] = {}
    async with database.transaction() as session:
        a, b = world.orgs["grid_a1"], world.orgs["grid_b1"]
        cases: tuple[tuple[str, OrganizationRow, MemberStatus, dict[str, date]], ...] = (
            ("overdue", a, MemberStatus.ACTIVIST, {"activist_since": t - timedelta(days=400)}),
            ("early", a, MemberStatus.ACTIVIST, {"activist_since": t - timedelta(days=100)}),
            ("applicant", a, MemberStatus.APPLICANT, {"applied_on": t - timedelta(days=900)}),
            ("ending", b, MemberStatus.PROBATIONARY, {"probation_ends_on": month_end(t)}),
            (
                "later",
                b,
                MemberStatus.PROBATIONARY,
                {"probation_ends_on": month_end(t) + timedelta(days=1)},
            ),
        )
        for name, branch, status, dates in cases:
            people[name] = await create_member(session, branch, status=status, join_date=None)
            await create_development(session, people[name], **dates)  # type: ignore[arg-type]
    return people


async def test_the_nearest_secretaries_hear_once_of_whoever_is_due_this_month(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given people due and not due in both communities
    people = await people_due_and_not(database, world)
    services = app.state.services
    # when the rule runs twice
    produced = [
        await produce_reminders(services, [DEVELOPMENT_STEP_DUE], now=noon_today()) for _ in "ab"
    ]
    # then community A's secretary hears of the overdue activist, community B's of the
    # probation ending this month, each once; the admin (above them) and others hear nothing
    assert produced == [2, 0]
    mine = (await execute(client, MINE, token=world.tokens["secretary"]))["data"]
    (reminder,) = mine["myReminders"]["nodes"]
    assert reminder["rule"] == "development_step_due"
    assert reminder["subjectId"] == to_global_id("Member", people["overdue"].id)
    assert reminder["period"] == f"{today():%Y-%m}"
    assert people["overdue"].name in reminder["title"]
    theirs = (await execute(client, MINE, token=world.tokens["outsider"]))["data"]
    assert [item["title"] for item in theirs["myReminders"]["nodes"]] == [
        f"党员发展：{people['ending'].name}本月可讨论预备期满转正"
    ]
    for other in ("admin", "grid_worker", "resident"):
        body = await execute(client, MINE, token=world.tokens[other])
        assert body["data"]["myReminders"]["nodes"] == [], other


async def test_a_secretary_of_the_branch_itself_hears_instead_of_the_community(
    app: Starlette, world: World, database: Database
) -> None:
    # given a secretary bound to grid A1 itself, and the overdue activist there
    people = await people_due_and_not(database, world)
    async with database.transaction() as session:
        branch_secretary = await create_account(session, [(Role.SECRETARY, world.orgs["grid_a1"])])
    # when the rule runs
    await produce_reminders(app.state.services, [DEVELOPMENT_STEP_DUE], now=noon_today())
    # then the branch's secretary is reminded of the activist, the community's is not
    about = await reminded(database, people["overdue"].id)
    assert about == [branch_secretary.id]


async def test_two_producers_racing_store_each_reminder_once(
    app: Starlette, world: World, database: Database, database_url: str
) -> None:
    # given people due, and two instances' producers (each with its own database pool)
    people = await people_due_and_not(database, world)
    services: Services = app.state.services
    other = Database(database_url)
    try:
        # when three runs race
        produced = await asyncio.gather(
            produce_reminders(services, [DEVELOPMENT_STEP_DUE], now=noon_today()),
            produce_reminders(
                dataclasses.replace(services, database=other),
                [DEVELOPMENT_STEP_DUE],
                now=noon_today(),
            ),
            produce_reminders(services, [DEVELOPMENT_STEP_DUE], now=noon_today()),
        )
    finally:
        await other.dispose()
    # then between them each due person's secretary was reminded exactly once
    assert sum(produced) == 2
    assert await reminded(database, people["overdue"].id) == [world.accounts["secretary"].id]
    assert await reminded(database, people["ending"].id) == [world.accounts["outsider"].id]
    assert await reminded(database, people["early"].id) == []


async def test_next_month_brings_a_new_reminder_for_who_is_still_due(
    app: Starlette, world: World, database: Database
) -> None:
    # given the overdue activist, reminded this month
    people = await people_due_and_not(database, world)
    services = app.state.services
    await produce_reminders(services, [DEVELOPMENT_STEP_DUE], now=noon_today())
    # when the rule runs in the next month (the activist still not promoted)
    next_month = datetime.combine(
        month_end(today()) + timedelta(days=2), time(12), CHINA_STANDARD_TIME
    )
    produced = await produce_reminders(services, [DEVELOPMENT_STEP_DUE], now=next_month)
    # then they are reminded again, for that month (with the probation that ended meanwhile
    # and the one that ends then)
    assert produced == 3
    assert len(await reminded(database, people["overdue"].id)) == 2


async def reminded(database: Database, member_id: int) -> list[int]:
    async with database.session() as session:
        found = await session.scalars(
            select(ReminderRow.account_id)
            .where(ReminderRow.rule == "development_step_due", ReminderRow.subject_id == member_id)
            .order_by(ReminderRow.account_id)
        )
        return list(found)


async def test_people_without_a_secretary_above_them_do_not_crowd_out_the_others(
    app: Starlette, world: World, database: Database
) -> None:
    # given community B's secretary unbound, and the overdue activist of community A
    people = await people_due_and_not(database, world)
    async with database.transaction() as session:
        await session.execute(
            delete(RoleBindingRow).where(RoleBindingRow.account_id == world.accounts["outsider"].id)
        )
    # when the rule's own read runs
    async with database.session() as session:
        found = await DEVELOPMENT_STEP_DUE.find(session, noon_today())
    # then it finds only the activist, whose secretary hears of them
    assert [(draft.account_id, draft.subject_id) for draft in found] == [
        (world.accounts["secretary"].id, people["overdue"].id)
    ]
