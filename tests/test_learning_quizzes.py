"""Quizzes are scored on the server: a question scores when exactly its right choices are
sent; unanswered questions score nothing; the best score is kept; answers never name the
right choices."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from tests.graphql import error_codes, execute
from tests.learning_support import make_learners, publish
from tests.world import World

SUBMIT = """
mutation ($input: SubmitQuizInput!) {
  submitQuiz(input: $input) {
    score maxScore results { questionId right } best { bestScore maxScore attempts }
  }
}
"""
MINE = "query ($c: ID!) { node(id: $c) { ... on Course { myBestScore { bestScore attempts } } } }"


async def submit(
    client: httpx.AsyncClient, token: str, course: dict[str, Any], choices: list[list[int] | None]
) -> dict[str, Any]:
    """Answer the course's questions in order (None leaves one out)."""
    answers = [
        {"questionId": question["id"], "choices": chosen}
        for question, chosen in zip(course["questions"], choices, strict=True)
        if chosen is not None
    ]
    return await execute(
        client, SUBMIT, {"input": {"courseId": course["id"], "answers": answers}}, token=token
    )


async def test_every_right_answer_scores_its_points(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a quiz of a 1-point question (right: 1) and a 2-point one (right: 0 and 1)
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    # when m1 answers both right
    body = await submit(client, learners.token("m1"), course, [[1], [1, 0]])
    # then they score the full 3 points
    result = body["data"]["submitQuiz"]
    assert (result["score"], result["maxScore"]) == (3, 3)
    assert [r["right"] for r in result["results"]] == [True, True]


async def test_a_multiple_choice_question_needs_every_right_choice_and_nothing_else(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the same quiz
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    token = learners.token("m1")
    # when m1 names one of the two right choices, then all three choices
    partly = await submit(client, token, course, [[1], [0]])
    too_many = await submit(client, token, course, [[1], [0, 1, 2]])
    # then the multiple-choice question scores nothing either time
    assert partly["data"]["submitQuiz"]["score"] == 1
    assert too_many["data"]["submitQuiz"]["score"] == 1
    assert course["questions"][1]["multiple"] is True


async def test_an_unanswered_question_scores_nothing(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    body = await submit(client, learners.token("m1"), course, [None, [0, 1]])
    assert body["data"]["submitQuiz"]["score"] == 2
    assert [r["right"] for r in body["data"]["submitQuiz"]["results"]] == [False, True]


async def test_the_best_score_is_kept_when_a_later_attempt_scores_less(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 scored 3, then 0
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    token = learners.token("m1")
    await submit(client, token, course, [[1], [0, 1]])
    later = await submit(client, token, course, [[0], [2]])
    # then the best stays 3 after two attempts, also on the course
    assert later["data"]["submitQuiz"]["best"] == {"bestScore": 3, "maxScore": 3, "attempts": 2}
    mine = await execute(client, MINE, {"c": course["id"]}, token=token)
    assert mine["data"]["node"]["myBestScore"] == {"bestScore": 3, "attempts": 2}


async def test_answers_out_of_range_or_twice_are_refused_and_change_nothing(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given the quiz, and another course's question
    learners = await make_learners(database, world, app)
    course = await publish(client, world)
    other = await publish(client, world, title="党章学习")
    token = learners.token("m1")
    question = course["questions"][0]["id"]
    # when m1 sends a choice out of range, a question twice, and a question of another course
    cases = [
        [{"questionId": question, "choices": [3]}],
        [{"questionId": question, "choices": [1]}, {"questionId": question, "choices": [1]}],
        [{"questionId": other["questions"][0]["id"], "choices": [1]}],
    ]
    codes = [
        error_codes(
            await execute(
                client,
                SUBMIT,
                {"input": {"courseId": course["id"], "answers": answers}},
                token=token,
            )
        )
        for answers in cases
    ]
    # then each is refused, and no attempt was kept
    assert codes == [["BAD_USER_INPUT"]] * 3
    mine = await execute(client, MINE, {"c": course["id"]}, token=token)
    assert mine["data"]["node"]["myBestScore"] is None


async def test_the_right_choices_are_not_in_the_schema_of_a_question(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(client, '{ __type(name: "QuizQuestion") { fields { name } } }')
    names = {field["name"] for field in body["data"]["__type"]["fields"]}
    assert names == {"id", "text", "choices", "points", "multiple"}
