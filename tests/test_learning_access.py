"""Scope everywhere in learning: courses reach the subtrees they were published to and the
branches below; a member's study is theirs and their branch's staff's only; completion
figures and study events stay in the subtree that may read them."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.events.types import EntityType
from resolvers.accounts.identities import load_viewer
from tests.graphql import error_codes, execute
from tests.learning_support import course_input, make_learners, publish
from tests.world import World

COURSES = "{ courses { totalCount nodes { title } } }"
RECORD = "query ($m: ID!) { studyRecord(memberId: $m) { creditedMinutes member { id } } }"
COMPLETION = "query ($o: ID!) { learningCompletion(under: $o) { members learners } }"
PUBLISH = (
    "mutation ($input: PublishCourseInput!) { publishCourse(input: $input) { course { id } } }"
)
NODE = "query ($id: ID!) { node(id: $id) { id } }"


async def test_a_course_reaches_the_members_of_its_subtree_and_no_one_else(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a course of street A
    learners = await make_learners(database, world, app)
    course = await publish(client, world, "street_a")
    # when m1 (a grid of street A), m4 (district B), the secretaries of A and B and a resident
    # list the courses and look the course up
    seen = {}
    for who in ("m1", "m4", "secretary", "outsider", "resident"):
        token = learners.token(who)
        listed = (await execute(client, COURSES, token=token))["data"]["courses"]["totalCount"]
        found = (await execute(client, NODE, {"id": course["id"]}, token=token))["data"]["node"]
        seen[who] = (listed, found is not None)
    # then the members below street A and its community's secretary see it; nobody else does
    assert seen == {
        "m1": (1, True),
        "m4": (0, False),
        "secretary": (1, True),
        "outsider": (0, False),
        "resident": (0, False),
    }


async def test_only_who_manages_learning_there_may_publish(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the secretary of community A, and m1 (a member)
    learners = await make_learners(database, world, app)
    # when each publishes to community B (the secretary), or to their own branch (m1)
    other = {"input": course_input("community_b", world)}
    member = {"input": course_input("grid_a1", world)}
    refused = await execute(client, PUBLISH, other, token=world.tokens["secretary"])
    own = await execute(client, PUBLISH, member, token=learners.token("m1"))
    # then neither may
    assert error_codes(refused) == ["NOT_FOUND"]  # community B is outside their scope
    assert error_codes(own) == ["FORBIDDEN"]


async def test_bad_materials_are_refused_naming_the_field(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a text material without its body, a video with no link, and a question whose right
    # choice does not exist
    cases = [
        [{"kind": "TEXT", "title": "原文"}],
        [{"kind": "VIDEO", "title": "视频", "url": "ftp://example.cn/a.mp4"}],
    ]
    answers = []
    for materials in cases:
        body = await execute(
            client, PUBLISH, {"input": course_input("city", world, materials=materials)},
            token=world.tokens["admin"],
        )  # fmt: skip
        answers.append(body["errors"][0]["extensions"])
    question = [{"text": "?", "choices": ["是", "否"], "correct": [2]}]
    body = await execute(
        client, PUBLISH, {"input": course_input("city", world, questions=question)},
        token=world.tokens["admin"],
    )  # fmt: skip
    answers.append(body["errors"][0]["extensions"])
    # then each is BAD_USER_INPUT naming the field at fault
    assert answers == [
        {"code": "BAD_USER_INPUT", "field": "materials[0].body"},
        {"code": "BAD_USER_INPUT", "field": "materials[0].url"},
        {"code": "BAD_USER_INPUT", "field": "questions[0].correct"},
    ]
    listed = await execute(client, COURSES, token=world.tokens["admin"])
    assert listed["data"]["courses"]["totalCount"] == 0


async def test_a_members_study_is_theirs_and_their_branch_staffs_only(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's study record
    learners = await make_learners(database, world, app)
    m1 = {"m": world.member_id("m1")}
    # when m1, m2 (same branch), the secretary of A and the one of B read it
    seen = {
        who: (await execute(client, RECORD, m1, token=learners.token(who)))["data"]["studyRecord"]
        for who in ("m1", "m2", "secretary", "outsider")
    }
    # then m1 and their secretary see it; the other member and the other secretary do not
    assert {who: found is not None for who, found in seen.items()} == {
        "m1": True,
        "m2": False,
        "secretary": True,
        "outsider": False,
    }


async def test_completion_figures_are_read_only_in_scope(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    learners = await make_learners(database, world, app)
    community = {"o": world.org_id("community_a")}
    mine = await execute(client, COMPLETION, community, token=world.tokens["secretary"])
    other = await execute(client, COMPLETION, community, token=world.tokens["outsider"])
    member = await execute(client, COMPLETION, community, token=learners.token("m1"))
    assert mine["data"]["learningCompletion"] == {"members": 3, "learners": 0}
    assert error_codes(other) == error_codes(member) == ["NOT_FOUND"]


async def test_study_events_reach_the_branch_staff_and_no_member(
    app: Starlette, world: World, database: Database
) -> None:
    # given the viewers of m1's own account, the secretary of A and the one of B
    learners = await make_learners(database, world, app)
    branch = world.orgs["grid_a1"].path
    viewers = {
        who: await load_viewer(database, account)
        for who, account in (
            ("m1", learners.accounts["m1"]),
            ("secretary", world.accounts["secretary"].id),
            ("outsider", world.accounts["outsider"].id),
        )
    }
    # then a study event at m1's branch reaches the secretary of A only, and a course
    # published at the branch reaches its member and its secretary
    assert {w: v.may_receive(EntityType.STUDY, branch) for w, v in viewers.items()} == {
        "m1": False,
        "secretary": True,
        "outsider": False,
    }
    assert {w: v.may_receive(EntityType.COURSE, branch) for w, v in viewers.items()} == {
        "m1": True,
        "secretary": True,
        "outsider": False,
    }


async def test_a_members_sessions_and_credits_are_nodes_for_them_and_their_staff_only(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 studied a session, and the secretary credited them an hour
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    token = learners.token("m1")
    started = await execute(
        client,
        "mutation ($c: ID!) { startStudySession(courseId: $c) { session { id } } }",
        {"c": course["id"]},
        token=token,
    )
    session = started["data"]["startStudySession"]["session"]["id"]
    credited = await execute(
        client,
        "mutation ($i: CreditStudyInput!) { creditStudy(input: $i) { entry { id } } }",
        {
            "i": {
                "memberId": world.member_id("m1"),
                "minutes": 60,
                "note": "党课",
                "idempotencyKey": "k",
            }
        },
        token=world.tokens["secretary"],
    )
    entry = credited["data"]["creditStudy"]["entry"]["id"]
    # when each looks both up by id
    seen = {
        who: [
            (await execute(client, NODE, {"id": key}, token=learners.token(who)))["data"]["node"]
            is not None
            for key in (session, entry)
        ]
        for who in ("m1", "m2", "secretary", "outsider")
    }
    # then m1 and their secretary find them; m2 and the other secretary do not
    assert seen == {
        "m1": [True, True],
        "m2": [False, False],
        "secretary": [True, True],
        "outsider": [False, False],
    }
