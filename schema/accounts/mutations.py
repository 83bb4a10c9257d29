"""Signing in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.accounts import signin as resolvers
from schema.accounts.types import Viewer
from schema.info import Info
from schema.relay import INPUT


@strawberry.input(description="Credentials for signing in.")
class LoginInput:
    username: str = strawberry.field(description="Sign-in name.")
    password: str = strawberry.field(description="Password.")


@strawberry.type(description="A bearer token for the Authorization header.")
class LoginPayload:
    token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: datetime = strawberry.field(description="When the token stops working.")
    viewer: Viewer = strawberry.field(description="The account signed in.")


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="Sign in with a username and password.")
    async def login(
        self,
        info: Info,
        input: Annotated[LoginInput, INPUT],
    ) -> LoginPayload:
        token, expires = await resolvers.login(info.context, input.username, input.password)
        return LoginPayload(token=token, expires_at=expires, viewer=Viewer.of(info))
