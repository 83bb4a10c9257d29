"""Reads of learning: courses with their materials and questions, a member's study account,
year, sessions, credits, check-ins and best quiz scores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, or_, select

from db.base import core_table
from db.learning.models import (
    DEFAULT_REQUIRED_MINUTES,
    CheckInRow,
    CourseRow,
    CreditKind,
    CreditRow,
    MaterialKind,
    MaterialRow,
    QuestionRow,
    QuizBestRow,
    RequirementRow,
    StudyAccountRow,
    StudySessionRow,
    StudyYearRow,
)
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.paths import ancestor_paths
from db.records import ByKeys, Connectable, record_columns, row_record


@row_record
class CourseRecord:
    id: int
    organization_id: int
    org_path: str
    title: str
    summary: str
    suggested_minutes: int
    question_count: int
    max_score: int
    published_at: datetime


@row_record
class MaterialRecord:
    id: int
    course_id: int
    position: int
    kind: MaterialKind
    title: str
    body: str | None
    url: str | None


@row_record
class QuestionRecord:
    id: int
    course_id: int
    position: int
    text: str
    choices: list[str]
    correct: list[int]
    points: int


@row_record
class StudyAccountRecord:
    member_id: int
    organization_id: int
    org_path: str
    open_session_id: int | None
    last_finished_at: datetime | None
    last_checkin_day: date | None
    current_streak: int
    longest_streak: int
    checkins: int


@row_record
class SessionRecord:
    id: int
    member_id: int
    course_id: int
    org_path: str
    started_at: datetime
    finished_at: datetime | None
    minutes: int | None


@row_record
class CreditRecord:
    id: int
    member_id: int
    org_path: str
    year: int
    kind: CreditKind
    minutes: int
    session_id: int | None
    reverses_entry_id: int | None
    note: str | None
    created_at: datetime


@row_record
class QuizBestRecord:
    member_id: int
    course_id: int
    best_score: int
    max_score: int
    attempts: int
    best_at: datetime


COURSE_COLUMNS = record_columns(CourseRecord, CourseRow)
MATERIAL_COLUMNS = record_columns(MaterialRecord, MaterialRow)
QUESTION_COLUMNS = record_columns(QuestionRecord, QuestionRow)
ACCOUNT_COLUMNS = record_columns(StudyAccountRecord, StudyAccountRow)
SESSION_COLUMNS = record_columns(SessionRecord, StudySessionRow)
CREDIT_COLUMNS = record_columns(CreditRecord, CreditRow)
BEST_COLUMNS = record_columns(QuizBestRecord, QuizBestRow)
_C = core_table(CourseRow).c
_M = core_table(MaterialRow).c
_Q = core_table(QuestionRow).c
_A = core_table(StudyAccountRow).c
_S = core_table(StudySessionRow).c
_E = core_table(CreditRow).c
_B = core_table(QuizBestRow).c
_Y = core_table(StudyYearRow).c
_D = core_table(CheckInRow).c
_YEARS = core_table(RequirementRow).c
_REQUIREMENTS = ByKeys(
    lambda keys: select(_YEARS.year, _YEARS.required_minutes).where(keys), _YEARS.year
)
COURSE_KEY = _C.id
SESSION_KEY = _S.id
CREDIT_KEY = _E.id

_COURSE_BY_ID = ByKeys(lambda keys: select(*COURSE_COLUMNS).where(keys), _C.id)
_MATERIALS_BY_COURSE = ByKeys(
    lambda keys: select(*MATERIAL_COLUMNS).where(keys).order_by(_M.course_id, _M.position),
    _M.course_id,
)
_QUESTIONS_BY_COURSE = ByKeys(
    lambda keys: select(*QUESTION_COLUMNS).where(keys).order_by(_Q.course_id, _Q.position),
    _Q.course_id,
)
_ACCOUNT_BY_MEMBER = ByKeys(lambda keys: select(*ACCOUNT_COLUMNS).where(keys), _A.member_id)
_SESSION_BY_ID = ByKeys(lambda keys: select(*SESSION_COLUMNS).where(keys), _S.id)
_CREDIT_BY_ID = ByKeys(lambda keys: select(*CREDIT_COLUMNS).where(keys), _E.id)
_BEST_BY_COURSE = ByKeys(
    lambda keys: select(*BEST_COLUMNS).where(keys, _B.member_id == bindparam("member")),
    _B.course_id,
)


async def courses_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, CourseRecord]:
    return {row[0]: CourseRecord(*row) for row in await _COURSE_BY_ID.rows(connection, ids)}


async def materials_of_courses(
    connection: Connectable, course_ids: Sequence[int]
) -> dict[int, list[MaterialRecord]]:
    found: dict[int, list[MaterialRecord]] = defaultdict(list)
    for row in await _MATERIALS_BY_COURSE.rows(connection, course_ids):
        found[row[1]].append(MaterialRecord(*row))
    return found


async def questions_of_courses(
    connection: Connectable, course_ids: Sequence[int]
) -> dict[int, list[QuestionRecord]]:
    found: dict[int, list[QuestionRecord]] = defaultdict(list)
    for row in await _QUESTIONS_BY_COURSE.rows(connection, course_ids):
        found[row[1]].append(QuestionRecord(*row))
    return found


async def study_accounts_by_members(
    connection: Connectable, member_ids: Sequence[int]
) -> dict[int, StudyAccountRecord]:
    rows = await _ACCOUNT_BY_MEMBER.rows(connection, member_ids)
    return {row[0]: StudyAccountRecord(*row) for row in rows}


async def sessions_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, SessionRecord]:
    return {row[0]: SessionRecord(*row) for row in await _SESSION_BY_ID.rows(connection, ids)}


async def credits_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, CreditRecord]:
    return {row[0]: CreditRecord(*row) for row in await _CREDIT_BY_ID.rows(connection, ids)}


async def best_scores(
    connection: Connectable, member_id: int, course_ids: Sequence[int]
) -> dict[int, QuizBestRecord]:
    rows = await _BEST_BY_COURSE.rows(connection, course_ids, member=member_id)
    return {row[1]: QuizBestRecord(*row) for row in rows}


async def year_of_member(connection: Connectable, member_id: int, year: int) -> tuple[int, int]:
    """(minutes, check-ins) the member has in the year (kept beside the ledger)."""
    result = await connection.execute(
        select(_Y.minutes, _Y.checkins).where(_Y.member_id == member_id, _Y.year == year)
    )
    row = result.first()
    return (int(row[0]), int(row[1])) if row else (0, 0)


async def check_in_days(connection: Connectable, member_id: int, since: date) -> list[date]:
    """The days the member checked in from `since` on, oldest first."""
    result = await connection.execute(
        select(_D.day).where(_D.member_id == member_id, _D.day >= since).order_by(_D.day)
    )
    return [row[0] for row in result]


async def requirements_of(connection: Connectable, years: Sequence[int]) -> dict[int, int]:
    """The minutes each year requires (its row, or 32 class hours), in one statement."""
    found = {
        int(year): int(minutes) for year, minutes in await _REQUIREMENTS.rows(connection, years)
    }
    return {year: found.get(year, DEFAULT_REQUIRED_MINUTES) for year in years}


def course_list(roots: Sequence[str]) -> ListQuery:
    """Courses published in the subtrees at `roots`, or above them to a subtree containing
    them (a street's course reaches its communities' branches); page by COURSE_KEY."""
    above = sorted({path for root in roots for path in ancestor_paths(root)} - set(roots))
    scope, values = scope_values(roots)
    if above:
        values["above"] = above
    return ListQuery(_courses, (scope, bool(above)), values)


def _courses(dialect: str, shape: Shape) -> Select[Any]:
    scope, above = shape
    condition = within_scope(_C.org_path, scope)
    if above:
        condition = or_(condition, one_of(dialect, _C.org_path, "above", String()))
    return select(*COURSE_COLUMNS).where(condition)


def session_list(member_id: int) -> ListQuery:
    """The member's sessions; page by SESSION_KEY."""
    return ListQuery(_sessions, (), {"member": member_id})


def _sessions(dialect: str, shape: Shape) -> Select[Any]:
    return select(*SESSION_COLUMNS).where(_S.member_id == bindparam("member"))


def credit_list(member_id: int) -> ListQuery:
    """The member's ledger entries; page by CREDIT_KEY."""
    return ListQuery(_credits, (), {"member": member_id})


def _credits(dialect: str, shape: Shape) -> Select[Any]:
    return select(*CREDIT_COLUMNS).where(_E.member_id == bindparam("member"))
