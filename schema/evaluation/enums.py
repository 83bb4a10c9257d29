"""Enums of evaluation; values match the stored values of `db.evaluation`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Whether an indicator adds or deducts 指标类型.")
class EvaluationIndicatorKind(enum.Enum):
    POSITIVE = strawberry.enum_value(
        "positive", description="Positive 加分指标: earns up to its cap."
    )
    NEGATIVE = strawberry.enum_value(
        "negative",
        description="Negative 扣分指标: deducts its weight per occurrence, up to its cap.",
    )


@strawberry.enum(description="Which way an indicator's raw value is better 指标方向.")
class EvaluationDirection(enum.Enum):
    HIGHER = strawberry.enum_value("higher", description="More is better 越高越好.")
    LOWER = strawberry.enum_value("lower", description="Less is better 越低越好.")


@strawberry.enum(description="A step of a star rating's timeline 评定记录.")
class EvaluationRatingAction(enum.Enum):
    COMPUTED = strawberry.enum_value("computed", description="Computed by the batch 系统测评.")
    OVERRIDDEN = strawberry.enum_value(
        "overridden", description="Overridden by the upper organisation, with a reason 调整."
    )
    PUBLISHED = strawberry.enum_value(
        "published", description="Published by the upper organisation 公布."
    )
