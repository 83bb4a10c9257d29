"""Enums of dues; values match the stored values of `db.dues`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Which brackets a member's dues follow 党费类别.")
class DuesCategory(enum.Enum):
    IN_SERVICE = strawberry.enum_value(
        "in_service",
        description="In service 在职: 0.5 % of a monthly salary up to 3 000 yuan, 1 % up to "
        "5 000, 1.5 % up to 10 000, 2 % above (of the whole base).",
    )
    RETIRED = strawberry.enum_value(
        "retired",
        description="Retired 离退休: 0.5 % of a monthly pension up to 5 000 yuan, 1 % above.",
    )
    STUDENT = strawberry.enum_value("student", description="Student 学生: a fixed small amount.")
    FARMER = strawberry.enum_value("farmer", description="Farmer 农民: a fixed small amount.")
    UNEMPLOYED = strawberry.enum_value(
        "unemployed", description="Unemployed or on benefits 下岗失业: a fixed small amount."
    )


@strawberry.enum(description="What a dues ledger entry records 党费记录类型.")
class DuesPaymentKind(enum.Enum):
    PAYMENT = strawberry.enum_value("payment", description="A payment 缴纳.")
    REVERSAL = strawberry.enum_value("reversal", description="Cancels a payment exactly 冲正.")
