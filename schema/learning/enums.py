"""Enums of learning; values match the stored values of `db.learning`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="What a course material is 学习资料类型.")
class CourseMaterialKind(enum.Enum):
    TEXT = strawberry.enum_value("text", description="Text to read 图文: its `body`.")
    VIDEO = strawberry.enum_value("video", description="A video 视频: its `url`.")
    DOCUMENT = strawberry.enum_value("document", description="A document 文档: its `url`.")


@strawberry.enum(description="What a credit-hours ledger entry records 学时记录类型.")
class StudyCreditKind(enum.Enum):
    SESSION = strawberry.enum_value("session", description="A finished study session 在线学习.")
    MANUAL = strawberry.enum_value(
        "manual", description="Credited by the branch 集中学习 (a lecture, a training)."
    )
    REVERSAL = strawberry.enum_value("reversal", description="Cancels an entry exactly 冲销.")
