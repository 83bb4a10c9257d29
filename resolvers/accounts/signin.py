"""Signing in and the viewer's own account."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from db.accounts.models import get_account_by_username
from resolvers.accounts.devices import DEVICE_COOKIE
from resolvers.accounts.identities import load_viewer
from resolvers.accounts.passwords import hash_password, verify_password
from resolvers.context import Context
from resolvers.errors import Unauthenticated
from resolvers.validation import clean_text

MAX_USERNAME_LENGTH = 64

# Verifying against a real hash when the user is unknown keeps the timing the same.
_DUMMY_HASH = hash_password("no account has this password")


@dataclass(frozen=True, slots=True)
class SignIn:
    token: str
    expires: datetime
    device_key: str


async def login(
    context: Context, username: str, password: str, device_key: str | None = None
) -> SignIn:
    """A bearer token for the account; the same error for an unknown user or a wrong password.

    Attempts are limited per username and client address, per address and, for addresses
    the account never used, per username (signin_limits.py), so guessing is slow and the
    owner is not locked out; a client with a device key from an earlier sign-in (given, or
    its browser's cookie) is limited on its own failures only. argon2 runs in a worker
    thread, so a sign-in never stalls other requests.
    """
    name = clean_text(username, field="username", max_length=MAX_USERNAME_LENGTH)
    services = context.services
    presented = device_key or context.cookies.get(DEVICE_COOKIE)
    device = services.devices.verify(presented, name)
    attempt = await services.signin.admit(name, context.client_address, device)
    async with services.database.session() as session:
        account = await get_account_by_username(session, name)
    password_hash = account.password_hash if account is not None else _DUMMY_HASH
    verified = await asyncio.to_thread(verify_password, password_hash, password)
    if not verified or account is None or not account.is_active:
        await services.signin.failed(attempt)
        raise Unauthenticated("Wrong username or password; check both and try again.")
    await services.signin.succeeded(attempt)
    token, expires = services.tokens.issue(account.id)
    context.viewer = await load_viewer(services.database, account.id)
    context.token_problem = None
    key = presented if device is not None and presented else services.devices.issue(name)
    if context.set_cookie is not None:
        context.set_cookie(DEVICE_COOKIE, key, services.signin.policy.known_seconds)
    return SignIn(token, expires, key)
