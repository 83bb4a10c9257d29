"""Scoring a quiz 测验 on the server: the member sends choices, never a score.

A question scores its points when the choices sent are exactly the right ones (a question
with several right choices asks for all of them and nothing else); an unanswered question
scores nothing. The right choices never leave the server: an answer says only whether each
question was right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from db.learning.queries import QuestionRecord
from resolvers.errors import BadUserInput


@dataclass(frozen=True, slots=True)
class Scored:
    score: int
    max_score: int
    right: dict[int, bool]  # question id → answered right


def check_answers(
    questions: Sequence[QuestionRecord], answers: Sequence[tuple[int, Sequence[int]]]
) -> dict[int, list[int]]:
    """The answers by question, each choice list sorted; BAD_USER_INPUT names what is wrong."""
    by_id = {question.id: question for question in questions}
    checked: dict[int, list[int]] = {}
    for question_id, choices in answers:
        question = by_id.get(question_id)
        if question is None:
            raise BadUserInput(
                "An answer names a question that is not in this course's quiz; answer the "
                "questions listed in `course.questions`.",
                field="answers",
            )
        if question_id in checked:
            raise BadUserInput("Answer each question once.", field="answers")
        if len(set(choices)) != len(choices):
            raise BadUserInput("Name each choice once.", field="answers")
        for choice in choices:
            if not 0 <= choice < len(question.choices):
                raise BadUserInput(
                    f"A choice must be between 0 and {len(question.choices) - 1} (its position "
                    "in `choices`).",
                    field="answers",
                )
        checked[question_id] = sorted(choices)
    return checked


def score(questions: Sequence[QuestionRecord], answers: Mapping[int, Sequence[int]]) -> Scored:
    right = {q.id: sorted(answers.get(q.id, [])) == sorted(q.correct) for q in questions}
    return Scored(
        score=sum(q.points for q in questions if right[q.id]),
        max_score=sum(q.points for q in questions),
        right=right,
    )
