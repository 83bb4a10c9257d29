"""Meetings 三会一课 and 主题党日: kinds (data, with their cadence), meetings, each attendee's
attendance, the timeline of every step (全过程留痕) and the kept figures per branch and month.

`org_path` is the branch's (the meeting's attendees are its members). `attendees`, `excused`
and `present` are kept in the writer's transaction with the attendance rows; a meeting held
(HELD or CLOSED) counts in `meeting_tallies` under its branch, the China-time month of its
start and its kind (db/meetings/tallies.py).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class Cadence(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class MeetingAction(enum.StrEnum):
    SCHEDULE = "schedule"
    HOLD = "hold"
    RECORD_MINUTES = "record_minutes"
    CLOSE = "close"
    CANCEL = "cancel"
    REQUEST_LEAVE = "request_leave"
    APPROVE_LEAVE = "approve_leave"
    REFUSE_LEAVE = "refuse_leave"
    CHECK_IN = "check_in"


class AttendanceStatus(enum.StrEnum):
    EXPECTED = "expected"  # 应到: neither checked in nor on approved leave
    LEAVE_REQUESTED = "leave_requested"  # 请假待批
    EXCUSED = "excused"  # 请假已批准
    PRESENT = "present"  # 已签到


class CheckInMethod(enum.StrEnum):
    SELF = "self"  # the member, within the window around the start
    SECRETARY = "secretary"  # the secretary, for them


class MeetingKindRow(Base):
    """A kind of meeting and its required cadence 频次 (data, like petition categories)."""

    __tablename__ = "meeting_kinds"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    cadence: Mapped[Cadence] = mapped_column(string_enum(Cadence, "meeting_cadence"))
    position: Mapped[int] = mapped_column(Integer)


class MeetingRow(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_org_path_starts_at", "org_path", "starts_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind_code: Mapped[str] = mapped_column(ForeignKey("meeting_kinds.code"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    topic: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    address: Mapped[str] = mapped_column(String(200))
    status: Mapped[MeetingStatus] = mapped_column(string_enum(MeetingStatus, "meeting_status"))
    minutes: Mapped[str | None] = mapped_column(Text)
    resolutions: Mapped[str | None] = mapped_column(Text)
    attendees: Mapped[int] = mapped_column(Integer, default=0)
    excused: Mapped[int] = mapped_column(Integer, default=0)
    present: Mapped[int] = mapped_column(Integer, default=0)
    held_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class MeetingAttendanceRow(Base):
    """One attendee (a member of the branch when it was scheduled) and how they attended."""

    __tablename__ = "meeting_attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        string_enum(AttendanceStatus, "meeting_attendance_status")
    )
    leave_reason: Mapped[str | None] = mapped_column(String(500))
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    check_in_method: Mapped[CheckInMethod | None] = mapped_column(
        string_enum(CheckInMethod, "meeting_check_in_method")
    )
    version: Mapped[int] = mapped_column(Integer, default=1)


class MeetingStepRow(Base):
    """One step on a meeting's timeline: who did what, when, to whom (全过程留痕)."""

    __tablename__ = "meeting_steps"
    __table_args__ = (Index("ix_meeting_steps_meeting_id_id", "meeting_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    action: Mapped[MeetingAction] = mapped_column(string_enum(MeetingAction, "meeting_action"))
    from_status: Mapped[MeetingStatus | None] = mapped_column(
        string_enum(MeetingStatus, "meeting_status")
    )
    to_status: Mapped[MeetingStatus] = mapped_column(string_enum(MeetingStatus, "meeting_status"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    actor_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
