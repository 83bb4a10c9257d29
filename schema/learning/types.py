"""Learning types: courses with materials and quiz questions, study sessions, credit entries,
a member's study record, and a subtree's completion."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import datetime

import strawberry

from db.learning.queries import (
    CourseRecord,
    CreditRecord,
    MaterialRecord,
    QuestionRecord,
    QuizBestRecord,
    SessionRecord,
)
from resolvers.context import Context
from resolvers.learning.courses import resolve_course_by_id, resolve_courses_by_ids
from schema.answers import answer_all, shared_answer
from schema.info import Info
from schema.learning.enums import CourseMaterialKind, StudyCreditKind
from schema.organizations.types import Organization, organization_answer
from schema.plain_fields import direct
from schema.relay import Node, to_global_id
from schema.selections import selects_listed

COURSE = "Course"
SESSION = "StudySession"
CREDIT = "StudyCredit"
QUESTION = "QuizQuestion"


@strawberry.type(description="A course's material 学习资料: text to read, or a link.")
class CourseMaterial:
    kind: CourseMaterialKind = strawberry.field(description="Text, video or document 类型.")
    title: str = strawberry.field(description="Its title 标题.")
    body: str | None = strawberry.field(
        description="The text 正文 (a note, for a link); null if none."
    )
    url: str | None = strawberry.field(description="The link 链接 of a video or a document.")

    @classmethod
    def from_row(cls, row: MaterialRecord) -> CourseMaterial:
        return cls(
            kind=CourseMaterialKind(row.kind.value), title=row.title, body=row.body, url=row.url
        )


@strawberry.type(description="A quiz question 测验题 (its right choices stay on the server).")
class QuizQuestion:
    id: strawberry.ID = strawberry.field(description="题目标识 Answer it by this ID.")
    text: str = strawberry.field(description="The question 题目.")
    choices: list[str] = strawberry.field(
        description="The choices 选项; answer with their positions, from 0."
    )
    points: int = strawberry.field(description="Points for a right answer 分值.")
    multiple: bool = strawberry.field(
        description="More than one choice is right 多选: name them all, and nothing else."
    )

    @classmethod
    def from_row(cls, row: QuestionRecord) -> QuizQuestion:
        return cls(
            id=to_global_id(QUESTION, row.id),
            text=row.text,
            choices=list(row.choices),
            points=row.points,
            multiple=len(row.correct) > 1,
        )


@strawberry.type(description="Your best quiz score in a course 最好成绩.")
class QuizBest:
    best_score: int = strawberry.field(description="The best score 最高分.")
    max_score: int = strawberry.field(description="The most one can score 满分.")
    attempts: int = strawberry.field(description="Attempts so far 作答次数.")
    best_at: datetime = strawberry.field(description="When it was scored 取得时间.")

    @classmethod
    def from_row(cls, row: QuizBestRecord) -> QuizBest:
        return cls(
            best_score=row.best_score,
            max_score=row.max_score,
            attempts=row.attempts,
            best_at=row.best_at,
        )


async def _my_best(context: Context, course_id: int) -> QuizBest | None:
    member_id = context.viewer.member_id
    if member_id is None:
        return None
    found = await context.loaders.learning.best.load((member_id, course_id))
    return QuizBest.from_row(found) if found else None


@strawberry.type(description="A course 课程 of the online Party school 网上党校.")
class Course(Node):
    row: strawberry.Private[CourseRecord]
    title: str = strawberry.field(description="Its title 课程名称.")
    summary: str = strawberry.field(description="What it teaches 简介.")
    suggested_minutes: int = strawberry.field(description="Suggested study time 建议学时（分钟）.")
    question_count: int = strawberry.field(description="Questions in its quiz 测验题数.")
    max_score: int = strawberry.field(description="The quiz's full score 满分 (0: no quiz).")
    published_at: datetime = strawberry.field(description="When it was published 发布时间.")

    @classmethod
    def from_row(cls, row: CourseRecord) -> Course:
        return cls(
            row=row,
            id=to_global_id(COURSE, row.id),
            title=row.title,
            summary=row.summary,
            suggested_minutes=row.suggested_minutes,
            question_count=row.question_count,
            max_score=row.max_score,
            published_at=row.published_at,
        )

    @strawberry.field(
        description="The organisation it was published to 发布组织; null if outside your scope "
        "(a course from above your branch).",
        graphql_type=Organization | None,
    )
    @direct  # once per listed course
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.organization_id)

    @strawberry.field(description="Its materials 学习资料, in order.")
    async def materials(self, info: Info) -> list[CourseMaterial]:
        found = await info.context.loaders.learning.materials.load(self.row.id)
        return [CourseMaterial.from_row(row) for row in found]

    @strawberry.field(description="Its quiz 测验, in order (never the right choices).")
    async def questions(self, info: Info) -> list[QuizQuestion]:
        found = await info.context.loaders.learning.questions.load(self.row.id)
        return [QuizQuestion.from_row(row) for row in found]

    @strawberry.field(
        description="Your best score in its quiz 我的最好成绩 (a party member's own); null "
        "before your first attempt.",
        graphql_type=QuizBest | None,
    )
    @direct  # once per listed course
    def my_best_score(self, info: Info) -> Awaitable[QuizBest | None]:
        return _my_best(info.context, self.row.id)


def _course_answers(context: Context) -> dict[int, object] | None:
    loaders = context.loaders.learning
    return loaders.course_answers if loaders.cache else None


async def _course(context: Context, course_id: int) -> Course | None:
    found = await resolve_course_by_id(context, course_id)
    return Course.from_row(found) if found else None


async def _courses(context: Context, course_ids: list[int]) -> list[Course | None]:
    found = await resolve_courses_by_ids(context, course_ids)
    return [Course.from_row(row) if row else None for row in found]


async def answer_courses(info: Info, sessions: Sequence[SessionRecord]) -> None:
    """A page of sessions answers the courses they name before its rows are completed, when
    the query asks for them (schema/answers.py)."""
    if selects_listed(info, "course"):
        context = info.context
        keys = (row.course_id for row in sessions)
        await answer_all(_course_answers(context), keys, lambda ids: _courses(context, ids))


@strawberry.type(description="A study session 学习记录, on the server's clock.")
class StudySession(Node):
    row: strawberry.Private[SessionRecord]
    started_at: datetime = strawberry.field(description="When it started 开始时间.")
    finished_at: datetime | None = strawberry.field(
        description="When it finished 结束时间; null while open."
    )
    minutes: int | None = strawberry.field(
        description="Minutes credited 学习时长（分钟）; null while open."
    )
    is_open: bool = strawberry.field(description="Still open 进行中.")

    @classmethod
    def from_row(cls, row: SessionRecord) -> StudySession:
        return cls(
            row=row,
            id=to_global_id(SESSION, row.id),
            started_at=row.started_at,
            finished_at=row.finished_at,
            minutes=row.minutes,
            is_open=row.finished_at is None,
        )

    @strawberry.field(description="The course studied 课程.", graphql_type=Course | None)
    @direct  # once per listed session
    def course(self, info: Info) -> Awaitable[Course | None] | Course | None:
        context = info.context
        answers = _course_answers(context)
        return shared_answer(answers, self.row.course_id, lambda key: _course(context, key))


@strawberry.type(description="An entry of the credit-hours ledger 学时记录 (never changed).")
class StudyCredit(Node):
    row: strawberry.Private[CreditRecord]
    kind: StudyCreditKind = strawberry.field(description="Session, manual or reversal 类型.")
    minutes: int = strawberry.field(description="Minutes 分钟; negative for a reversal.")
    year: int = strawberry.field(description="The year it counts for 年度.")
    note: str | None = strawberry.field(description="Why 说明 (manual entries, reversals).")
    created_at: datetime = strawberry.field(description="When it was written 记录时间.")
    reverses_entry_id: strawberry.ID | None = strawberry.field(
        description="The entry it cancels 被冲销记录, for a reversal."
    )

    @classmethod
    def from_row(cls, row: CreditRecord) -> StudyCredit:
        return cls(
            row=row,
            id=to_global_id(CREDIT, row.id),
            kind=StudyCreditKind(row.kind.value),
            minutes=row.minutes,
            year=row.year,
            note=row.note,
            created_at=row.created_at,
            reverses_entry_id=to_global_id(CREDIT, row.reverses_entry_id)
            if row.reverses_entry_id
            else None,
        )
