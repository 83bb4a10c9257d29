"""Signing in; disabling and re-enabling accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.accounts import signin as resolvers
from resolvers.accounts.status import resolve_set_account_active
from schema.accounts.types import Viewer
from schema.info import Info
from schema.relay import INPUT


@strawberry.input(description="登录凭据 Credentials for signing in.")
class LoginInput:
    username: str = strawberry.field(description="用户名 Sign-in name.")
    password: str = strawberry.field(description="密码 Password.")
    device_key: str | None = strawberry.field(
        default=None,
        description="设备密钥 The `deviceKey` of an earlier sign-in from this device: with it, "
        "others guessing this account's password never slow you down. Browsers need not send it: "
        "they keep it as a cookie.",
    )


@strawberry.type(description="登录结果 A bearer token for the Authorization header.")
class LoginPayload:
    token: str = strawberry.field(description="访问令牌 Send as `Authorization: Bearer <token>`.")
    expires_at: datetime = strawberry.field(
        description="令牌到期时间 When the token stops working."
    )
    viewer: Viewer = strawberry.field(description="当前账号 The account signed in.")
    device_key: str = strawberry.field(
        description="设备密钥 Proof that this device signed in as this account: keep it and send "
        "it as `deviceKey` with later sign-ins (browsers get it as a cookie too)."
    )


@strawberry.input(description="An account to disable or enable again 停用/启用账号.")
class SetAccountActiveInput:
    username: str = strawberry.field(description="用户名 The account's sign-in name.")
    active: bool = strawberry.field(
        description="是否启用 false disables it; true enables it again."
    )


@strawberry.type(description="启停账号结果 The result of disabling or enabling an account.")
class SetAccountActivePayload:
    username: str = strawberry.field(description="账号 The account.")
    active: bool = strawberry.field(description="是否启用 Whether it is enabled now.")
    changed: bool = strawberry.field(description="是否有变化 False when it already was so.")


@strawberry.type
class AccountMutations:
    @strawberry.mutation(
        description="Disable (or enable again) an account 停用账号 (administrators, for an "
        "account whose roles all lie within their subtree): it can no longer sign in, its "
        "tokens are refused, and its open websockets close with 4403 `account disabled`."
    )
    async def set_account_active(
        self,
        info: Info,
        input: Annotated[SetAccountActiveInput, INPUT],
    ) -> SetAccountActivePayload:
        changed = await resolve_set_account_active(info.context, input.username, input.active)
        return SetAccountActivePayload(
            username=input.username.strip(), active=input.active, changed=changed
        )

    @strawberry.mutation(description="登录 Sign in with a username and password.")
    async def login(
        self,
        info: Info,
        input: Annotated[LoginInput, INPUT],
    ) -> LoginPayload:
        signed_in = await resolvers.login(
            info.context, input.username, input.password, input.device_key
        )
        return LoginPayload(
            token=signed_in.token,
            expires_at=signed_in.expires,
            viewer=Viewer.of(info),
            device_key=signed_in.device_key,
        )
