"""Evaluation 考核评价 as tables.

- `evaluation_frameworks`: an indicator system for one year and governance level, versioned
  (a year may hold several versions; results name the one they used). Once results were
  computed with it, it is `frozen`: its indicators never change again, and next year's (or a
  corrected) framework is a copy edited before its first use.
- `evaluation_indicators`: a framework's indicators, each in a category, positive 加分 or
  negative 扣分, with weight, direction, target, cap, period and either a formula key (over
  zhdj's kept figures: resolvers/evaluation/formulas.py) or none (entered by hand by the
  upper organisation: `evaluation_manual_entries`, with a note and an evidence reference).
- `evaluation_results`: one organisation's score under a framework: total, rank among its
  siblings (competition ranking: ties share a rank), its standing in the whole framework
  (total descending, then id: any subtree's results in standing order are its ranking), and
  its star rating (computed from the thresholds, or overridden with a reason), published by
  the upper organisation.
- `evaluation_indicator_scores`: each indicator's raw value, points and the figures it was
  computed from, so every number can be explained.
- `evaluation_medians`: the median achievement of each indicator among an organisation's
  scored children (and, at key 0, among everything the framework scored): kept by the batch,
  so a capability portrait is a few key reads.
- `evaluation_subtree_counts`: how many results lie in each organisation's subtree (a
  ranking's total, read by key).
- `evaluation_rating_steps`: the rating's timeline 全过程留痕: computed, overridden (with the
  reason), published; who and when.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import FOLLOWS_MOVES, Base, BigId, PathString, UtcDateTime, utcnow
from db.enums import string_enum

CITY_WIDE = 0  # `evaluation_medians.organization_id` of the framework-wide medians


class IndicatorKind(enum.StrEnum):
    POSITIVE = "positive"  # 加分指标: earns up to its cap
    NEGATIVE = "negative"  # 扣分指标: deducts per occurrence, up to its cap


class Direction(enum.StrEnum):
    HIGHER = "higher"  # more is better (a rate, hours)
    LOWER = "lower"  # less is better


class RatingAction(enum.StrEnum):
    COMPUTED = "computed"
    OVERRIDDEN = "overridden"
    PUBLISHED = "published"


class FrameworkRow(Base):
    __tablename__ = "evaluation_frameworks"
    __table_args__ = (UniqueConstraint("year", "version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))  # the governance level scored
    star_thresholds: Mapped[list[float]] = mapped_column(JSON)  # totals for 2, 3, 4, 5 stars
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_frameworks.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class IndicatorRow(Base):
    __tablename__ = "evaluation_indicators"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("evaluation_frameworks.id"))
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[IndicatorKind] = mapped_column(string_enum(IndicatorKind, "indicator_kind"))
    direction: Mapped[Direction] = mapped_column(string_enum(Direction, "indicator_direction"))
    weight: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    cap: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(16), default="year")
    formula: Mapped[str | None] = mapped_column(String(32))  # None: entered by hand


class ManualEntryRow(Base):
    __tablename__ = "evaluation_manual_entries"
    __table_args__ = (UniqueConstraint("indicator_id", "organization_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("evaluation_indicators.id"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(500))
    evidence: Mapped[str] = mapped_column(String(500))
    entered_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ResultRow(Base):
    __tablename__ = "evaluation_results"
    __table_args__ = (
        UniqueConstraint("framework_id", "organization_id"),
        Index("ix_evaluation_results_framework_id_org_path", "framework_id", "org_path"),
        Index("ix_evaluation_results_organization_id_year", "organization_id", "year"),
        Index("ix_evaluation_results_framework_id_standing", "framework_id", "standing"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("evaluation_frameworks.id"))
    year: Mapped[int] = mapped_column(Integer)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    org_path: Mapped[str] = mapped_column(PathString, info=FOLLOWS_MOVES)
    parent_id: Mapped[int | None] = mapped_column(BigId)
    total: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)
    siblings: Mapped[int] = mapped_column(Integer)  # scored under the same parent, itself too
    standing: Mapped[int] = mapped_column(Integer)
    computed_stars: Mapped[int] = mapped_column(Integer)
    stars: Mapped[int] = mapped_column(Integer)
    override_reason: Mapped[str | None] = mapped_column(String(500))
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class IndicatorScoreRow(Base):
    __tablename__ = "evaluation_indicator_scores"

    framework_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_frameworks.id"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    raw: Mapped[float | None] = mapped_column(Float)
    points: Mapped[float] = mapped_column(Float)
    achievement: Mapped[float] = mapped_column(Float)  # points over the most it could earn
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    how: Mapped[str] = mapped_column(String(500))  # the figures in words, as the formula read them


class MedianRow(Base):
    __tablename__ = "evaluation_medians"

    framework_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_frameworks.id"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    median: Mapped[float] = mapped_column(Float)


class SubtreeCountRow(Base):
    """How many results a framework holds in each organisation's subtree (kept by the batch),
    so a ranking's `totalCount` is a key read however large the subtree."""

    __tablename__ = "evaluation_subtree_counts"

    framework_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_frameworks.id"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    results: Mapped[int] = mapped_column(Integer)


class RatingStepRow(Base):
    __tablename__ = "evaluation_rating_steps"
    __table_args__ = (Index("ix_evaluation_rating_steps_result_id_id", "result_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("evaluation_results.id"))
    action: Mapped[RatingAction] = mapped_column(string_enum(RatingAction, "rating_action"))
    stars: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(500))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
