"""Who administers keys, and the keys one may see: an administrator's keys are those scoped
within the subtrees they administer; nobody else sees any (and no key sees keys)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from db.apikeys.queries import LIST_KEY, ApiKeyRecord, key_list, keys_by_ids
from db.pagination import Page, PageRequest, paginate
from db.paths import intersect
from resolvers.access import Viewer
from resolvers.context import Context
from resolvers.errors import Forbidden


def administers(viewer: Viewer, path: str) -> bool:
    return viewer.administers(path)


def require_key_administrator(context: Context) -> list[str]:
    """The viewer's administered subtrees; FORBIDDEN when there are none."""
    context.require_account()
    paths = context.viewer.administered_paths()
    if not paths:
        raise Forbidden(
            "Only administrators manage API keys: none of your role bindings is "
            "administrator. Ask an administrator of the partner's organisation.",
            permission="administrator",
        )
    return paths


async def resolve_key_by_id(context: Context, key_id: int) -> ApiKeyRecord | None:
    """The key, if the viewer administers its scope (else as if it did not exist)."""
    if not context.viewer.is_authenticated:
        return None
    async with context.loaders.reads.read() as connection:
        found = (await keys_by_ids(connection, [key_id])).get(key_id)
    return found if found is not None and administers(context.viewer, found.org_path) else None


async def resolve_own_key(context: Context) -> ApiKeyRecord | None:
    """The API key making the request (a key reads its own record, never its secret)."""
    key_id = context.viewer.api_key_id
    if key_id is None:
        return None
    async with context.loaders.reads.read() as connection:
        return (await keys_by_ids(connection, [key_id])).get(key_id)


async def resolve_keys(
    context: Context, request: PageRequest, *, under: str | None, include_revoked: bool
) -> tuple[Page[ApiKeyRecord], Callable[[], Awaitable[int]]]:
    paths = require_key_administrator(context)
    if under is not None:
        paths = intersect(paths, under)
    query = key_list(paths, include_revoked=include_revoked)
    return await paginate(context.loaders.reads.read, query, LIST_KEY, request, ApiKeyRecord)
