"""Marking your reminders read."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.errors import BadUserInput
from resolvers.reminders.writes import resolve_mark_reminders_read
from schema.info import Info
from schema.relay import expect_global_id, to_global_id
from schema.reminders.types import TYPE_NAME


@strawberry.input(description="Which of your reminders to mark read 标记已读.")
class MarkRemindersReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="提醒 These reminders (at most 100)."
    )
    all: bool = strawberry.field(
        default=False, description="Every unread reminder of yours 全部已读."
    )


@strawberry.type(description="标记已读结果 The result of marking reminders read.")
class MarkRemindersReadPayload:
    marked_ids: list[strawberry.ID] = strawberry.field(
        description="已标记提醒 The reminders that were unread and now are read."
    )
    unread_count: int = strawberry.field(description="How many of yours are unread now 未读数.")


@strawberry.type
class ReminderMutations:
    @strawberry.mutation(
        description="Mark your reminders read 标记提醒已读: some by ID, or all. Reminders "
        "already read stay as they were; an ID that is not yours changes nothing (NOT_FOUND)."
    )
    async def mark_reminders_read(
        self,
        info: Info,
        input: Annotated[
            MarkRemindersReadInput, strawberry.argument(description="指定提醒 Which ones.")
        ],
    ) -> MarkRemindersReadPayload:
        if input.all == (input.ids is not None):
            raise BadUserInput(
                "Pass either `ids` or `all: true`, not both or neither.", field="ids"
            )
        keys = (
            None
            if input.all
            else {expect_global_id(i, TYPE_NAME, field="ids"): str(i) for i in input.ids or []}
        )
        changed, unread = await resolve_mark_reminders_read(info.context, keys)
        return MarkRemindersReadPayload(
            marked_ids=[to_global_id(TYPE_NAME, key) for key in changed], unread_count=unread
        )
