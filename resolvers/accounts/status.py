"""Disabling and re-enabling an account 停用账号: an administrator may do it to an account
whose every role binding lies within the subtrees they administer (never to their own). A
disabled account cannot sign in, its tokens are refused (at once on this instance, within
ZHDJ_VIEWER_CACHE_SECONDS elsewhere) and its open websockets close with 4403 "account
disabled" within ZHDJ_CREDENTIAL_CHECK_SECONDS. A change is audited and heard as an event by
the administrators of the places the account is bound to."""

from __future__ import annotations

from db.accounts.models import (
    get_account_by_username,
    get_bindings_with_paths,
    set_account_active,
)
from db.events.types import EventType
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import Forbidden, NotFound


async def resolve_set_account_active(context: Context, username: str, active: bool) -> bool:
    """Whether the account changed (False: it already was so)."""
    account_id = context.require_account()
    viewer = context.viewer
    if not viewer.administered_paths():
        raise Forbidden(
            "Only administrators enable or disable accounts; ask one of the account's "
            "organisation.",
            permission="administrator",
        )
    async with context.services.database.session() as session:
        account = await get_account_by_username(session, username.strip())
        bindings = await get_bindings_with_paths(session, account.id) if account else []
    if account is None:
        raise NotFound(f"No account is named {username[:64]!r}.", field="username")
    if account.id == account_id:
        raise Forbidden(
            "You cannot disable your own account; ask another administrator.", field="username"
        )
    if not bindings or not all(viewer.administers(path) for _role, _org, path in bindings):
        raise Forbidden(
            "That account holds roles outside the subtrees you administer; an administrator "
            "over all of them may change it.",
            field="username",
            permission="administrator",
        )
    paths = [path for _role, _org, path in bindings]
    retry = "The account changed meanwhile; retry."
    async with change(context, account_id, conflict=retry) as changes:
        changed = await set_account_active(changes.session, account.id, active)
        if changed:
            changes.record(
                EventType.ACCOUNT_ENABLED if active else EventType.ACCOUNT_DISABLED,
                account.id,
                at=paths[0],
                also_at=paths[1:],
                changes={"username": account.username},
            )
    context.services.viewers.forget_all()
    return changed
