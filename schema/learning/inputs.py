"""Inputs of learning's mutations."""

from __future__ import annotations

import strawberry

from schema.learning.enums import CourseMaterialKind


@strawberry.input(description="A course material 学习资料.")
class CourseMaterialInput:
    kind: CourseMaterialKind = strawberry.field(description="Text, video or document 类型.")
    title: str = strawberry.field(description="Its title 标题 (at most 100 characters).")
    body: str | None = strawberry.field(
        default=None,
        description="The text 正文 (required for TEXT, at most 20 000 characters); a short note "
        "for a link.",
    )
    url: str | None = strawberry.field(
        default=None, description="An http(s) link 链接 (required for VIDEO and DOCUMENT)."
    )


@strawberry.input(description="A quiz question 测验题.")
class QuizQuestionInput:
    text: str = strawberry.field(description="The question 题目 (at most 500 characters).")
    choices: list[str] = strawberry.field(description="2 to 6 choices 选项.")
    correct: list[int] = strawberry.field(
        description="Positions of the right choices 正确选项 (from 0); several for a "
        "multiple-choice question."
    )
    points: int = strawberry.field(default=1, description="Points for a right answer 分值 (1-100).")


@strawberry.input(description="Publish a course 发布课程 to a subtree.")
class PublishCourseInput:
    organization_id: strawberry.ID = strawberry.field(
        description="The subtree's organisation 发布范围: its members' branches see the course."
    )
    title: str = strawberry.field(description="Its title 课程名称 (at most 100 characters).")
    summary: str = strawberry.field(description="What it teaches 简介 (at most 1000).")
    suggested_minutes: int = strawberry.field(
        description="Suggested study time in minutes 建议学时 (5-600)."
    )
    materials: list[CourseMaterialInput] = strawberry.field(
        description="学习资料 1 to 20 materials."
    )
    questions: list[QuizQuestionInput] = strawberry.field(
        default_factory=list, description="Its quiz 测验: at most 20 questions (none: no quiz)."
    )


@strawberry.input(description="Finish your open study session 结束学习.")
class FinishStudySessionInput:
    session_id: strawberry.ID = strawberry.field(description="The session 学习记录.")
    minutes: int | None = strawberry.field(
        default=None,
        description="Minutes to credit 学习时长; default: every whole minute passed (at most "
        "240). Never more than have passed since it started.",
    )


@strawberry.input(description="One answer of a quiz 作答.")
class QuizAnswerInput:
    question_id: strawberry.ID = strawberry.field(description="The question 题目.")
    choices: list[int] = strawberry.field(
        description="所选选项 Positions of the choices chosen (from 0)."
    )


@strawberry.input(description="Answer a course's quiz 提交测验.")
class SubmitQuizInput:
    course_id: strawberry.ID = strawberry.field(description="The course 课程.")
    answers: list[QuizAnswerInput] = strawberry.field(
        description="答案 Your answers; a question left out scores nothing."
    )


@strawberry.input(description="Credit minutes studied elsewhere 登记学时 (a lecture, a training).")
class CreditStudyInput:
    member_id: strawberry.ID = strawberry.field(description="The member 党员.")
    minutes: int = strawberry.field(description="Minutes 分钟 (1-2400).")
    note: str = strawberry.field(description="What was studied 说明 (at most 200 characters).")
    idempotency_key: str = strawberry.field(
        description="A unique string per entry 幂等键: a retry with it writes nothing more."
    )


@strawberry.input(description="Reverse a credit entry exactly 冲销.")
class ReverseStudyCreditInput:
    entry_id: strawberry.ID = strawberry.field(description="The entry 学时记录.")
    note: str = strawberry.field(description="Why 原因 (at most 200 characters).")
