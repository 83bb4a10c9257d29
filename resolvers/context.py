"""The request context: services shared by the process, the viewer, per-request loaders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from db.accounts.models import (
    Role,
    get_active_account_as_member,
    get_bindings_with_paths,
)
from db.base import china_day, utcnow
from db.engine import Database
from db.units.queries import served_communities, unit_of_account
from resolvers.access import Binding, Permission, Viewer
from resolvers.accounts.devices import DeviceKeys
from resolvers.accounts.signin_limits import SignInLimits
from resolvers.accounts.tokens import InvalidToken, TokenService
from resolvers.accounts.viewers import ViewerCache
from resolvers.cost_buckets import Throttle
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


@dataclass(slots=True)
class Context:
    """What resolvers see. Holds no database session: loaders and mutations open their own."""

    services: Services
    viewer: Viewer = field(default_factory=Viewer)
    loaders: Loaders = field(init=False)
    cache_reads: bool = True
    token_problem: str | None = None
    # Filled by Strawberry from a websocket's `connection_init` payload.
    connection_params: dict[str, object] | None = None
    client_address: str | None = None
    # The request's cookies, and how to set one on the HTTP response (None on a websocket).
    cookies: Mapping[str, str] = field(default_factory=dict)
    set_cookie: Callable[[str, str, int], None] | None = None

    def __post_init__(self) -> None:
        self.loaders = Loaders(
            self.services.database, self.services.stations, cache=self.cache_reads
        )

    def for_event(self) -> Context:
        """The same viewer and services, with loaders of its own: one subscription event's."""
        return replace(self)

    @property
    def throttle_key(self) -> str:
        """Whose bucket pays for a query: the account, or the address of an anonymous client."""
        if self.viewer.account_id is not None:
            return f"account:{self.viewer.account_id}"
        return f"address:{self.client_address or 'unknown'}"

    def require_account(self) -> int:
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
        """Set the viewer from an `Authorization: Bearer …` value (or a bare token)."""
        self.viewer, self.token_problem = Viewer(), None
        if not authorization:
            return
        token = (
            authorization[len(BEARER) :]
            if authorization.lower().startswith(BEARER)
            else authorization
        ).strip()
        known = self.services.viewers.get(token)
        if known is not None:
            self.viewer = known
            return
        try:
            account_id, expires = self.services.tokens.verify(token)
        except InvalidToken as error:
            self.token_problem = str(error) or "invalid token"
            return
        self.viewer = await load_viewer(self.services.database, account_id)
        if not self.viewer.is_authenticated:
            self.token_problem = "the account no longer exists or is disabled"
        self.services.viewers.put(token, self.viewer, expires)


async def load_viewer(database: Database, account_id: int) -> Viewer:
    async with database.session() as session:
        found = await get_active_account_as_member(session, account_id)
        if found is None:
            return Viewer()
        account, member = found
        bindings = await get_bindings_with_paths(session, account_id)
        unit_id = await unit_of_account(session, account_id)
        if unit_id is not None:  # a unit's account: bound to the communities it serves today
            served = await served_communities(session, unit_id, china_day(utcnow()))
            bindings += [(Role.UNIT, org_id, path) for org_id, path in served]
        if member is not None:  # a party member's own account: bound to their branch today
            bindings.append((Role.MEMBER, member[1], member[2]))
    return Viewer(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        bindings=tuple(Binding(role, org_id, path) for role, org_id, path in bindings),
        unit_id=unit_id,
        member_id=member[0] if member else None,
        member_path=member[2] if member else None,
    )
