"""An API key as an administrator reads it: never its secret (only a hash is kept)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db.apikeys.queries import ApiKeyRecord
from resolvers.apikeys.key_format import PREFIX
from resolvers.apikeys.reads import resolve_key_by_id
from schema.apikeys.enums import ApiKeyPermission, EventEntity
from schema.info import Info
from schema.organizations.types import Organization
from schema.relay import Node, to_global_id

TYPE_NAME = "ApiKey"


@strawberry.type(
    description="An API key 接口密钥 for a partner or a service: a scope, read permissions, an "
    "expiry. Send it as `Authorization: Bearer zhdj_<prefix>_<secret>`; the secret is shown "
    "once, when the key is created or rotated."
)
class ApiKey(Node):
    row: strawberry.Private[ApiKeyRecord]
    name: str = strawberry.field(description="What it is for, and whose 名称.")
    prefix: str = strawberry.field(
        description="The key's public start `zhdj_<public id>_`: recognise a key by it 前缀."
    )
    permissions: list[ApiKeyPermission] = strawberry.field(
        description="What it may read on its scope 权限."
    )
    event_types: list[EventEntity] = strawberry.field(
        description="The kinds of events it receives; empty: every kind its permissions "
        "allow 可接收事件."
    )
    created_at: datetime = strawberry.field(description="When it was created 创建时间.")
    expires_at: datetime = strawberry.field(description="When it stops working 到期时间.")
    rotated_at: datetime | None = strawberry.field(
        description="When its secret was last replaced 轮换时间."
    )
    previous_secret_valid_until: datetime | None = strawberry.field(
        description="Until when the secret before the last rotation still works 旧密钥有效期."
    )
    revoked_at: datetime | None = strawberry.field(description="When it was revoked 吊销时间.")
    last_used_at: datetime | None = strawberry.field(
        description="Its last use, as of the last count written (within "
        "ZHDJ_API_KEY_USAGE_FLUSH_SECONDS) 最近使用."
    )
    use_count: int = strawberry.field(
        description="Requests and connections made with it, as of the last count written 使用次数."
    )
    trusted_documents: list[str] | None = strawberry.field(
        description="可信文档 The SHA-256 hashes of the only documents it may run; null: any "
        "the instance allows."
    )

    @strawberry.field(description="Its scope: the subtree it reads 授权范围.")
    async def organization(self, info: Info) -> Organization | None:
        found = await info.context.loaders.organizations.by_id.load(self.row.organization_id)
        return Organization.from_row(found) if found else None

    @classmethod
    def from_row(cls, row: ApiKeyRecord) -> ApiKey:
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            prefix=f"{PREFIX}{row.public_id}_",
            permissions=[ApiKeyPermission(value) for value in row.permission_values],
            event_types=[EventEntity(value) for value in row.event_type_values],
            created_at=row.created_at,
            expires_at=row.expires_at,
            rotated_at=row.rotated_at,
            previous_secret_valid_until=row.previous_until,
            revoked_at=row.revoked_at,
            last_used_at=row.last_used_at,
            use_count=row.use_count,
            trusted_documents=None if row.trusted_hashes is None else sorted(row.trusted_hashes),
        )


async def resolve_api_key_node(info: Info, key: int) -> ApiKey | None:
    found = await resolve_key_by_id(info.context, key)
    return ApiKey.from_row(found) if found else None
