"""Signing in and the viewer's own account."""

from __future__ import annotations

import asyncio
from datetime import datetime

from db.accounts.models import get_account_by_username
from resolvers.accounts.passwords import hash_password, verify_password
from resolvers.context import Context, load_viewer
from resolvers.errors import RateLimited, Unauthenticated

# Verifying against a real hash when the user is unknown keeps the timing the same.
_DUMMY_HASH = hash_password("no account has this password")


async def login(context: Context, username: str, password: str) -> tuple[str, datetime]:
    """A bearer token for the account; the same error for an unknown user or a wrong password.

    Failed attempts are limited per username and per client address, so guessing is slow;
    argon2 runs in a worker thread, so a sign-in never stalls other requests.
    """
    name = username.strip()
    attempts = context.services.login_attempts
    keys = (f"user:{name}", f"address:{context.client_address or 'unknown'}")
    if not all(attempts.available(key) >= 1 for key in keys):
        wait = max(attempts.seconds_until(key, 1) for key in keys)
        raise RateLimited(f"Too many failed sign-ins; wait {wait:.0f} s and try again.")
    database = context.services.database
    async with database.session() as session:
        account = await get_account_by_username(session, name)
    password_hash = account.password_hash if account is not None else _DUMMY_HASH
    verified = await asyncio.to_thread(verify_password, password_hash, password)
    if not verified or account is None or not account.is_active:
        for key in keys:
            attempts.try_take(key, 1)
        raise Unauthenticated("Wrong username or password; check both and try again.")
    token, expires = context.services.tokens.issue(account.id)
    context.viewer = await load_viewer(database, account.id)
    context.token_problem = None
    return token, expires
