"""Dues queries: a member's dues account, and your own."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.dues.reads import resolve_dues_account, resolve_my_dues_account
from schema.dues.types import DuesAccount
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.relay import expect_global_id


@strawberry.type
class DuesQueries:
    @strawberry.field(
        description="A member's dues account 党费账户: months due, paid and owed, arrears, "
        "the ledger; null if you may not read their dues or none is declared."
    )
    async def dues_account(
        self,
        info: Info,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="The member 党员.")],
    ) -> DuesAccount | None:
        key = expect_global_id(member_id, MEMBER, field="memberId")
        view = await resolve_dues_account(info.context, key)
        return DuesAccount.of(view) if view else None

    @strawberry.field(
        description="Your own dues account 我的党费 (a party member's account); null otherwise."
    )
    async def my_dues_account(self, info: Info) -> DuesAccount | None:
        view = await resolve_my_dues_account(info.context)
        return DuesAccount.of(view) if view else None
