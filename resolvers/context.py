"""The request context: services shared by the process, the viewer, per-request loaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from db.accounts.models import (
    get_active_account,
)
from db.base import utcnow
from db.engine import Database
from resolvers.access import Permission, Viewer
from resolvers.accounts.devices import DeviceKeys
from resolvers.accounts.identities import ACCOUNT_DISABLED, NOBODY, TOKEN_EXPIRED, Identifier
from resolvers.accounts.signin_limits import SignInLimits
from resolvers.accounts.tokens import TokenService
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
        services = self.services
        known = services.viewers.get(token)
        if known is None:
            identifier = Identifier(
                services.database, services.tokens, services.viewers, services.keys.check_seconds
            )
            identity = await identifier.identify(token)
            self.viewer, self.token_problem = identity.viewer, identity.problem
            self.credential_expires = identity.expires
        else:
            self.viewer = known
        if self.viewer.api_key_id is not None and self.token_problem is None:
            services.key_usage.count(self.viewer.api_key_id, utcnow())

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
