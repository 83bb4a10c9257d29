"""Transfer types: the transfer 组织关系转接 and a step of its timeline."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import Annotated

import strawberry

from db.records import record_of
from db.transfers import models as rows
from db.transfers.queries import TransferRecord, TransferStepRecord
from resolvers.pagination import page_request
from resolvers.transfers.reads import (
    is_overdue,
    resolve_branch_name,
    resolve_member_name,
    resolve_timeline,
    steps_for,
)
from schema.enum_members import by_value
from schema.info import Info
from schema.members.types import Member, member_answer
from schema.organizations.types import Organization, organization_answer
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id
from schema.transfers.enums import TransferAction, TransferStatus, TransferStep

TYPE_NAME = "Transfer"
_STATUS = by_value(rows.TransferStatus, TransferStatus)
_ACTION = by_value(rows.TransferAction, TransferAction)


@strawberry.type(description="A step on a transfer's timeline 转接留痕: who did what, when.")
class TransferTimelineStep:
    action: TransferAction = strawberry.field(description="What was done 操作.")
    from_status: TransferStatus | None = strawberry.field(description="原状态 The status before.")
    to_status: TransferStatus = strawberry.field(description="新状态 The status after.")
    note: str | None = strawberry.field(description="Note or reason 备注.")
    at: datetime = strawberry.field(description="When 时间.")
    actor_account_id: strawberry.ID | None = strawberry.field(
        description="The account that took the step 操作人 (an opaque account key)."
    )

    @classmethod
    def from_row(cls, row: TransferStepRecord) -> TransferTimelineStep:
        return cls(
            action=_ACTION[row.action],
            from_status=_STATUS[row.from_status] if row.from_status else None,
            to_status=_STATUS[row.to_status],
            note=row.note,
            at=row.at,
            actor_account_id=strawberry.ID(str(row.actor_account_id))
            if row.actor_account_id
            else None,
        )


@strawberry.type(
    description="A transfer of a party member's organisational relation 组织关系转接: from "
    "their branch to another branch of the city, or out of the platform."
)
class Transfer(Node):
    row: strawberry.Private[TransferRecord]
    status: TransferStatus = strawberry.field(description="Where it stands 状态.")
    reason: str = strawberry.field(description="Why the member moves 转接原因.")
    out_of_platform: bool = strawberry.field(
        description="Whether the relation leaves the platform 转出平台 (see `destinationText`)."
    )
    destination_text: str | None = strawberry.field(
        description="Where the relation goes, out of the platform 转往单位."
    )
    letter_number: str | None = strawberry.field(
        description="The introduction letter's number 介绍信编号, once approved."
    )
    return_reason: str | None = strawberry.field(
        description="Why the destination returned it 退回理由."
    )
    requested_at: datetime = strawberry.field(description="When it was asked 申请时间.")
    approved_at: datetime | None = strawberry.field(
        description="介绍信开具时间 When the letter was issued."
    )
    answer_due_at: datetime | None = strawberry.field(
        description="The destination answers by then 接收期限 (within the city, once approved)."
    )
    overdue: bool = strawberry.field(
        description="Approved and not answered by `answerDueAt` 超期未接收."
    )
    finished_at: datetime | None = strawberry.field(
        description="办结时间 When it was done, returned or cancelled."
    )
    version: int = strawberry.field(description="Increases with every step 版本.")

    @classmethod
    def from_row(cls, row: TransferRecord | rows.TransferRow) -> Transfer:
        if isinstance(row, rows.TransferRow):
            row = record_of(TransferRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            status=_STATUS[row.status],
            reason=row.reason,
            out_of_platform=row.destination_branch_id is None,
            destination_text=row.destination_text,
            letter_number=row.letter_number,
            return_reason=row.return_reason,
            requested_at=row.requested_at,
            approved_at=row.approved_at,
            answer_due_at=row.answer_due_at,
            overdue=is_overdue(row),
            finished_at=row.finished_at,
            version=row.version,
        )

    @strawberry.field(description="The member's name 姓名.", graphql_type=str)
    @direct  # once per listed transfer
    def member_name(self, info: Info) -> Awaitable[str] | str:
        return resolve_member_name(info.context, self.row)

    @strawberry.field(description="The member 党员 (null outside your scope).",
                      graphql_type=Member | None)  # fmt: skip
    @direct  # once per listed transfer
    def member(self, info: Info) -> Awaitable[Member | None] | Member | None:
        return member_answer(info.context, self.row.member_id)

    @strawberry.field(description="The branch the member leaves 转出支部 (its name).",
                      graphql_type=str | None)  # fmt: skip
    @direct  # once per listed transfer
    def source_name(self, info: Info) -> Awaitable[str | None] | str | None:
        return resolve_branch_name(info.context, self.row.source_branch_id)

    @strawberry.field(description="The branch the member joins 转入支部 (its name; null out "
                      "of the platform).", graphql_type=str | None)  # fmt: skip
    @direct  # once per listed transfer
    def destination_name(self, info: Info) -> Awaitable[str | None] | str | None:
        return resolve_branch_name(info.context, self.row.destination_branch_id)

    @strawberry.field(description="The branch the member leaves 转出支部; null outside scope.",
                      graphql_type=Organization | None)  # fmt: skip
    @direct  # once per listed transfer
    def source(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.source_branch_id)

    @strawberry.field(description="The branch the member joins 转入支部; null outside scope.",
                      graphql_type=Organization | None)  # fmt: skip
    @direct  # once per listed transfer
    def destination(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        branch_id = self.row.destination_branch_id
        return None if branch_id is None else organization_answer(info.context, branch_id)

    @strawberry.field(description="The steps you may take on it now 可执行操作.")
    @direct  # once per listed transfer
    def allowed_steps(self, info: Info) -> list[TransferStep]:
        return [TransferStep[action.name] for action in steps_for(info.context, self.row)]

    @strawberry.field(
        description="Its timeline 全过程留痕: every step with actor, time and note, oldest first."
    )
    async def timeline(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[TransferTimelineStep]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_timeline(info.context, self.row, request)
        return build_connection(page, TransferTimelineStep.from_row, count)
