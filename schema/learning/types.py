"""Learning types: courses with materials and quiz questions, study sessions, credit entries,
a member's study record, and a subtree's completion."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated

import strawberry

from db.learning.models import CLASS_HOUR_MINUTES
from db.learning.queries import (
    CourseRecord,
    CreditRecord,
    MaterialRecord,
    QuestionRecord,
    QuizBestRecord,
    SessionRecord,
)
from resolvers.context import Context
from resolvers.learning.courses import resolve_course_by_id
from resolvers.learning.reads import (
    Completion,
    StudyView,
    resolve_credits,
    resolve_session_by_id,
    resolve_sessions,
)
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.pagination import page_request
from schema.info import Info
from schema.learning.enums import CourseMaterialKind, StudyCreditKind
from schema.members.types import Member
from schema.organizations.types import Organization
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id

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
    id: strawberry.ID = strawberry.field(description="Answer it by this ID.")
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


async def _organization(context: Context, org_id: int) -> Organization | None:
    found = await resolve_organization_by_id(context, org_id)
    return Organization.from_row(found) if found else None


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
    def organization(self, info: Info) -> Awaitable[Organization | None]:
        return _organization(info.context, self.row.organization_id)

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


async def _course(context: Context, course_id: int) -> Course | None:
    found = await resolve_course_by_id(context, course_id)
    return Course.from_row(found) if found else None


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
    def course(self, info: Info) -> Awaitable[Course | None]:
        return _course(info.context, self.row.course_id)


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


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


@strawberry.type(description="A member's study record 学习档案 for a year.")
class StudyRecord:
    view: strawberry.Private[StudyView]
    member: Member = strawberry.field(description="The member 党员.")
    year: int = strawberry.field(description="The year 年度.")
    credited_minutes: int = strawberry.field(
        description="Minutes credited this year 已获学时（分钟）, net of reversals."
    )
    credited_hours: float = strawberry.field(
        description=f"The same in class hours 学时 ({CLASS_HOUR_MINUTES} minutes each)."
    )
    required_minutes: int = strawberry.field(
        description="Minutes the year requires 年度要求（分钟）: 32 class hours unless set."
    )
    remaining_minutes: int = strawberry.field(description="Still to study 尚差（分钟）; 0 if met.")
    met: bool = strawberry.field(description="The year's requirement is met 已达标.")
    check_ins_this_year: int = strawberry.field(description="Check-ins this year 本年打卡天数.")
    total_check_ins: int = strawberry.field(description="Check-ins ever 累计打卡天数.")
    current_streak: int = strawberry.field(
        description="Days in a row up to today or yesterday 连续打卡天数 (China time); 0 once a "
        "day is missed."
    )
    longest_streak: int = strawberry.field(description="The longest run ever 最长连续打卡.")
    checked_in_today: bool = strawberry.field(description="Checked in today 今日已打卡.")
    last_check_in_day: str | None = strawberry.field(
        description="The last day checked in 最近打卡日 (YYYY-MM-DD, China time)."
    )
    recent_check_in_days: list[str] = strawberry.field(
        description="Days checked in over the last 30 days 近30天打卡 (YYYY-MM-DD)."
    )

    @classmethod
    def of(cls, view: StudyView) -> StudyRecord:
        account = view.account
        return cls(
            view=view,
            member=Member.from_row(view.member),
            year=view.year,
            credited_minutes=view.minutes,
            credited_hours=round(view.minutes / CLASS_HOUR_MINUTES, 2),
            required_minutes=view.required_minutes,
            remaining_minutes=max(0, view.required_minutes - view.minutes),
            met=view.minutes >= view.required_minutes,
            check_ins_this_year=view.year_checkins,
            total_check_ins=account.checkins if account else 0,
            current_streak=view.current_streak,
            longest_streak=account.longest_streak if account else 0,
            checked_in_today=view.checked_in_today,
            last_check_in_day=_day(account.last_checkin_day if account else None),
            recent_check_in_days=[day.isoformat() for day in view.recent_days],
        )

    @strawberry.field(description="The session open now 进行中的学习; null if none.")
    async def open_session(self, info: Info) -> StudySession | None:
        account = self.view.account
        if account is None or account.open_session_id is None:
            return None
        found = await resolve_session_by_id(info.context, account.open_session_id)
        return StudySession.from_row(found) if found else None

    @strawberry.field(description="Study sessions 学习记录, oldest first.")
    async def sessions(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[StudySession]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_sessions(info.context, self.view.member.id, request)
        return build_connection(page, StudySession.from_row, count)

    @strawberry.field(description="The credit-hours ledger 学时记录, oldest first.")
    async def credits(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[StudyCredit]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_credits(info.context, self.view.member.id, request)
        return build_connection(page, StudyCredit.from_row, count)


@strawberry.type(description="A subtree's study in a year 学习完成情况, from kept figures.")
class LearningCompletion:
    organization: Organization = strawberry.field(description="The subtree's organisation.")
    year: int = strawberry.field(description="The year 年度.")
    required_minutes: int = strawberry.field(description="The year's requirement 年度要求（分钟）.")
    members: int = strawberry.field(description="Party members in the subtree 党员数.")
    learners: int = strawberry.field(description="Members who studied this year 参学人数.")
    members_met: int = strawberry.field(description="Members who met the requirement 达标人数.")
    completion_rate: float | None = strawberry.field(
        description="Members met ÷ members 达标率 (0-1); null without members."
    )
    credited_minutes: int = strawberry.field(description="Minutes credited 总学时（分钟）.")
    average_minutes: float | None = strawberry.field(
        description="Minutes per party member 人均学时（分钟）; null without members."
    )
    check_ins: int = strawberry.field(description="Check-ins 打卡次数.")
    sessions: int = strawberry.field(description="Study sessions finished 学习次数.")

    @classmethod
    def of(cls, completion: Completion) -> LearningCompletion:
        figures, members = completion.figures, completion.members
        return cls(
            organization=Organization.from_row(completion.organization),
            year=figures.year,
            required_minutes=completion.required_minutes,
            members=members,
            learners=figures.learners,
            members_met=figures.members_met,
            completion_rate=round(figures.members_met / members, 4) if members else None,
            credited_minutes=figures.minutes,
            average_minutes=round(figures.minutes / members, 1) if members else None,
            check_ins=figures.checkins,
            sessions=figures.sessions,
        )
