"""Enums of transfers; values match the stored values of `db.transfers`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Where a transfer 组织关系转接 stands.")
class TransferStatus(enum.Enum):
    REQUESTED = strawberry.enum_value(
        "requested", description="Asked 已申请; waits for the member's branch to approve."
    )
    APPROVED = strawberry.enum_value(
        "approved",
        description="Approved with its introduction letter 已开介绍信; waits for the destination "
        "(or, out of the platform, for the receipt).",
    )
    RETURNED = strawberry.enum_value(
        "returned", description="Returned by the destination 已退回, with its reason."
    )
    DONE = strawberry.enum_value(
        "done", description="Done 已完成: the member belongs to the destination now."
    )
    CANCELLED = strawberry.enum_value("cancelled", description="Cancelled 已撤销.")


@strawberry.enum(description="A step on a transfer's timeline 转接流程.")
class TransferAction(enum.Enum):
    REQUEST = strawberry.enum_value("request", description="Asked 申请.")
    APPROVE = strawberry.enum_value("approve", description="Approved, letter issued 开具介绍信.")
    ACCEPT = strawberry.enum_value("accept", description="Accepted 接收; the member moved.")
    RETURN = strawberry.enum_value("return", description="Returned 退回, with a reason.")
    COMPLETE = strawberry.enum_value(
        "complete", description="Completed out of the platform 回执已收."
    )
    CANCEL = strawberry.enum_value("cancel", description="Cancelled 撤销.")


@strawberry.enum(description="A step to take on a transfer 转接操作.")
class TransferStep(enum.Enum):
    APPROVE = strawberry.enum_value(
        "approve",
        description="Approve and issue the introduction letter 开具介绍信 (the member's branch; "
        "give `letterNumber`).",
    )
    ACCEPT = strawberry.enum_value(
        "accept", description="Accept the member 接收 (the destination branch): they move."
    )
    RETURN = strawberry.enum_value(
        "return", description="Return it 退回 (the destination branch; say why in `note`)."
    )
    COMPLETE = strawberry.enum_value(
        "complete",
        description="Record the receipt 回执 of a transfer out of the platform (the member's "
        "branch).",
    )
    CANCEL = strawberry.enum_value(
        "cancel", description="Cancel it 撤销 (the member or their branch), while open."
    )


@strawberry.enum(description="Which side of a transfer a list shows 转入/转出.")
class TransferDirection(enum.Enum):
    INCOMING = strawberry.enum_value("incoming", description="To branches in the subtree 转入.")
    OUTGOING = strawberry.enum_value("outgoing", description="From branches in it 转出.")
    BOTH = strawberry.enum_value("both", description="Either 全部.")
