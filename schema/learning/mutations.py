"""Learning mutations: publishing a course; a member's sessions, check-in and quiz; the
branch's credits and reversals."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.learning.models import MaterialKind
from resolvers.learning.courses import CourseDraft, MaterialDraft, QuestionDraft, publish_course
from resolvers.learning.credits import credit_study, reverse_credit
from resolvers.learning.reads import resolve_my_study, resolve_study
from resolvers.learning.requirements import set_study_requirement
from resolvers.learning.study import (
    check_in_today,
    finish_study_session,
    start_study_session,
    submit_quiz,
)
from schema.info import Info
from schema.learning.inputs import (
    CreditStudyInput,
    FinishStudySessionInput,
    PublishCourseInput,
    ReverseStudyCreditInput,
    SubmitQuizInput,
)
from schema.learning.study import StudyRecord
from schema.learning.types import (
    COURSE,
    CREDIT,
    QUESTION,
    SESSION,
    Course,
    QuizBest,
    StudyCredit,
    StudySession,
)
from schema.members.types import TYPE_NAME as MEMBER
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id, to_global_id


@strawberry.type(description="发布课程结果 The result of publishing a course.")
class PublishCoursePayload:
    course: Course = strawberry.field(description="The course published 课程.")


@strawberry.type(description="学习操作结果 The result of starting or finishing a study session.")
class StudySessionPayload:
    session: StudySession = strawberry.field(description="The session 学习记录.")
    study: StudyRecord | None = strawberry.field(
        description="我的学习档案 Your study as it is now."
    )


@strawberry.type(description="The result of checking in 学习打卡.")
class CheckInPayload:
    day: str = strawberry.field(description="The day checked in 打卡日 (YYYY-MM-DD, China time).")
    streak: int = strawberry.field(description="Days in a row, this one included 连续打卡天数.")
    longest_streak: int = strawberry.field(description="The longest run ever 最长连续打卡.")
    already_checked_in: bool = strawberry.field(
        description="The day was checked in before: nothing changed 今日已打卡."
    )
    study: StudyRecord | None = strawberry.field(
        description="我的学习档案 Your study as it is now."
    )


@strawberry.type(description="Whether one question was answered right 判分.")
class QuizAnswerResult:
    question_id: strawberry.ID = strawberry.field(description="The question 题目.")
    right: bool = strawberry.field(description="Answered right 正确.")


@strawberry.type(description="Your quiz attempt, scored on the server 测验成绩.")
class SubmitQuizPayload:
    score: int = strawberry.field(description="This attempt's score 本次得分.")
    max_score: int = strawberry.field(description="The full score 满分.")
    results: list[QuizAnswerResult] = strawberry.field(description="逐题结果 Question by question.")
    best: QuizBest = strawberry.field(description="Your best so far 最好成绩.")
    course: Course = strawberry.field(description="The course 课程.")


@strawberry.type(description="学时台账操作结果 The result of a credit-ledger mutation.")
class StudyCreditPayload:
    entry: StudyCredit = strawberry.field(description="The entry written 学时记录.")
    study: StudyRecord | None = strawberry.field(
        description="当前学习档案 The member's study as it is now."
    )


@strawberry.type(description="A year's study requirement 年度学时要求.")
class StudyRequirementPayload:
    year: int = strawberry.field(description="The year 年度.")
    required_minutes: int = strawberry.field(description="Minutes required 要求学时（分钟）.")


@strawberry.type
class LearningMutations:
    @strawberry.mutation(
        description="Publish a course 发布课程 with its materials and quiz to a subtree (who "
        "manages learning there)."
    )
    async def publish_course(
        self, info: Info, input: Annotated[PublishCourseInput, INPUT]
    ) -> PublishCoursePayload:
        draft = CourseDraft(
            title=input.title,
            summary=input.summary,
            suggested_minutes=input.suggested_minutes,
            materials=[
                MaterialDraft(MaterialKind[m.kind.name], m.title, m.body, m.url)
                for m in input.materials
            ],
            questions=[
                QuestionDraft(q.text, q.choices, q.correct, q.points) for q in input.questions
            ],
        )
        row = await publish_course(
            info.context,
            expect_global_id(input.organization_id, ORGANIZATION, field="organizationId"),
            input.organization_id,
            draft,
        )
        return PublishCoursePayload(course=Course.from_row(row))

    @strawberry.mutation(
        description="Start studying a course 开始学习 now (server time; a party member's own "
        "account). One session at a time: finish the open one first."
    )
    async def start_study_session(
        self,
        info: Info,
        course_id: Annotated[strawberry.ID, strawberry.argument(description="The course 课程.")],
    ) -> StudySessionPayload:
        row = await start_study_session(
            info.context, expect_global_id(course_id, COURSE, field="courseId"), course_id
        )
        view = await resolve_my_study(info.context)
        return StudySessionPayload(
            session=StudySession.from_row(row), study=StudyRecord.of(view) if view else None
        )

    @strawberry.mutation(
        description="Finish your open study session 结束学习, crediting its minutes (never more "
        "than have passed on the server's clock); again: the same session, credited once."
    )
    async def finish_study_session(
        self, info: Info, input: Annotated[FinishStudySessionInput, INPUT]
    ) -> StudySessionPayload:
        row = await finish_study_session(
            info.context,
            expect_global_id(input.session_id, SESSION, field="sessionId"),
            input.session_id,
            input.minutes,
        )
        view = await resolve_my_study(info.context)
        return StudySessionPayload(
            session=StudySession.from_row(row), study=StudyRecord.of(view) if view else None
        )

    @strawberry.mutation(
        description="Check in for today 学习打卡 (China Standard Time), once a day; again the "
        "same day changes nothing."
    )
    async def check_in_study(self, info: Info) -> CheckInPayload:
        done = await check_in_today(info.context)
        view = await resolve_my_study(info.context)
        return CheckInPayload(
            day=done.day,
            streak=done.streak,
            longest_streak=done.longest,
            already_checked_in=not done.new,
            study=StudyRecord.of(view) if view else None,
        )

    @strawberry.mutation(
        description="Answer a course's quiz 提交测验: scored on the server, your best kept."
    )
    async def submit_quiz(
        self, info: Info, input: Annotated[SubmitQuizInput, INPUT]
    ) -> SubmitQuizPayload:
        answers = [
            (expect_global_id(a.question_id, QUESTION, field="answers"), list(a.choices))
            for a in input.answers
        ]
        result = await submit_quiz(
            info.context,
            expect_global_id(input.course_id, COURSE, field="courseId"),
            input.course_id,
            answers,
        )
        return SubmitQuizPayload(
            score=result.scored.score,
            max_score=result.scored.max_score,
            results=[
                QuizAnswerResult(question_id=to_global_id(QUESTION, key), right=right)
                for key, right in result.scored.right.items()
            ],
            best=QuizBest.from_row(result.best),
            course=Course.from_row(result.course),
        )

    @strawberry.mutation(
        description="Credit minutes a member studied elsewhere 登记学时 (who manages learning at "
        "their branch); a retry with the same key writes nothing more."
    )
    async def credit_study(
        self, info: Info, input: Annotated[CreditStudyInput, INPUT]
    ) -> StudyCreditPayload:
        row = await credit_study(
            info.context,
            expect_global_id(input.member_id, MEMBER, field="memberId"),
            input.member_id,
            input.minutes,
            input.note,
            input.idempotency_key,
        )
        view = await resolve_study(info.context, row.member_id, row.year)
        return StudyCreditPayload(
            entry=StudyCredit.from_row(row), study=StudyRecord.of(view) if view else None
        )

    @strawberry.mutation(
        description="Reverse a credit entry exactly 冲销 (once; the entry itself never changes)."
    )
    async def reverse_study_credit(
        self, info: Info, input: Annotated[ReverseStudyCreditInput, INPUT]
    ) -> StudyCreditPayload:
        row = await reverse_credit(
            info.context,
            expect_global_id(input.entry_id, CREDIT, field="entryId"),
            input.entry_id,
            input.note,
        )
        view = await resolve_study(info.context, row.member_id, row.year)
        return StudyCreditPayload(
            entry=StudyCredit.from_row(row), study=StudyRecord.of(view) if view else None
        )

    @strawberry.mutation(
        description="Set a year's study requirement 年度学时要求 in class hours of 60 minutes "
        "(an administrator of the whole tree; this year or next, before its first credit)."
    )
    async def set_study_requirement(
        self,
        info: Info,
        year: Annotated[int, strawberry.argument(description="The year 年度.")],
        class_hours: Annotated[int, strawberry.argument(description="Class hours 学时 (1-200).")],
    ) -> StudyRequirementPayload:
        minutes = await set_study_requirement(info.context, year, class_hours)
        return StudyRequirementPayload(year=year, required_minutes=minutes)
