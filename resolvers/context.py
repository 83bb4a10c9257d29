"""The request context: services shared by the process, the viewer, per-request loaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from db.accounts.models import (
    Role,
    get_active_account,
    get_active_account_as_member,
    get_bindings_with_paths,
)
from db.base import china_day, utcnow
from db.departments.acting import acting_for
from db.departments.models import department_place
from db.engine import Database
from db.units.queries import served_communities
from resolvers.access import Binding, Permission, Viewer
from resolvers.accounts.devices import DeviceKeys
from resolvers.accounts.signin_limits import SignInLimits
from resolvers.accounts.tokens import ExpiredToken, InvalidToken, TokenService
from resolvers.accounts.viewers import ViewerCache
from resolvers.apikeys.credentials import check_key
from resolvers.apikeys.key_format import looks_like_key
from resolvers.apikeys.policy import KeyPolicy
from resolvers.apikeys.usage import KeyUsage
from resolvers.cost_buckets import QueryBudget, Throttle
from resolvers.errors import Unauthenticated
from resolvers.loaders import Loaders
from resolvers.petitions.policy import PetitionPolicy
from resolvers.rate_store import RateStore
from resolvers.stations.config import StationConfig
from subscriptions.share_groups import SharedExecutions

if TYPE_CHECKING:
    from subscriptions import EventHub

BEARER = "bearer "

# Why a person's token is refused (and a websocket closed: README "Websocket close codes");
# a key's reasons are in resolvers/apikeys/credentials.py.
TOKEN_INVALID = "token invalid"
TOKEN_EXPIRED = "token expired"
ACCOUNT_DISABLED = "account disabled"

# Nobody signed in: one shared, immutable viewer rather than one built per request (a frozen
# dataclass of twelve fields costs thirteen calls to make).
NOBODY = Viewer()


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived, process-wide collaborators; safe to share between requests."""

    database: Database
    tokens: TokenService
    hub: EventHub
    throttle: Throttle
    # Domain settings, read once at start-up from server.Settings (defaults for tools/tests).
    petitions: PetitionPolicy = field(default_factory=PetitionPolicy)
    stations: StationConfig = field(default_factory=StationConfig)
    # Sign-in attempts per username and address, per address, per username (signin_limits).
    signin: SignInLimits = field(default_factory=lambda: SignInLimits(RateStore()))
    devices: DeviceKeys = field(default_factory=DeviceKeys)
    viewers: ViewerCache = field(default_factory=ViewerCache)
    # Subscription executions shared by equal subscribers (subscriptions/share_groups.py).
    shared: SharedExecutions = field(default_factory=SharedExecutions)
    # API keys: their settings, and the uses counted since the last flush.
    keys: KeyPolicy = field(default_factory=KeyPolicy)
    key_usage: KeyUsage = field(default_factory=KeyUsage)


@dataclass(slots=True)
class Context:
    """What resolvers see. Holds no database session: loaders and mutations open their own."""

    services: Services
    viewer: Viewer = NOBODY
    loaders: Loaders = field(init=False)
    cache_reads: bool = True
    token_problem: str | None = None
    # The bearer credential presented (a token or an API key), and a token's expiry: what an
    # open websocket re-checks (transport/credentials.py).
    credential: str | None = None
    credential_expires: datetime | None = None
    # Filled by Strawberry from a websocket's `connection_init` payload.
    connection_params: dict[str, object] | None = None
    client_address: str | None = None
    # The request's cookies, and how to set one on the HTTP response (None on a websocket).
    cookies: Mapping[str, str] = field(default_factory=dict)
    set_cookie: Callable[[str, str, int], None] | None = None
    # The client's cost budget once this request's query was charged (transport/cost.py).
    query_budget: QueryBudget | None = None

    def __post_init__(self) -> None:
        self.loaders = Loaders(
            self.services.database, self.services.stations, cache=self.cache_reads
        )

    def for_event(self) -> Context:
        """The same viewer and services, with loaders of its own: one subscription event's."""
        return replace(self)

    @property
    def throttle_key(self) -> str:
        """Whose bucket pays for a query: the key, the account, or the address of an
        anonymous client."""
        if self.viewer.api_key_id is not None:
            return f"key:{self.viewer.api_key_id}"
        if self.viewer.account_id is not None:
            return f"account:{self.viewer.account_id}"
        return f"address:{self.client_address or 'unknown'}"

    def require_account(self) -> int:
        if self.token_problem is not None and self.credential and looks_like_key(self.credential):
            raise Unauthenticated(
                f"Your API key was refused ({self.token_problem}); ask an administrator of "
                "its organisation for a new key (or the rotated one)."
            )
        if self.token_problem is not None:
            raise Unauthenticated(
                f"Your token was refused ({self.token_problem}); sign in again with the "
                "login mutation and send the new token."
            )
        return self.viewer.require_account()

    def require(self, permission: Permission, path: str, *, action: str) -> int:
        """The signed-in account's id, if it holds `permission` at `path`; else an error."""
        account_id = self.require_account()
        self.viewer.require(permission, path, action=action)
        return account_id

    async def authenticate(self, authorization: str | None) -> None:
        """Set the viewer from an `Authorization: Bearer …` value (or a bare token or key)."""
        self.viewer, self.token_problem = NOBODY, None
        self.credential = self.credential_expires = None
        if not authorization:
            return
        token = (
            authorization[len(BEARER) :]
            if authorization.lower().startswith(BEARER)
            else authorization
        ).strip()
        self.credential = token
        known = self.services.viewers.get(token)
        if known is not None:
            self.viewer = known
            if known.api_key_id is not None:
                self.services.key_usage.count(known.api_key_id, utcnow())
            return
        if looks_like_key(token):
            await self._authenticate_key(token)
            return
        try:
            account_id, expires = self.services.tokens.verify(token)
        except ExpiredToken:
            self.token_problem = TOKEN_EXPIRED
            return
        except InvalidToken:
            self.token_problem = TOKEN_INVALID
            return
        self.credential_expires = expires
        self.viewer = await load_viewer(self.services.database, account_id)
        if not self.viewer.is_authenticated:
            self.token_problem = ACCOUNT_DISABLED
        self.services.viewers.put(token, self.viewer, expires)

    async def _authenticate_key(self, key: str) -> None:
        now = utcnow()
        check = await check_key(self.services.database, key, now)
        self.viewer, self.token_problem = check.viewer, check.problem
        if check.problem is not None or check.viewer.api_key_id is None:
            return
        self.services.key_usage.count(check.viewer.api_key_id, now)
        if check.valid_until is not None:
            self.credential_expires = check.valid_until
            self.services.viewers.put(
                key, check.viewer, check.valid_until, at_most=self.services.keys.check_seconds
            )

    async def credential_problem(self) -> str | None:
        """Why the credential this context was authenticated with no longer works (asked
        again, never from a cache), or None: an open websocket's periodic re-check."""
        if self.credential is None or not self.viewer.is_authenticated:
            return None
        now = utcnow()
        if self.viewer.api_key_id is not None:
            return (await check_key(self.services.database, self.credential, now)).problem
        if self.credential_expires is not None and self.credential_expires <= now:
            return TOKEN_EXPIRED
        account_id = self.viewer.account_id
        assert account_id is not None
        async with self.services.database.session() as session:
            if await get_active_account(session, account_id) is None:
                return ACCOUNT_DISABLED
        return None


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
