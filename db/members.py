"""Party members 党员: profile, development status, branch and residence."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    case,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum
from db.paths import within_any


class MemberStatus(enum.StrEnum):
    APPLICANT = "applicant"
    ACTIVIST = "activist"
    DEVELOPMENT_TARGET = "development_target"
    PROBATIONARY = "probationary"
    FULL = "full"


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
    org_path: Mapped[str] = mapped_column(PathString)
    residence_community_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True
    )
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)
    id_card_number: Mapped[str] = mapped_column(String(18), unique=True)
    phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


async def get_members_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, MemberRow]:
    rows = await session.scalars(select(MemberRow).where(MemberRow.id.in_(ids)))
    return {row.id: row for row in rows}


AGE_BANDS = ((30, "under_30"), (40, "30_39"), (50, "40_49"), (60, "50_59"), (70, "60_69"))
OLDEST_BAND = "70_and_over"


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_column(today: date) -> ColumnElement[str]:
    """A portable CASE that turns birth dates into age bands as of `today`."""
    return case(
        *[(MemberRow.birth_date > _years_before(today, age), band) for age, band in AGE_BANDS],
        else_=OLDEST_BAND,
    )


PORTRAIT_DIMENSIONS = ("status", "gender", "education", "ethnicity", "occupation", "age_band")


async def count_members_by(
    session: AsyncSession, paths: Sequence[str], dimension: str, today: date
) -> dict[str, dict[str, int]]:
    """For each subtree root path, member counts by one dimension (one statement for all)."""
    if dimension not in PORTRAIT_DIMENSIONS:
        raise ValueError(f"unknown portrait dimension {dimension!r}")
    if not paths:
        return {}
    key: ColumnElement[Any] = (
        age_band_column(today) if dimension == "age_band" else getattr(MemberRow, dimension)
    )
    parts = [
        select(literal(index, Integer).label("root"), key.label("key"), func.count().label("n"))
        .where(within_any(MemberRow.org_path, [path]))
        .group_by(key)
        for index, path in enumerate(paths)
    ]
    result: dict[str, dict[str, int]] = {path: {} for path in paths}
    for root, value, n in await session.execute(union_all(*parts)):
        result[paths[root]][str(value)] = n
    return result
