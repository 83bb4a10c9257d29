"""Party members 党员: profile, development status, branch and residence."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum


class MemberStatus(enum.StrEnum):
    APPLICANT = "applicant"
    ACTIVIST = "activist"
    DEVELOPMENT_TARGET = "development_target"
    PROBATIONARY = "probationary"
    FULL = "full"
    # Probationary qualification cancelled 取消预备党员资格: neither a member nor on the way.
    CANCELLED = "cancelled"
    # Transferred out of the platform 组织关系转出: the relation went to a place outside the
    # city (a transfer completed with its receipt). The record and all its history are kept;
    # the person is no longer counted, owes no dues and is expected at nothing here.
    TRANSFERRED_OUT = "transferred_out"

    @property
    def is_party_member(self) -> bool:
        """Probationary and full members are Party members 党员; the earlier stages are people
        on the way (入党申请人, 积极分子, 发展对象), counted apart."""
        return self in PARTY_MEMBER_STATUSES


PARTY_MEMBER_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL)
PIPELINE_STATUSES = (
    MemberStatus.APPLICANT,
    MemberStatus.ACTIVIST,
    MemberStatus.DEVELOPMENT_TARGET,
)


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


class Education(enum.StrEnum):
    PRIMARY = "primary"
    JUNIOR_HIGH = "junior_high"
    SENIOR_HIGH = "senior_high"
    SECONDARY_VOCATIONAL = "secondary_vocational"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class Occupation(enum.StrEnum):
    WORKER = "worker"
    FARMER = "farmer"
    PROFESSIONAL = "professional"
    MANAGER = "manager"
    CIVIL_SERVANT = "civil_servant"
    STUDENT = "student"
    RETIRED = "retired"
    OTHER = "other"


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (Index("ix_members_org_path_status", "org_path", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    gender: Mapped[Gender] = mapped_column(string_enum(Gender, "gender"))
    birth_date: Mapped[date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(16))
    education: Mapped[Education] = mapped_column(string_enum(Education, "education"))
    occupation: Mapped[Occupation] = mapped_column(string_enum(Occupation, "occupation"))
    join_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[MemberStatus] = mapped_column(string_enum(MemberStatus, "member_status"))
    status_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    # The branch's path, kept in step by moves, so subtree counts are one index range.
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    residence_community_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True
    )
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last month (its first day) with any presence 在场, kept with the presence figures
    # (db/presence/last_present.py); None: never present.
    last_present_month: Mapped[date | None] = mapped_column(Date)
    id_card_number: Mapped[str] = mapped_column(String(18), unique=True)
    phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
