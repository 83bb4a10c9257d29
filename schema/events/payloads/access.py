"""Payloads of access events 权限事件: API keys and accounts, heard by administrators."""

from __future__ import annotations

from datetime import datetime

from db.events.types import EventType
from schema.apikeys.enums import ApiKeyPermission
from schema.apikeys.types import TYPE_NAME as API_KEY
from schema.events.payloads.declare import EventPayload, change, event_payload


@event_payload(
    EventType.API_KEY_CREATED,
    EventType.API_KEY_ROTATED,
    EventType.API_KEY_REVOKED,
    EventType.API_KEY_DOCUMENTS_SET,
    subject=API_KEY,
    description="接口密钥 An API key was created, rotated, revoked or held to its trusted "
    "documents: what it grants and until when (never a secret).",
)
class ApiKeyStepEventPayload(EventPayload):
    name: str | None = change("name", "名称 The key's name.")
    permissions: list[ApiKeyPermission] | None = change("permissions", "权限 What it grants.")
    expires_at: datetime | None = change("expiresAt", "到期时间 When it expires.")
    previous_valid_until: datetime | None = change(
        "previousUntil", "旧密钥有效期 After a rotation, until when the previous secret works."
    )
    trusted_documents: int | None = change(
        "trustedDocuments", "可信文档数 How many documents it may run (null: any)."
    )


@event_payload(
    EventType.ACCOUNT_DISABLED,
    EventType.ACCOUNT_ENABLED,
    subject=None,
    description="账号状态 An account was disabled or enabled again.",
)
class AccountStandingEventPayload(EventPayload):
    username: str | None = change("username", "用户名 The account's username.")
