"""A member's own study 学习: sessions on the server's clock, the day's check-in 学习打卡, and
quiz attempts. Only the member themself studies (a secretary cannot study for them).

A session starts when the member says so, on the server's clock, and claims at most the
minutes that have passed since (whole minutes, at most MAX_SESSION_MINUTES). A member has at
most one open session, and a session never starts before their last one finished, so
sessions never overlap. Every write takes the member's study account lock first
(db/learning/writes.py), so a retry or a second tab is answered, not counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from db.base import CHINA_STANDARD_TIME, china_day, utcnow
from db.events.types import EventType
from db.learning.models import CreditKind
from db.learning.queries import CourseRecord, QuizBestRecord, SessionRecord
from db.learning.writes import (
    append_credit,
    check_in,
    find_check_in,
    finish_session,
    get_session,
    open_study_account,
    record_attempt,
    start_session,
)
from db.members.models import MemberStatus
from db.members.queries import MemberRecord
from db.paths import is_within
from db.records import record_of
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.learning.quizzes import Scored, check_answers, score
from resolvers.learning.streaks import next_streak

MAX_SESSION_MINUTES = 240


async def _own_member(context: Context, action: str) -> MemberRecord:
    context.require_account()
    member_id = context.viewer.member_id
    member = await context.loaders.members.by_id.load(member_id) if member_id else None
    if member is None:
        raise Forbidden(f"Only a party member's own account may {action}; sign in as the member.")
    if member.status is MemberStatus.TRANSFERRED_OUT:
        raise Forbidden(
            f"Your organisational relation left the platform, so you may no longer {action} "
            "here; your study archive stays readable. Study with your new organisation."
        )
    return member


async def _course_for(
    context: Context, member: MemberRecord, course_id: int, global_id: str
) -> CourseRecord:
    """The course, if it was published to a subtree containing the member's branch."""
    course = await context.loaders.learning.course.load(course_id)
    if course is None or not is_within(member.org_path, course.org_path):
        raise not_found("course published to your branch", global_id, field="courseId")
    return course


def _local(at: datetime) -> str:
    return at.astimezone(CHINA_STANDARD_TIME).strftime("%Y-%m-%d %H:%M")


async def start_study_session(
    context: Context, course_id: int, global_id: str, *, now: datetime | None = None
) -> SessionRecord:
    """Start studying a course now (server time)."""
    member = await _own_member(context, "study")
    course = await _course_for(context, member, course_id, global_id)
    async with change(context, context.require_account(), conflict="started meanwhile") as c:
        account = await open_study_account(c.session, member.id, member.branch_id, member.org_path)
        if account.open_session_id is not None:
            raise Conflict(
                "You have a session open already; finish it (finishStudySession) before "
                "starting another: sessions cannot overlap.",
                field="courseId",
            )
        at = now or utcnow()
        if account.last_finished_at is not None and at < account.last_finished_at:
            at = account.last_finished_at  # never before the last one ended
        row = await start_session(c.session, account, course.id, at)
        return record_of(SessionRecord, row)


