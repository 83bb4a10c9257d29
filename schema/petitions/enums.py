"""Petition enums; values match the stored values of `db.petitions`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Where a petition stands in its closed loop 闭环.")
class PetitionStatus(enum.Enum):
    SUBMITTED = strawberry.enum_value(
        "submitted", description="Raised, awaiting acceptance 待受理."
    )
    ACCEPTED = strawberry.enum_value("accepted", description="Accepted 已受理, to be assigned.")
    ASSIGNED = strawberry.enum_value("assigned", description="Assigned 已派单 to an organisation.")
    IN_PROGRESS = strawberry.enum_value("in_progress", description="Being handled 办理中.")
    RESOLVED = strawberry.enum_value("resolved", description="Resolved 已办结, awaiting rating.")
    RATED = strawberry.enum_value("rated", description="Rated 已评价 by the resident.")
    CLOSED = strawberry.enum_value("closed", description="Closed 已归档.")
    REJECTED = strawberry.enum_value("rejected", description="Rejected 不予受理, with a reason.")
    MERGED = strawberry.enum_value(
        "merged",
        description="Merged 已合并 into a master petition as a duplicate report 重复诉求: not open "
        "on its own; it takes the master's resolution.",
    )


@strawberry.enum(description="How a petition was raised 诉求渠道.")
class PetitionChannel(enum.Enum):
    APP = strawberry.enum_value("app", description="居民端应用 The resident app.")
    HOTLINE = strawberry.enum_value("hotline", description="The hotline 热线电话.")
    STATION = strawberry.enum_value("station", description="A service-station counter 服务站窗口.")
    WECHAT = strawberry.enum_value("wechat", description="WeChat mini-program 微信.")
    OTHER = strawberry.enum_value("other", description="其他渠道 Any other channel.")


@strawberry.enum(description="A step on a petition's timeline 全过程留痕.")
class PetitionAction(enum.Enum):
    SUBMIT = strawberry.enum_value("submit", description="Raised 提交.")
    ACCEPT = strawberry.enum_value("accept", description="Accepted 受理.")
    ASSIGN = strawberry.enum_value("assign", description="Assigned 派单 (or reassigned).")
    START = strawberry.enum_value("start", description="Handling started 开始办理.")
    RESOLVE = strawberry.enum_value("resolve", description="Resolved 办结, with the resolution.")
    RATE = strawberry.enum_value("rate", description="Rated 评价 by the resident.")
    CLOSE = strawberry.enum_value("close", description="Closed 归档.")
    REJECT = strawberry.enum_value("reject", description="Rejected 不予受理, with a reason.")
    ESCALATE = strawberry.enum_value("escalate", description="Escalated 上报 to the parent.")
    REOPEN = strawberry.enum_value("reopen", description="Reopened 重新办理 by the resident.")
    OVERDUE = strawberry.enum_value("overdue", description="Marked overdue 超期 by the system.")
    SUPERVISE = strawberry.enum_value(
        "supervise", description="Supervised 督办 by an upper level (the status stays)."
    )
    DISPATCH = strawberry.enum_value(
        "dispatch",
        description="Dispatched 派单 to a functional department 职能部门 (a lead, and any "
        "co-handlers 协办), with a deadline.",
    )
    TAKE = strawberry.enum_value(
        "take", description="A department accepted 接单 its dispatch and handles it."
    )
    RETURN = strawberry.enum_value(
        "return",
        description="A department returned 退单 its dispatch to the dispatcher, with a reason.",
    )
    CONTRIBUTE = strawberry.enum_value(
        "contribute", description="A co-handling department 协办部门 added its part."
    )
    REPORT = strawberry.enum_value(
        "report",
        description="The lead department reported back 办结反馈 for all, awaiting confirmation.",
    )
    CONFIRM = strawberry.enum_value(
        "confirm",
        description="The dispatcher confirmed 确认办结 the department's report: resolved, for "
        "the resident to rate.",
    )
    WITHDRAW = strawberry.enum_value(
        "withdraw",
        description="Dispatch withdrawn 撤回派单 by the dispatcher, with a reason: the lead's "
        "withdrawal gives the petition back to the dispatcher.",
    )
    MERGE = strawberry.enum_value(
        "merge",
        description="Merged 合并: a duplicate report joined a master petition (on both timelines).",
    )


@strawberry.enum(description="The major kind of a petition category 诉求大类.")
class CategoryKind(enum.Enum):
    PUBLIC_MANAGEMENT = strawberry.enum_value(
        "public_management", description="Public management 公共管理."
    )
    PUBLIC_SERVICE = strawberry.enum_value("public_service", description="Public service 公共服务.")
    PUBLIC_SAFETY = strawberry.enum_value("public_safety", description="Public safety 公共安全.")
    PARTY_BUILDING = strawberry.enum_value("party_building", description="Party-building 党建.")
