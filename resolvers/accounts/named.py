"""The account a staff binding names by its username (a unit's or a department's staff)."""

from __future__ import annotations

from db.accounts.models import AccountRow, get_account_by_username
from resolvers.context import Context
from resolvers.errors import BadUserInput


async def resolve_account_by_username(context: Context, username: str) -> AccountRow:
    """The account, or BAD_USER_INPUT on `username` when none is so named."""
    async with context.services.database.session() as session:
        account = await get_account_by_username(session, username.strip())
    if account is None:
        raise BadUserInput(f"No account is named {username!r}.", field="username")
    return account