async def finish_study_session(
    context: Context,
    session_id: int,
    global_id: str,
    minutes: int | None,
    *,
    now: datetime | None = None,
) -> SessionRecord:
    """Finish the open session now, crediting `minutes` (default: the whole minutes passed,
    up to MAX_SESSION_MINUTES); never more than have passed. Finishing it again answers with
    it."""
    member = await _own_member(context, "study")
    if minutes is not None and minutes < 0:
        raise BadUserInput("`minutes` must not be negative.", field="minutes")
    async with change(context, context.require_account(), conflict="finished meanwhile") as c:
        account = await open_study_account(c.session, member.id, member.branch_id, member.org_path)
        row = await get_session(c.session, session_id)
        if row is None or row.member_id != member.id:
            raise not_found("study session of yours", global_id, field="sessionId")
        if row.finished_at is not None:
            return record_of(SessionRecord, row)
        at = max(now or utcnow(), row.started_at)
        passed = int((at - row.started_at).total_seconds() // 60)
        claimed = min(passed, MAX_SESSION_MINUTES) if minutes is None else minutes
        if claimed > passed:
            raise BadUserInput(
                f"Only {passed} minutes have passed since this session started at "
                f"{_local(row.started_at)} (China time); claim at most that.",
                field="minutes",
            )
        if claimed > MAX_SESSION_MINUTES:
            raise BadUserInput(
                f"A session credits at most {MAX_SESSION_MINUTES} minutes; take a break and "
                "start another.",
                field="minutes",
            )
        year = china_day(at).year
        await finish_session(c.session, account, row, at, claimed, year)
        if claimed:
            await append_credit(
                c.session,
                account,
                {
                    "member_id": member.id,
                    "org_path": account.org_path,
                    "year": year,
                    "kind": CreditKind.SESSION,
                    "minutes": claimed,
                    "session_id": row.id,
                    "idempotency_key": f"session:{row.id}",
                    "created_by_account_id": context.viewer.account_id,
                    "created_at": at,
                },
            )
        c.record(
            EventType.STUDY_SESSION_FINISHED,
            member.id,
            at=account.org_path,
            changes={"course": row.course_id, "minutes": claimed},
        )
        return record_of(SessionRecord, row)


@dataclass(frozen=True, slots=True)
class CheckedIn:
    day: str
    streak: int
    longest: int
    new: bool  # False: the day was checked in already


async def check_in_today(context: Context, *, now: datetime | None = None) -> CheckedIn:
    """Check in for today (China Standard Time), once a day; again the same day answers."""
    member = await _own_member(context, "check in")
    day = china_day(now or utcnow())
    async with change(context, context.require_account(), conflict="checked in meanwhile") as c:
        account = await open_study_account(c.session, member.id, member.branch_id, member.org_path)
        found = await find_check_in(c.session, member.id, day)
        if found is not None:
            return CheckedIn(day.isoformat(), found.streak, account.longest_streak, False)
        streak = next_streak(account.last_checkin_day, account.current_streak, day)
        await check_in(c.session, account, day, streak)
        c.record(
            EventType.STUDY_CHECKED_IN,
            member.id,
            at=account.org_path,
            changes={"day": day.isoformat(), "streak": streak},
        )
        return CheckedIn(day.isoformat(), streak, account.longest_streak, True)


@dataclass(frozen=True, slots=True)
class QuizResult:
    course: CourseRecord
    scored: Scored
    best: QuizBestRecord


async def submit_quiz(
    context: Context,
    course_id: int,
    global_id: str,
    answers: Sequence[tuple[int, Sequence[int]]],
    *,
    now: datetime | None = None,
) -> QuizResult:
    """Score the member's answers to a course's quiz on the server; keep the best."""
    member = await _own_member(context, "take quizzes")
    course = await _course_for(context, member, course_id, global_id)
    questions = await context.loaders.learning.questions.load(course.id)
    if not questions:
        raise BadUserInput("This course has no quiz.", field="courseId")
    checked = check_answers(questions, answers)
    scored = score(questions, checked)
    async with change(context, context.require_account(), conflict="answered meanwhile") as c:
        account = await open_study_account(c.session, member.id, member.branch_id, member.org_path)
        _, best = await record_attempt(
            c.session,
            {
                "member_id": member.id,
                "course_id": course.id,
                "score": scored.score,
                "max_score": scored.max_score,
                "answers": {str(k): v for k, v in checked.items()},
                "created_at": now or utcnow(),
            },
        )
        c.record(
            EventType.QUIZ_SUBMITTED,
            member.id,
            at=account.org_path,
            changes={"course": course.id, "score": scored.score, "maxScore": scored.max_score},
        )
        return QuizResult(course, scored, record_of(QuizBestRecord, best))
