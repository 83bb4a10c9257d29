"""API keys for tests: created, rotated and revoked through the schema as an administrator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.graphql import execute
from tests.world import World

CREATE = """
mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret
    apiKey { id name prefix permissions eventTypes expiresAt useCount lastUsedAt
             organization { name } }
  }
}
"""
ROTATE = "mutation ($id: ID!) { rotateApiKey(input: {id: $id}) { secret apiKey { id rotatedAt previousSecretValidUntil } } }"
REVOKE = "mutation ($id: ID!) { revokeApiKey(input: {id: $id}) { apiKey { id revokedAt } } }"
LIST = "query { apiKeys(includeRevoked: true) { totalCount nodes { id name prefix useCount lastUsedAt revokedAt } } }"
ORGANIZATIONS = "query { organizations(first: 5) { totalCount nodes { name } } }"


def key_input(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "区大数据局对接",
        "organizationId": world.org_id("district_a"),
        "permissions": ["READ_ORGANIZATIONS", "READ_STATISTICS", "READ_STATIONS"],
        "expiresAt": (datetime.now(UTC) + timedelta(days=90)).isoformat(),
    } | overrides


async def create_key(
    client: httpx.AsyncClient, world: World, *, by: str = "admin", **overrides: Any
) -> dict[str, Any]:
    """The created key's payload (`secret`, `apiKey`); fails the test on an error."""
    body = await execute(
        client, CREATE, {"input": key_input(world, **overrides)}, token=world.tokens[by]
    )
    assert "errors" not in body, body
    created: dict[str, Any] = body["data"]["createApiKey"]
    return created


async def rotate_key(client: httpx.AsyncClient, world: World, key_id: str) -> dict[str, Any]:
    body = await execute(client, ROTATE, {"id": key_id}, token=world.tokens["admin"])
    assert "errors" not in body, body
    rotated: dict[str, Any] = body["data"]["rotateApiKey"]
    return rotated


async def revoke_key(client: httpx.AsyncClient, world: World, key_id: str) -> None:
    body = await execute(client, REVOKE, {"id": key_id}, token=world.tokens["admin"])
    assert "errors" not in body, body
