"""Who a bearer credential is: a signed token's account, or an API key's, with its bindings.

Identifying a credential reads the database (the account, its bindings, what it acts for; or
the key's record), so each verified one is kept a few seconds (resolvers/accounts/viewers.py)
and, while one is being identified, every other request presenting it waits for that answer
instead of reading again (`Identifier.identify`, through `ViewerCache.shared`): a busy
client's entry expiring under fifty requests in flight cost fifty identical reads, and as
many slow answers, every few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from db.accounts.models import Role, get_active_account_as_member, get_bindings_with_paths
from db.base import china_day, utcnow
from db.departments.acting import acting_for
from db.departments.models import department_place
from db.engine import Database
from db.units.queries import served_communities
from resolvers.access import Binding, Viewer
from resolvers.accounts.tokens import ExpiredToken, InvalidToken, TokenService
from resolvers.accounts.viewers import ViewerCache
from resolvers.apikeys.credentials import check_key
from resolvers.apikeys.key_format import looks_like_key

# Why a person's token is refused (and a websocket closed: README "Websocket close codes");
# a key's reasons are in resolvers/apikeys/credentials.py.
TOKEN_INVALID = "token invalid"
TOKEN_EXPIRED = "token expired"
ACCOUNT_DISABLED = "account disabled"

# Nobody signed in: one shared, immutable viewer rather than one built per request (a frozen
# dataclass of twelve fields costs thirteen calls to make).
NOBODY = Viewer()


@dataclass(frozen=True, slots=True)
class Identity:
    """A presented credential: its viewer, why it is refused (None when it is not), and until
    when a valid one holds (None where that is not known)."""

    viewer: Viewer
    problem: str | None
    expires: datetime | None


@dataclass(frozen=True, slots=True)
class Identifier:
    """Identifies credentials against the database, keeping valid ones in `viewers` (an API
    key's for at most `key_check_seconds`)."""

    database: Database
    tokens: TokenService
    viewers: ViewerCache
    key_check_seconds: float

    async def identify(self, credential: str) -> Identity:
        """The credential's identity, read once however many requests present it meanwhile."""
        return await self.viewers.shared(credential, partial(self._read, credential))

    async def _read(self, credential: str) -> Identity:
        if looks_like_key(credential):
            check = await check_key(self.database, credential, utcnow())
            if check.problem is not None or check.viewer.api_key_id is None:
                return Identity(check.viewer, check.problem, None)
            if check.valid_until is not None:
                self.viewers.put(
                    credential, check.viewer, check.valid_until, at_most=self.key_check_seconds
                )
            return Identity(check.viewer, None, check.valid_until)
        try:
            account_id, expires = self.tokens.verify(credential)
        except ExpiredToken:
            return Identity(NOBODY, TOKEN_EXPIRED, None)
        except InvalidToken:
            return Identity(NOBODY, TOKEN_INVALID, None)
        viewer = await load_viewer(self.database, account_id)
        self.viewers.put(credential, viewer, expires)
        return Identity(viewer, None if viewer.is_authenticated else ACCOUNT_DISABLED, expires)


async def load_viewer(database: Database, account_id: int) -> Viewer:
    async with database.session() as session:
        found = await get_active_account_as_member(session, account_id)
        if found is None:
            return Viewer()
        account, member = found
        bindings = await get_bindings_with_paths(session, account_id)
        acting = await acting_for(session, account_id)
        unit_id = acting.unit_id
        if unit_id is not None:  # a unit's account: bound to the communities it serves today
            served = await served_communities(session, unit_id, china_day(utcnow()))
            bindings += [(Role.UNIT, org_id, path) for org_id, path in served]
        # A party member's own account: bound to their branch today; once they left the
        # platform 已转出, to nothing (their own records stay theirs through `member_id`).
        if member is not None and not member[3]:
            bindings.append((Role.MEMBER, member[1], member[2]))
        if acting.department_id is not None and acting.department_org_id is not None:
            # a department's staff: bound to the department's place
            place = department_place(acting.department_id)
            bindings.append((Role.DEPARTMENT, acting.department_org_id, place))
    return Viewer(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        bindings=tuple(Binding(role, org_id, path) for role, org_id, path in bindings),
        unit_id=unit_id,
        member_id=member[0] if member else None,
        member_path=member[2] if member else None,
        department_id=acting.department_id,
    )
