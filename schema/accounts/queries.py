"""`viewer`: who is signed in, and where they may act."""

from __future__ import annotations

import strawberry

from schema.accounts.types import Viewer
from schema.info import Info


@strawberry.type
class AccountQueries:
    @strawberry.field(
        description="当前账号 The signed-in account; UNAUTHENTICATED without a token."
    )
    def viewer(self, info: Info) -> Viewer:
        info.context.require_account()
        return Viewer.of(info)
