"""A member's study record 学习档案 and a subtree's completion 学习完成情况."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from db.learning.models import CLASS_HOUR_MINUTES
from resolvers.learning.reads import (
    Completion,
    StudyView,
    resolve_completion_children,
    resolve_credits,
    resolve_session_by_id,
    resolve_sessions,
)
from resolvers.pagination import page_request
from schema.info import Info
from schema.learning.types import StudyCredit, StudySession, answer_courses
from schema.members.types import Member
from schema.organizations.types import Organization
from schema.relay import Connection, build_connection, page_argument


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
        await answer_courses(info, page.rows)
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
    completion: strawberry.Private[Completion]
    organization: Organization = strawberry.field(
        description="统计组织 The subtree's organisation."
    )
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
            completion=completion,
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

    @strawberry.field(
        description="Each child organisation's own completion 下级组织学习完成情况, in the order "
        "of the tree."
    )
    async def children(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[LearningCompletion]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_completion_children(info.context, self.completion, request)
        return build_connection(page, LearningCompletion.of, count)
