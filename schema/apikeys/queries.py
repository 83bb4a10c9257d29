"""The API keys an administrator manages."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.apikeys.reads import resolve_keys
from resolvers.pagination import page_request
from schema.apikeys.types import ApiKey
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import Connection, build_connection, expect_global_id, page_argument


@strawberry.type
class ApiKeyQueries:
    @strawberry.field(
        description="API keys 接口密钥 scoped within the subtrees you administer (FORBIDDEN "
        "unless you are an administrator); never their secrets."
    )
    async def api_keys(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="按组织范围筛选 Only keys scoped within this organisation."
            ),
        ] = None,
        include_revoked: Annotated[
            bool, strawberry.argument(description="Also revoked keys 含已吊销.")
        ] = False,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[ApiKey]:
        request = page_request(first=first, after=after, last=last, before=before)
        under_path = None
        if under is not None:
            org_id = expect_global_id(under, ORGANIZATION, field="under")
            found = await info.context.loaders.organizations.by_id.load(org_id)
            under_path = found.path if found else "\x00"  # unknown: nothing under it
        page, count = await resolve_keys(
            info.context, request, under=under_path, include_revoked=include_revoked
        )
        return build_connection(page, ApiKey.from_row, count)
