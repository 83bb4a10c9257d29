"""Signing in and the viewer's own account."""

from __future__ import annotations

from datetime import datetime

from db.accounts import get_account_by_username
from resolvers.auth import hash_password, verify_password
from resolvers.context import Context, load_viewer
from resolvers.errors import Unauthenticated

# Verifying against a real hash when the user is unknown keeps the timing the same.
_DUMMY_HASH = hash_password("no account has this password")


async def login(context: Context, username: str, password: str) -> tuple[str, datetime]:
    """A bearer token for the account; the same error for an unknown user or a wrong password."""
    database = context.services.database
    async with database.session() as session:
        account = await get_account_by_username(session, username.strip())
    password_hash = account.password_hash if account is not None else _DUMMY_HASH
    if not verify_password(password_hash, password) or account is None or not account.is_active:
        raise Unauthenticated("Wrong username or password; check both and try again.")
    token, expires = context.services.tokens.issue(account.id)
    context.viewer = await load_viewer(database, account.id)
    context.token_problem = None
    return token, expires
