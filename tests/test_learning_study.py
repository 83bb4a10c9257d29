"""A member's study sessions: started and finished on the server's clock, never claiming more
minutes than passed, never overlapping; a finish retried is credited once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from resolvers.errors import BadUserInput, Conflict
from resolvers.learning.study import finish_study_session, start_study_session
from schema.relay import from_global_id
from tests.graphql import error_codes, execute
from tests.learning_support import MY_STUDY, at, context_of, make_learners, publish
from tests.world import World

START = "mutation ($c: ID!) { startStudySession(courseId: $c) { session { id isOpen } } }"
FINISH = """
mutation ($input: FinishStudySessionInput!) {
  finishStudySession(input: $input) { session { minutes isOpen } study { creditedMinutes } }
}
"""


def key(global_id: str) -> int:
    return from_global_id(global_id)[1]


async def test_a_session_cannot_claim_more_minutes_than_have_passed(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 started a street course at 09:00 UTC
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    context = await context_of(app, database, learners.accounts["m1"])
    started = await start_study_session(
        context, key(course["id"]), course["id"], now=at("2026-03-02T09:00")
    )
    # when they finish twenty minutes later claiming 25, then 20
    later = at("2026-03-02T09:20")
    with pytest.raises(BadUserInput) as refused:
        await finish_study_session(context, started.id, "s", 25, now=later)
    done = await finish_study_session(context, started.id, "s", 20, now=later)
    # then the claim of 25 is refused, naming the 20 minutes passed, and 20 are credited
    assert "Only 20 minutes have passed" in str(refused.value)
    assert (done.minutes, done.finished_at) == (20, later)


async def test_a_session_finished_without_a_claim_credits_the_whole_minutes_passed(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a session started at 09:00:00
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    context = await context_of(app, database, learners.accounts["m1"])
    started = await start_study_session(
        context, key(course["id"]), course["id"], now=at("2026-03-02T09:00")
    )
    # when it is finished 37 minutes and 50 seconds later
    done = await finish_study_session(
        context,
        started.id,
        "s",
        None,
        now=at("2026-03-02T09:00") + timedelta(minutes=37, seconds=50),
    )
    # then 37 whole minutes are credited
    assert done.minutes == 37


async def test_sessions_cannot_overlap_a_second_waits_for_the_first_to_finish(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 has a session open
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    context = await context_of(app, database, learners.accounts["m1"])
    first = await start_study_session(
        context, key(course["id"]), course["id"], now=at("2026-03-02T09:00")
    )
    # when they start another before finishing it
    with pytest.raises(Conflict):
        await start_study_session(
            context, key(course["id"]), course["id"], now=at("2026-03-02T09:10")
        )
    # then it is refused; once the first finishes, the next starts no earlier than its end
    await finish_study_session(context, first.id, "s", 30, now=at("2026-03-02T09:30"))
    second = await start_study_session(
        context,
        key(course["id"]),
        course["id"],
        now=at("2026-03-02T09:25"),  # a clock behind
    )
    assert second.started_at == at("2026-03-02T09:30")


async def test_finishing_a_session_again_credits_it_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a session finished with 30 minutes
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    context = await context_of(app, database, learners.accounts["m1"])
    started = await start_study_session(
        context, key(course["id"]), course["id"], now=at("2026-03-02T09:00")
    )
    await finish_study_session(context, started.id, "s", 30, now=at("2026-03-02T09:40"))
    # when the finish is retried
    again = await finish_study_session(context, started.id, "s", 35, now=at("2026-03-02T09:50"))
    # then it answers with the session as finished, and the year holds 30 minutes
    assert again.minutes == 30
    body = await execute(
        client, "{ myStudy(year: 2026) { creditedMinutes } }", token=learners.token("m1")
    )
    assert body["data"]["myStudy"]["creditedMinutes"] == 30


async def test_a_member_studies_over_graphql_and_sees_the_session(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a course published to m1's street
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    token = learners.token("m1")
    # when m1 starts a session, and finishes it at once claiming nothing more than passed
    started = await execute(client, START, {"c": course["id"]}, token=token)
    session = started["data"]["startStudySession"]["session"]
    open_now = (await execute(client, MY_STUDY, token=token))["data"]["myStudy"]["openSession"]
    finished = await execute(
        client, FINISH, {"input": {"sessionId": session["id"], "minutes": 0}}, token=token
    )
    over = await execute(
        client, FINISH, {"input": {"sessionId": session["id"], "minutes": -1}}, token=token
    )
    # then the session was open, is finished with 0 minutes, and a negative claim is refused
    assert session["isOpen"]
    assert open_now == {"id": session["id"]}
    assert finished["data"]["finishStudySession"]["session"] == {"minutes": 0, "isOpen": False}
    assert error_codes(over) == ["BAD_USER_INPUT"]


async def test_only_members_whose_branch_the_course_reaches_may_study_it(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a course of street A; m4 is in district B, and the secretary is no member
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    # when m4 and the secretary try to start it
    outside = await execute(client, START, {"c": course["id"]}, token=learners.token("m4"))
    staff = await execute(client, START, {"c": course["id"]}, token=world.tokens["secretary"])
    # then m4 finds no such course, and the secretary may not study for anyone
    assert error_codes(outside) == ["NOT_FOUND"]
    assert error_codes(staff) == ["FORBIDDEN"]


async def test_finishes_sent_at_once_credit_the_session_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a session open for 40 minutes
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    context = await context_of(app, database, learners.accounts["m1"])
    started = await start_study_session(
        context, key(course["id"]), course["id"], now=at("2026-03-02T09:00")
    )
    # when three finishes claiming 30 minutes arrive at once
    done = await asyncio.gather(
        *(
            finish_study_session(context, started.id, "s", 30, now=at("2026-03-02T09:40"))
            for _ in range(3)
        )
    )
    # then each answers with the session, and the ledger holds one entry of 30 minutes
    assert {row.minutes for row in done} == {30}
    body = await execute(
        client,
        "{ myStudy(year: 2026) { creditedMinutes credits { totalCount } } }",
        token=learners.token("m1"),
    )
    assert body["data"]["myStudy"] == {"creditedMinutes": 30, "credits": {"totalCount": 1}}
