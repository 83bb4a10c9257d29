"""Learning 网上党校 and 学习打卡 as tables.

- `learning_courses`: a course published to a subtree (its organisation's path) with its
  materials (`learning_materials`: text, a video link or a document link) and its short quiz
  (`learning_questions`: choices and the indices of the right ones, never shown to members).
- `learning_accounts`: one per member who studies: where they study (their branch, following
  moves), the open session if any, the end of their last session, and their check-in streak
  (kept: the last day checked in, the current and the longest run).
- `learning_sessions`: a member's study sessions, started and finished on the server's clock.
- `learning_credits`: the credit-hours ledger in integer minutes: an entry per finished
  session (its idempotency key is the session), manual credits with the client's key, and
  reversals (at most one per entry); never updated, never deleted.
- `learning_years`: a member's minutes, check-ins and sessions per year (kept beside the
  ledger), so the completion figures know when a member crosses the year's requirement, and
  can move the member's figures when they move to another branch.
- `learning_checkins`: one row per member and China day; its key makes a day count once.
- `learning_quiz_attempts` and `learning_quiz_best`: every scored attempt, and the best kept.
- `learning_requirements`: the minutes a year requires (absent: 32 class hours of 60 minutes);
  set before the year's first credit, as the kept figures judge against it when written.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum

CLASS_HOUR_MINUTES = 60
DEFAULT_REQUIRED_MINUTES = 32 * CLASS_HOUR_MINUTES


class MaterialKind(enum.StrEnum):
    TEXT = "text"  # 图文: the text itself
    VIDEO = "video"  # 视频: a link
    DOCUMENT = "document"  # 文档: a link


class CreditKind(enum.StrEnum):
    SESSION = "session"  # a finished study session 在线学习
    MANUAL = "manual"  # credited by the branch (an offline lecture, a training) 集中学习
    REVERSAL = "reversal"  # cancels an entry exactly 冲销


class CourseRow(Base):
    __tablename__ = "learning_courses"
    __table_args__ = (Index("ix_learning_courses_org_path_id", "org_path", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(String(1000))
    suggested_minutes: Mapped[int] = mapped_column(Integer)
    question_count: Mapped[int] = mapped_column(Integer, default=0)
    max_score: Mapped[int] = mapped_column(Integer, default=0)
    published_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class MaterialRow(Base):
    __tablename__ = "learning_materials"
    __table_args__ = (Index("ix_learning_materials_course_id_position", "course_id", "position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_courses.id"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[MaterialKind] = mapped_column(string_enum(MaterialKind, "learning_material_kind"))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))


class QuestionRow(Base):
    __tablename__ = "learning_questions"
    __table_args__ = (Index("ix_learning_questions_course_id_position", "course_id", "position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_courses.id"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    choices: Mapped[list[str]] = mapped_column(JSON)
    correct: Mapped[list[int]] = mapped_column(JSON)  # indices into choices, sorted
    points: Mapped[int] = mapped_column(Integer, default=1)


class StudyAccountRow(Base):
    """Locked (its version bumped) by every write of the member's study, so a member's
    sessions, credits and check-ins are written one after the other."""

    __tablename__ = "learning_accounts"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    open_session_id: Mapped[int | None] = mapped_column(BigId)
    last_finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_checkin_day: Mapped[date | None] = mapped_column(Date)
    current_streak: Mapped[int] = mapped_column(Integer, default=0)
    longest_streak: Mapped[int] = mapped_column(Integer, default=0)
    checkins: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class StudySessionRow(Base):
    __tablename__ = "learning_sessions"
    __table_args__ = (Index("ix_learning_sessions_member_id_id", "member_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("learning_accounts.member_id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_courses.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    minutes: Mapped[int | None] = mapped_column(Integer)


class CreditRow(Base):
    """One ledger entry; never updated, never deleted."""

    __tablename__ = "learning_credits"
    __table_args__ = (
        UniqueConstraint("member_id", "idempotency_key"),
        Index("ix_learning_credits_member_id_id", "member_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("learning_accounts.member_id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[CreditKind] = mapped_column(string_enum(CreditKind, "learning_credit_kind"))
    minutes: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("learning_sessions.id"))
    idempotency_key: Mapped[str] = mapped_column(String(80))
    reverses_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_credits.id"), unique=True
    )
    note: Mapped[str | None] = mapped_column(String(200))
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class StudyYearRow(Base):
    __tablename__ = "learning_years"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("learning_accounts.member_id"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    checkins: Mapped[int] = mapped_column(Integer, default=0)
    sessions: Mapped[int] = mapped_column(Integer, default=0)


class CheckInRow(Base):
    __tablename__ = "learning_checkins"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("learning_accounts.member_id"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    streak: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class QuizAttemptRow(Base):
    __tablename__ = "learning_quiz_attempts"
    __table_args__ = (Index("ix_learning_quiz_attempts_member_id_id", "member_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("learning_accounts.member_id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_courses.id"))
    score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, list[int]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class QuizBestRow(Base):
    __tablename__ = "learning_quiz_best"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("learning_accounts.member_id"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("learning_courses.id"), primary_key=True)
    best_score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer)
    best_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RequirementRow(Base):
    __tablename__ = "learning_requirements"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    required_minutes: Mapped[int] = mapped_column(Integer)
