"""The development pipeline's steps through the GraphQL API: the whole way from applicant to
full member on the timeline, the guards' errors changing nothing, roles and scope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.development.models import DevelopmentStepRow
from db.engine import Database
from db.events.log import EventRow
from db.members.models import MemberRow, MemberStatus
from db.statements import count_statements
from resolvers.development.workflow import WORKFLOW, one_year_after
from schema.info import today
from schema.relay import from_global_id, to_global_id
from tests.factories import create_development, create_member
from tests.graphql import error_codes, execute
from tests.world import World

STEP = """
mutation ($input: %sInput!) { %s(input: $input) { member { status joinDate version } } }
"""
DEVELOPMENT = """
query ($id: ID!) {
  memberDevelopment(memberId: $id) {
    appliedOn activistSince targetSince politicalReviewOn votesFor votesAgainst votesAbstain
    approvedOn probationSince probationEndsOn probationExtended fullSince cancelledOn
    contacts { name } trainings { heldOn topic hours }
    timeline(first: 20) { totalCount nodes { action fromStatus toStatus effectiveOn actorName note } }
  }
}
"""
WORKFLOW_TABLE = "{ developmentWorkflow { fromStatus action toStatus mutation role } }"


async def step(
    client: httpx.AsyncClient, mutation: str, values: dict[str, Any], token: str
) -> dict[str, Any]:
    name = mutation[0].upper() + mutation[1:]
    return await execute(client, STEP % (name, mutation), {"input": values}, token=token)


def iso(day: date) -> str:
    return day.isoformat()


async def person(database: Database, world: World, status: MemberStatus, **dates: Any) -> str:
    async with database.transaction() as session:
        row = await create_member(
            session,
            world.orgs["grid_a1"],
            status=status,
            join_date=dates.get("probation_since"),
            birth_date=date(1995, 4, 2),
        )
        if dates:
            await create_development(
                session,
                row,
                contacts=[world.members["m1"], world.members["m2"]]
                if dates.pop("contacts", 0)
                else [],
                trainings=dates.pop("trainings", 0),
                **dates,
            )
    return to_global_id("Member", row.id)


async def steps_and_version(database: Database, member_id: str) -> tuple[int, int]:
    _, key = from_global_id(member_id)
    async with database.session() as session:
        steps = await session.scalar(
            select(func.count()).where(DevelopmentStepRow.member_id == key)
        )
        member = await session.get_one(MemberRow, key)
        return int(steps or 0), member.version


async def test_an_applicant_goes_the_whole_way_to_full_member_on_the_timeline(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given an applicant of grid a1 and the community's secretary
    member = await person(database, world, MemberStatus.APPLICANT)
    token = world.tokens["secretary"]
    t = today()
    applied = t - timedelta(days=1200)
    activist = applied + timedelta(days=10)
    target = one_year_after(activist)  # the first day allowed
    vote = target + timedelta(days=30)
    approved = vote + timedelta(days=20)
    confirmed = one_year_after(vote)
    # When every step is taken, each on its first allowed day or later
    taken: list[tuple[str, dict[str, Any]]] = [
        ("recordDevelopmentApplication", {"appliedOn": iso(applied)}),
        (
            "admitActivist",
            {"on": iso(activist), "contactIds": [world.member_id("m1"), world.member_id("m2")]},
        ),
        (
            "recordDevelopmentTraining",
            {"heldOn": iso(activist + timedelta(days=20)), "topic": "党章学习", "hours": 24},
        ),
        (
            "admitDevelopmentTarget",
            {
                "on": iso(target),
                "politicalReviewOn": iso(target),
                "politicalReviewConclusion": "政治合格",
            },
        ),
        (
            "admitProbationary",
            {
                "voteOn": iso(vote),
                "votesFor": 12,
                "votesAgainst": 1,
                "votesAbstain": 1,
                "approvedOn": iso(approved),
            },
        ),
        ("concludeProbation", {"decision": "CONFIRM", "on": iso(confirmed)}),
    ]
    for mutation, values in taken:
        body = await step(client, mutation, {"memberId": member} | values, token)
        assert "errors" not in body, (mutation, body)
    # Then the person is a full member who joined on the day of the vote
    assert body["data"]["concludeProbation"]["member"]["status"] == "FULL"
    assert body["data"]["concludeProbation"]["member"]["joinDate"] == iso(vote)
    # And the record and the timeline hold every date, vote and actor
    found = await execute(client, DEVELOPMENT, {"id": member}, token=token)
    record = found["data"]["memberDevelopment"]
    assert record["appliedOn"] == iso(applied)
    assert record["activistSince"] == iso(activist)
    assert record["targetSince"] == iso(target)
    assert (record["votesFor"], record["votesAgainst"], record["votesAbstain"]) == (12, 1, 1)
    assert record["probationEndsOn"] == iso(confirmed)
    assert record["fullSince"] == iso(confirmed)
    assert len(record["contacts"]) == 2
    assert record["trainings"][0]["hours"] == 24
    timeline = record["timeline"]
    assert timeline["totalCount"] == 6
    assert [node["toStatus"] for node in timeline["nodes"]] == [
        "APPLICANT",
        "ACTIVIST",
        "ACTIVIST",
        "DEVELOPMENT_TARGET",
        "PROBATIONARY",
        "FULL",
    ]
    secretary = world.accounts["secretary"].display_name
    assert {node["actorName"] for node in timeline["nodes"]} == {secretary}
    # And each stage change is an event naming the stages, the records events of their own
    async with database.session() as session:
        types = list(
            await session.scalars(
                select(EventRow.type).where(EventRow.type.like("member.%")).order_by(EventRow.id)
            )
        )
    assert types.count("member.status_changed") == 4
    assert types.count("member.development_recorded") == 2


async def test_a_development_target_cannot_be_made_probationary_before_the_year_is_up(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a development target whose activist year ends tomorrow
    t = today()
    activist = t - timedelta(days=364)
    possible = one_year_after(activist)
    member = await person(
        database,
        world,
        MemberStatus.DEVELOPMENT_TARGET,
        applied_on=activist - timedelta(days=60),
        activist_since=activist,
        target_since=t - timedelta(days=5),
        contacts=1,
        trainings=1,
    )
    before = await steps_and_version(database, member)
    # When the branch records a vote today
    body = await step(
        client,
        "admitProbationary",
        {
            "memberId": member,
            "voteOn": iso(t),
            "votesFor": 9,
            "votesAgainst": 0,
            "votesAbstain": 0,
            "approvedOn": iso(t),
        },
        world.tokens["secretary"],
    )
    # Then it is refused on the vote's date, naming the day it becomes possible
    assert possible > t
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "voteOn"}
    assert f"possible from {iso(possible)}" in body["errors"][0]["message"]
    # And nothing changed
    assert await steps_and_version(database, member) == before


async def test_probation_is_extended_once_then_the_qualification_cancelled(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a probationary member whose year ends today
    t = today()
    member = await person(
        database,
        world,
        MemberStatus.PROBATIONARY,
        probation_since=t - timedelta(days=365),
        probation_ends_on=t,
    )
    token = world.tokens["secretary"]
    # When the branch extends the probation by six months
    extended = await step(
        client,
        "concludeProbation",
        {"memberId": member, "decision": "EXTEND", "on": iso(t), "extendMonths": 6},
        token,
    )
    assert "errors" not in extended, extended
    # Then they stay probationary, and a second extension is refused
    assert extended["data"]["concludeProbation"]["member"]["status"] == "PROBATIONARY"
    again = await step(
        client,
        "concludeProbation",
        {"memberId": member, "decision": "EXTEND", "on": iso(t), "extendMonths": 6},
        token,
    )
    assert again["errors"][0]["extensions"]["field"] == "decision"
    # And a cancellation needs a reason, then ends their membership
    bare = await step(
        client, "concludeProbation", {"memberId": member, "decision": "CANCEL", "on": iso(t)}, token
    )
    assert bare["errors"][0]["extensions"]["field"] == "reason"
    cancelled = await step(
        client,
        "concludeProbation",
        {"memberId": member, "decision": "CANCEL", "on": iso(t), "reason": "不履行党员义务"},
        token,
    )
    assert cancelled["data"]["concludeProbation"]["member"]["status"] == "CANCELLED"
    found = await execute(client, DEVELOPMENT, {"id": member}, token=token)
    record = found["data"]["memberDevelopment"]
    assert record["probationExtended"] is True
    assert record["cancelledOn"] == iso(t)


async def test_a_step_from_another_stage_is_refused_naming_the_steps_there(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await step(
        client,
        "admitActivist",
        {
            "memberId": world.member_id("m3"),
            "on": iso(today()),
            "contactIds": [world.member_id("m1"), world.member_id("m2")],
        },
        world.tokens["secretary"],
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert "APPLICANT only" in body["errors"][0]["message"]


async def test_contacts_must_be_full_members(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    applicant = await person(
        database, world, MemberStatus.APPLICANT, applied_on=today() - timedelta(days=30)
    )
    other = await person(database, world, MemberStatus.APPLICANT)
    body = await step(
        client,
        "admitActivist",
        {"memberId": applicant, "on": iso(today()), "contactIds": [world.member_id("m1"), other]},
        world.tokens["secretary"],
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "contactIds"}


async def test_steps_need_write_access_to_the_persons_branch(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    member = await person(database, world, MemberStatus.APPLICANT)
    values = {"memberId": member, "appliedOn": iso(today() - timedelta(days=3))}
    codes = {
        role: error_codes(
            await step(client, "recordDevelopmentApplication", values, world.tokens[role])
        )
        for role in ("grid_worker", "resident", "outsider")
    }
    assert codes == {
        "grid_worker": ["FORBIDDEN"],
        "resident": ["NOT_FOUND"],
        "outsider": ["NOT_FOUND"],
    }
    assert await steps_and_version(database, member) == (0, 1)


async def test_an_outdated_version_is_a_conflict(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    member = await person(database, world, MemberStatus.APPLICANT)
    body = await step(
        client,
        "recordDevelopmentApplication",
        {"memberId": member, "appliedOn": iso(today()), "expectedVersion": 7},
        world.tokens["secretary"],
    )
    assert error_codes(body) == ["CONFLICT"]
    assert await steps_and_version(database, member) == (0, 1)


async def test_the_workflow_is_a_table_of_every_step(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(client, WORKFLOW_TABLE, token=world.tokens["secretary"])
    rows = body["data"]["developmentWorkflow"]
    assert len(rows) == len(WORKFLOW)
    assert {
        "fromStatus": "DEVELOPMENT_TARGET",
        "action": "ADMITTED_PROBATIONARY",
        "toStatus": "PROBATIONARY",
        "mutation": "admitProbationary",
        "role": "WRITE_MEMBERS",
    } in rows


TIMELINE = """
query ($id: ID!, $first: Int) {
  memberDevelopment(memberId: $id) {
    contacts { name branch { name } }
    timeline(first: $first) { totalCount nodes { action actorName effectiveOn } }
  }
}
"""


async def test_a_long_timeline_costs_the_same_for_10_and_100_steps(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given an activist with 120 training records on their timeline
    member = await person(
        database,
        world,
        MemberStatus.ACTIVIST,
        applied_on=today() - timedelta(days=400),
        activist_since=today() - timedelta(days=300),
        contacts=1,
    )
    token = world.tokens["secretary"]
    for index in range(120):
        body = await step(
            client,
            "recordDevelopmentTraining",
            {
                "memberId": member,
                "heldOn": iso(today() - timedelta(days=index)),
                "topic": f"第{index + 1}课",
                "hours": 2,
            },
            token,
        )
        assert "errors" not in body, body

    async def statements(first: int) -> int:
        with count_statements(app.state.services.database.engine) as seen:
            body = await execute(client, TIMELINE, {"id": member, "first": first}, token=token)
        assert "errors" not in body, body
        assert len(body["data"]["memberDevelopment"]["timeline"]["nodes"]) == first
        return len([text for text in seen if "FROM events" not in text])

    # When the timeline is read 10 and 100 steps at a time
    ten = await statements(10)
    # Then both cost the same few statements
    assert ten == await statements(100)
    assert ten <= 12
