"""Activities 活动 and their registrations: sign-up with a capacity and a waiting list, check-in
and check-out, feedback.

`org_path` is the organisation whose subtree the activity is held for (the organiser, or, for a
unit's activity, the community it is held in). `signed_up` and `waitlisted` are kept in the
writer's transaction under the activity's row lock (db/activities/writes.py), so a capacity is
never exceeded however many people sign up at once. `started_at`/`ended_at` record that the
start and end were announced (once, by the activities job), not the schedule.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import (
    Boolean,
    Float,
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

# No activity lasts longer (checked when one is created): what runs at a moment started at most
# this long before it, so "running now" is an index range on the start.
LONGEST_ACTIVITY = timedelta(days=7)


class ActivityKind(enum.StrEnum):
    THEMED_PARTY_DAY = "themed_party_day"
    VOLUNTEER_SERVICE = "volunteer_service"
    CULTURE = "culture"
    TRAINING = "training"
    CONSULTATION = "consultation"
    SPORTS = "sports"
    OTHER = "other"


class ActivityAudience(enum.StrEnum):
    EVERYONE = "everyone"
    PARTY_MEMBERS = "party_members"
    VOLUNTEERS = "volunteers"
    YOUTH = "youth"
    ELDERLY = "elderly"


class ActivityStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class AttendanceMethod(enum.StrEnum):
    SELF = "self"  # the participant, within range and time
    STAFF = "staff"  # an organiser's staff
    DEVICE = "device"  # a terminal at the station where it is held


class ActivityRow(Base):
    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_org_path_starts_at", "org_path", "starts_at"),
        Index("ix_activities_starts_at_ends_at", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[ActivityKind] = mapped_column(string_enum(ActivityKind, "activity_kind"))
    description: Mapped[str] = mapped_column(Text)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("co_building_units.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    address: Mapped[str] = mapped_column(String(200))
    longitude: Mapped[float] = mapped_column(Float)
    latitude: Mapped[float] = mapped_column(Float)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    audience: Mapped[ActivityAudience] = mapped_column(
        string_enum(ActivityAudience, "activity_audience")
    )
    credits_hours: Mapped[bool] = mapped_column(Boolean)
    check_in_radius_meters: Mapped[int] = mapped_column(Integer)
    status: Mapped[ActivityStatus] = mapped_column(string_enum(ActivityStatus, "activity_status"))
    signed_up: Mapped[int] = mapped_column(Integer, default=0)
    waitlisted: Mapped[int] = mapped_column(Integer, default=0)
    checked_in: Mapped[int] = mapped_column(Integer, default=0)
    feedback_count: Mapped[int] = mapped_column(Integer, default=0)
    feedback_sum: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class RegistrationRow(Base):
    """One account's registration for an activity; cancelled and signed up again, it goes to
    the end of the queue (`queued_at`)."""

    __tablename__ = "activity_registrations"
    __table_args__ = (
        UniqueConstraint("activity_id", "account_id"),
        Index(
            "ix_activity_registrations_activity_id_status_queued_at",
            "activity_id",
            "status",
            "queued_at",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        string_enum(RegistrationStatus, "registration_status")
    )
    code: Mapped[str] = mapped_column(String(16), unique=True)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    check_in_method: Mapped[AttendanceMethod | None] = mapped_column(
        string_enum(AttendanceMethod, "attendance_method")
    )
    checked_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    check_out_method: Mapped[AttendanceMethod | None] = mapped_column(
        string_enum(AttendanceMethod, "attendance_method")
    )
    minutes: Mapped[int | None] = mapped_column(Integer)
    feedback_score: Mapped[int | None] = mapped_column(Integer)
    feedback_comment: Mapped[str | None] = mapped_column(String(500))
