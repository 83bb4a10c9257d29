"""Enums of the development pipeline; values match the stored values of `db.development`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="A step of the development pipeline 党员发展.")
class DevelopmentAction(enum.Enum):
    APPLICATION_RECORDED = strawberry.enum_value(
        "application_recorded", description="Application date recorded 递交入党申请."
    )
    ADMITTED_ACTIVIST = strawberry.enum_value(
        "admitted_activist", description="Made an activist 确定为入党积极分子, with two contacts."
    )
    TRAINING_RECORDED = strawberry.enum_value(
        "training_recorded", description="A training record added 培养教育."
    )
    ADMITTED_TARGET = strawberry.enum_value(
        "admitted_target",
        description="Made a development target 列为发展对象, politically reviewed.",
    )
    ADMITTED_PROBATIONARY = strawberry.enum_value(
        "admitted_probationary",
        description="Admitted a probationary member 接收为预备党员 on the branch meeting's vote.",
    )
    CONFIRMED_FULL = strawberry.enum_value(
        "confirmed_full", description="Confirmed as a full member 预备党员转正."
    )
    PROBATION_EXTENDED = strawberry.enum_value(
        "probation_extended", description="Probation extended 延长预备期 (once, 6 to 12 months)."
    )
    QUALIFICATION_CANCELLED = strawberry.enum_value(
        "qualification_cancelled",
        description="Probationary qualification cancelled 取消预备党员资格.",
    )


@strawberry.enum(description="What the branch decides at the end of probation 预备期满.")
class ProbationDecision(enum.Enum):
    CONFIRM = strawberry.enum_value("confirmed_full", description="Full member 按期转正.")
    EXTEND = strawberry.enum_value("probation_extended", description="Extend 延长预备期.")
    CANCEL = strawberry.enum_value(
        "qualification_cancelled", description="Cancel the qualification 取消预备党员资格."
    )
