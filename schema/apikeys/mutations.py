"""Creating, rotating and revoking API keys (administrators, within their subtree)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from db.events.types import EntityType
from resolvers.access import Permission
from resolvers.apikeys.documents import resolve_set_trusted_documents
from resolvers.apikeys.writes import (
    IssuedKey,
    KeyDraft,
    resolve_create_key,
    resolve_revoke_key,
    resolve_rotate_key,
)
from schema.apikeys.enums import ApiKeyPermission, EventEntity
from schema.apikeys.types import TYPE_NAME, ApiKey
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import expect_global_id


@strawberry.input(description="A new API key 新建接口密钥.")
class CreateApiKeyInput:
    name: str = strawberry.field(
        description="密钥名称 What it is for, and whose (1–100 characters)."
    )
    organization_id: strawberry.ID = strawberry.field(
        description="Its scope: an organisation within your administered subtree 授权范围."
    )
    permissions: list[ApiKeyPermission] = strawberry.field(
        description="密钥权限 What it may read there (at least one; only what you hold there)."
    )
    event_types: list[EventEntity] = strawberry.field(
        default_factory=list,
        description="可接收事件 Limit its events to these kinds (each needs its read permission); "
        "empty: every kind its permissions allow.",
    )
    expires_at: datetime = strawberry.field(
        description="到期时间 When it stops working (in the future, within ZHDJ_API_KEY_MAX_DAYS)."
    )


@strawberry.input(description="Which API key 指定密钥.")
class ApiKeyIdInput:
    id: strawberry.ID = strawberry.field(description="密钥标识 The key's ID.")


@strawberry.type(
    description="新签发接口密钥 A key with its secret: the only time the secret is shown. Keep it "
    "now."
)
class IssuedApiKeyPayload:
    api_key: ApiKey = strawberry.field(description="The key 密钥.")
    secret: str = strawberry.field(
        description="The whole key to send as `Authorization: Bearer …` "
        "(`zhdj_<public id>_<secret>`); never readable again 仅显示一次."
    )


@strawberry.type(description="已吊销密钥 The revoked key.")
class RevokeApiKeyPayload:
    api_key: ApiKey = strawberry.field(description="The key, now revoked 已吊销.")


@strawberry.input(description="An API key's own trusted documents 密钥可信文档.")
class SetApiKeyTrustedDocumentsInput:
    id: strawberry.ID = strawberry.field(description="The key's ID 密钥.")
    document_hashes: list[str] | None = strawberry.field(
        description="文档哈希 The SHA-256 (hex) of each document the key may run, as a "
        "persisted-query manifest lists them (1-500); null lets it run any document the "
        "instance allows."
    )


@strawberry.type(description="The key with its trusted documents 密钥可信文档.")
class SetApiKeyTrustedDocumentsPayload:
    api_key: ApiKey = strawberry.field(description="The key as it is now 密钥.")


def _issued(issued: IssuedKey) -> IssuedApiKeyPayload:
    return IssuedApiKeyPayload(api_key=ApiKey.from_row(issued.key), secret=issued.secret)


@strawberry.type
class ApiKeyMutations:
    @strawberry.mutation(
        description="Create an API key 新建接口密钥 for a partner or a service (administrators, "
        "within their subtree; at most the permissions you hold there)."
    )
    async def create_api_key(
        self,
        info: Info,
        input: Annotated[CreateApiKeyInput, strawberry.argument(description="接口密钥 The key.")],
    ) -> IssuedApiKeyPayload:
        draft = KeyDraft(
            name=input.name,
            organization_id=expect_global_id(
                input.organization_id, ORGANIZATION, field="organizationId"
            ),
            permissions=tuple(Permission[p.name] for p in input.permissions),
            event_types=tuple(EntityType[e.name].value for e in input.event_types),
            expires_at=input.expires_at,
        )
        return _issued(await resolve_create_key(info.context, draft))

    @strawberry.mutation(
        description="Give a key a new secret 轮换密钥; the current secret keeps working for "
        "ZHDJ_API_KEY_ROTATION_GRACE_HOURS, so clients switch without a gap."
    )
    async def rotate_api_key(
        self,
        info: Info,
        input: Annotated[ApiKeyIdInput, strawberry.argument(description="指定密钥 Which key.")],
    ) -> IssuedApiKeyPayload:
        key_id = expect_global_id(input.id, TYPE_NAME, field="id")
        return _issued(await resolve_rotate_key(info.context, key_id))

    @strawberry.mutation(
        description="Revoke a key 吊销密钥: every secret of it stops working within seconds on "
        "every instance, and its open websockets close (4403, `API key revoked`)."
    )
    async def revoke_api_key(
        self,
        info: Info,
        input: Annotated[ApiKeyIdInput, strawberry.argument(description="指定密钥 Which key.")],
    ) -> RevokeApiKeyPayload:
        key_id = expect_global_id(input.id, TYPE_NAME, field="id")
        return RevokeApiKeyPayload(
            api_key=ApiKey.from_row(await resolve_revoke_key(info.context, key_id))
        )

    @strawberry.mutation(
        description="Hold a key to its own trusted documents 可信文档: it runs only the "
        "documents whose hashes are listed (any other is PERSISTED_QUERY_NOT_IN_LIST), "
        "whatever the instance's manifest; null lifts the hold."
    )
    async def set_api_key_trusted_documents(
        self,
        info: Info,
        input: Annotated[
            SetApiKeyTrustedDocumentsInput,
            strawberry.argument(
                description="密钥与可信文档 The key and its list of trusted documents."
            ),
        ],
    ) -> SetApiKeyTrustedDocumentsPayload:
        key_id = expect_global_id(input.id, TYPE_NAME, field="id")
        record = await resolve_set_trusted_documents(info.context, key_id, input.document_hashes)
        return SetApiKeyTrustedDocumentsPayload(api_key=ApiKey.from_row(record))
