"""Writes of learning: courses, the member's study account lock, sessions, the credit ledger,
check-ins and quiz attempts.

Every write of a member's study takes their study account first (`lock_study_account`: an
UPDATE of its version, which PostgreSQL holds to the commit and SQLite's single writer
serialises), so two sessions, a finish and its retry, or two check-ins of one member run one
after the other and the second sees what the first committed. In the same transaction each
write keeps the figures beside it: the member's year (minutes, check-ins) and the subtree
tallies (db/learning/tallies.py), judged against the year's requirement as it stands then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import core_table, utcnow
from db.learning.models import (
    DEFAULT_REQUIRED_MINUTES,
    CheckInRow,
    CourseRow,
    CreditRow,
    MaterialRow,
    QuestionRow,
    QuizAttemptRow,
    QuizBestRow,
    RequirementRow,
    StudyAccountRow,
    StudySessionRow,
    StudyYearRow,
)
from db.learning.tallies import StudyChange, add_to_learning_tallies
from db.records import Connectable


async def insert_course(
    session: AsyncSession,
    values: Mapping[str, Any],
    materials: Sequence[Mapping[str, Any]],
    questions: Sequence[Mapping[str, Any]],
) -> CourseRow:
    row = CourseRow(**values)
    session.add(row)
    await session.flush()
    if materials:
        await session.execute(
            insert(core_table(MaterialRow)),
            [{"course_id": row.id, "position": n, **m} for n, m in enumerate(materials)],
        )
    if questions:
        await session.execute(
            insert(core_table(QuestionRow)),
            [{"course_id": row.id, "position": n, **q} for n, q in enumerate(questions)],
        )
    return row


async def lock_study_account(session: AsyncSession, member_id: int) -> StudyAccountRow | None:
    """The member's study account, locked for this transaction; None before their first."""
    result = await session.execute(
        update(StudyAccountRow)
        .where(StudyAccountRow.member_id == member_id)
        .values(version=StudyAccountRow.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(StudyAccountRow, member_id, populate_existing=True)


async def open_study_account(
    session: AsyncSession, member_id: int, organization_id: int, org_path: str
) -> StudyAccountRow:
    """The member's account, locked; opened on their first study (an insert that does
    nothing when a concurrent first write opened it meanwhile: then it waits for that one's
    lock like any other write)."""
    account = await lock_study_account(session, member_id)
    if account is not None:
        if account.org_path != org_path:
            await follow_member(session, account, organization_id, org_path)
        return account
    dialect = session.get_bind().dialect.name
    statement: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
        StudyAccountRow
    ).values(
        member_id=member_id,
        organization_id=organization_id,
        org_path=org_path,
        current_streak=0,
        longest_streak=0,
        checkins=0,
        version=1,
        updated_at=utcnow(),
    )
    await session.execute(statement.on_conflict_do_nothing(index_elements=["member_id"]))
    account = await lock_study_account(session, member_id)
    assert account is not None, "opened just now"
    return account


_FOLLOWING = (StudySessionRow, CreditRow, CheckInRow, StudyYearRow)


async def follow_member(
    session: AsyncSession, account: StudyAccountRow, organization_id: int, org_path: str
) -> None:
    """The member now belongs to another branch (the caller holds their account lock): their
    study rows move there, and their years' figures leave the old branch's ancestors for the
    new one's, so a subtree's completion counts the members it holds now."""
    years = (
        await session.scalars(
            select(StudyYearRow)
            .where(StudyYearRow.member_id == account.member_id)
            .execution_options(populate_existing=True)
        )
    ).all()
    changes = []
    for year in years:
        required = await required_minutes(session, year.year)
        for path, sign in ((account.org_path, -1), (org_path, 1)):
            changes.append(
                StudyChange(
                    path,
                    year.year,
                    learners=sign * (year.minutes > 0),
                    members_met=sign * (year.minutes >= required),
                    minutes=sign * year.minutes,
                    checkins=sign * year.checkins,
                    sessions=sign * year.sessions,
                )
            )
    for model in _FOLLOWING:
        await session.execute(
            update(model)
            .where(model.member_id == account.member_id)
            .values(org_path=org_path)
            .execution_options(synchronize_session=False)
        )
    account.organization_id = organization_id
    account.org_path = org_path
    await session.flush()
    await add_to_learning_tallies(session, changes)


async def required_minutes(connection: Connectable, year: int) -> int:
    """The minutes the year requires: its row, or 32 class hours."""
    result = await connection.execute(
        select(RequirementRow.required_minutes).where(RequirementRow.year == year)
    )
    found = result.scalar()
    return int(found) if found is not None else DEFAULT_REQUIRED_MINUTES


async def start_session(
    session: AsyncSession, account: StudyAccountRow, course_id: int, at: datetime
) -> StudySessionRow:
    row = StudySessionRow(
        member_id=account.member_id, course_id=course_id, org_path=account.org_path, started_at=at
    )
    session.add(row)
    await session.flush()
    account.open_session_id = row.id
    await session.flush()
    return row


async def get_session(session: AsyncSession, session_id: int) -> StudySessionRow | None:
    return await session.get(StudySessionRow, session_id, populate_existing=True)


async def finish_session(
    session: AsyncSession,
    account: StudyAccountRow,
    row: StudySessionRow,
    at: datetime,
    minutes: int,
    year: int,
) -> None:
    row.finished_at = at
    row.minutes = minutes
    account.open_session_id = None
    account.last_finished_at = at
    figures = await _year_row(session, account, year)
    figures.sessions += 1
    await session.flush()
    await add_to_learning_tallies(session, [StudyChange(account.org_path, year, sessions=1)])


async def find_credit(
    session: AsyncSession, member_id: int, idempotency_key: str
) -> CreditRow | None:
    return await session.scalar(
        select(CreditRow).where(
            CreditRow.member_id == member_id, CreditRow.idempotency_key == idempotency_key
        )
    )


async def get_credit(session: AsyncSession, entry_id: int) -> CreditRow | None:
    return await session.get(CreditRow, entry_id)


async def _year_row(session: AsyncSession, account: StudyAccountRow, year: int) -> StudyYearRow:
    row = await session.get(StudyYearRow, (account.member_id, year), populate_existing=True)
    if row is None:
        row = StudyYearRow(
            member_id=account.member_id,
            year=year,
            org_path=account.org_path,
            minutes=0,
            checkins=0,
            sessions=0,
        )
        session.add(row)
        await session.flush()
    return row


async def append_credit(
    session: AsyncSession, account: StudyAccountRow, values: Mapping[str, Any]
) -> CreditRow:
    """Write a ledger entry (the caller holds the account lock) and keep the member's year
    and the subtree figures in step: minutes, and whether the member now counts as a
    learner and as meeting the year's requirement."""
    row = CreditRow(**values)
    session.add(row)
    await session.flush()
    year = await _year_row(session, account, row.year)
    required = await required_minutes(session, row.year)
    before = year.minutes
    year.minutes = before + row.minutes
    after = year.minutes
    await session.flush()
    change = StudyChange(
        account.org_path,
        row.year,
        learners=(after > 0) - (before > 0),
        members_met=(after >= required) - (before >= required),
        minutes=row.minutes,
    )
    await add_to_learning_tallies(session, [change])
    return row


async def find_check_in(session: AsyncSession, member_id: int, day: date) -> CheckInRow | None:
    return await session.get(CheckInRow, (member_id, day))


async def check_in(
    session: AsyncSession, account: StudyAccountRow, day: date, streak: int
) -> CheckInRow:
    """Write the day's check-in (the caller holds the lock and found none that day) with the
    streak it makes, and keep the account's streaks and the figures in step."""
    row = CheckInRow(member_id=account.member_id, day=day, org_path=account.org_path, streak=streak)
    session.add(row)
    account.last_checkin_day = day
    account.current_streak = streak
    account.longest_streak = max(account.longest_streak, streak)
    account.checkins += 1
    year = await _year_row(session, account, day.year)
    year.checkins += 1
    await session.flush()
    await add_to_learning_tallies(session, [StudyChange(account.org_path, day.year, checkins=1)])
    return row


async def record_attempt(
    session: AsyncSession, values: Mapping[str, Any]
) -> tuple[QuizAttemptRow, QuizBestRow]:
    """Write a scored attempt and keep the member's best for the course (the caller holds the
    member's account lock)."""
    attempt = QuizAttemptRow(**values)
    session.add(attempt)
    await session.flush()
    best = await session.get(
        QuizBestRow, (attempt.member_id, attempt.course_id), populate_existing=True
    )
    if best is None:
        best = QuizBestRow(
            member_id=attempt.member_id,
            course_id=attempt.course_id,
            best_score=attempt.score,
            max_score=attempt.max_score,
            attempts=1,
            best_at=attempt.created_at,
        )
        session.add(best)
    else:
        best.attempts += 1
        if attempt.score > best.best_score:
            best.best_score = attempt.score
            best.best_at = attempt.created_at
        best.max_score = attempt.max_score
    await session.flush()
    return attempt, best


async def year_has_credits(session: AsyncSession, year: int) -> bool:
    found = await session.execute(select(CreditRow.id).where(CreditRow.year == year).limit(1))
    return found.first() is not None


async def set_requirement(session: AsyncSession, year: int, minutes: int) -> None:
    """The year's requirement (the caller checked no credit of the year exists yet)."""
    row = await session.get(RequirementRow, year)
    if row is None:
        session.add(RequirementRow(year=year, required_minutes=minutes))
    else:
        row.required_minutes = minutes
    await session.flush()


async def move_study_account(
    session: AsyncSession, member_id: int, organization_id: int, org_path: str
) -> None:
    """In the transaction that moves a member to another branch: their study account, rows
    and kept figures go with them (nothing when they never studied)."""
    account = await lock_study_account(session, member_id)
    if account is not None and account.org_path != org_path:
        await follow_member(session, account, organization_id, org_path)
