"""zhdj: the Starlette app, its settings, and the command line (serve, migrate, seed, demo)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import re
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp

from db.base import china_day, utcnow
from db.engine import Database, sqlite_file
from db.errors import ConfigurationError
from db.migrate import ensure_current, upgrade
from db.petitions.words import segmenter
from jobs.activities import activity_jobs
from jobs.apikeys import api_key_jobs, flush_key_uses
from jobs.periodic import PeriodicJob
from jobs.petitions import petition_jobs
from jobs.reminders import reminder_jobs
from jobs.simulator import GENTLE_RATE, Simulator
from jobs.stations import simulation_job, station_jobs
from resolvers.accounts.devices import DeviceKeys
from resolvers.accounts.signin_limits import (
    DEFAULT_ADDRESS_LIMITS,
    DEFAULT_CLIENT_LIMITS,
    DEFAULT_KNOWN_DAYS,
    DEFAULT_USERNAME_LIMITS,
    SignInLimits,
    SignInPolicy,
    parse_limits,
)
from resolvers.accounts.tokens import TokenService
from resolvers.accounts.viewers import ViewerCache
from resolvers.apikeys.policy import KeyPolicy
from resolvers.context import Services
from resolvers.petitions.policy import DEFAULT_LEVEL_DEADLINE_HOURS, PetitionPolicy
from resolvers.rate_store import KEY_PREFIX, RateStore, rate_limit_url
from resolvers.stations.config import StationConfig
from screen.page import screen_routes
from subscriptions import EventHub
from subscriptions.live_groups import live_groups_of
from transport.bodies import BodyLimits
from transport.client_address import ProxyHeader, TrustedProxies
from transport.direct_route import DirectRoute
from transport.graphiql import graphiql_asset_route, graphiql_page
from transport.heads import bounded_heads
from transport.home import home_routes
from transport.http import GraphQLEndpoint
from transport.limits import ANONYMOUS, DocumentLimits
from transport.logs import LogFormat, configure_logging
from transport.metrics import Metrics
from transport.persisted_queries import DEFAULT_PERSISTED_QUERIES, PersistedQueries
from transport.request_ids import RequestIds
from transport.schema import SchemaLimits, build_schema
from transport.trusted_documents import TrustedDocuments, TrustedFor
from transport.wire import ExposeWire

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

logger = logging.getLogger("zhdj")

# The levels at which uvicorn's access lines (written at info) are shown.
ACCESS_LOGGED = frozenset({"trace", "debug", "info"})
MIN_SECRET_LENGTH = 32  # HS256 wants a key at least as long as its 256-bit hash
ORIGIN = re.compile(r"(wss?|https?)://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


class Settings(BaseSettings):
    """Every setting, read once from ZHDJ_* environment variables (or a .env file)."""

    model_config = SettingsConfigDict(env_prefix="ZHDJ_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/zhdj.db"
    broadcast_url: str = "memory://"
    token_secret: str | None = None
    token_lifetime_minutes: int = Field(default=7 * 24 * 60, gt=0)
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    log_format: LogFormat = "text"
    otel_endpoint: str | None = None
    metrics_operation_names: int = Field(default=200, ge=0)
    max_query_depth: int = Field(default=12, gt=0)
    max_aliases: int = Field(default=30, ge=0)
    max_tokens: int = Field(default=5000, gt=0)
    max_selections: int = Field(default=2000, gt=0)
    max_document_length: int = Field(default=50_000, gt=0)
    anonymous_max_query_depth: int = Field(default=ANONYMOUS.depth, gt=0)
    anonymous_max_aliases: int = Field(default=ANONYMOUS.aliases, ge=0)
    anonymous_max_tokens: int = Field(default=ANONYMOUS.tokens, gt=0)
    anonymous_max_selections: int = Field(default=ANONYMOUS.selections, gt=0)
    anonymous_max_document_length: int = Field(default=ANONYMOUS.length, gt=0)
    anonymous_max_query_cost: int = Field(default=ANONYMOUS.cost, gt=0)
    max_body_bytes: int = Field(default=1 << 20, gt=0)
    request_timeout_seconds: float = Field(default=30.0, gt=0)
    max_json_depth: int = Field(default=16, gt=0)
    max_json_values: int = Field(default=10_000, gt=0)
    screen_origins: list[str] = Field(default_factory=list)

    @field_validator("screen_origins")
    @classmethod
    def _origins_only(cls, origins: list[str]) -> list[str]:
        """Each goes into the screen's Content-Security-Policy as it is: an origin, nothing
        that could end the directive."""
        for origin in origins:
            if not ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"{origin!r} is not an origin: write scheme://host[:port], e.g. "
                    "wss://screen.example"
                )
        return origins

    mask_errors: bool = True
    graphiql: bool = True
    allowed_origins: list[str] = Field(default_factory=list)
    event_poll_seconds: float = Field(default=1.0, gt=0)
    subscriber_queue_size: int = Field(default=256, gt=0)
    heartbeat_seconds: float = Field(default=5.0, gt=0)
    ws_ping_seconds: float = Field(default=60.0, gt=0)
    max_query_cost: int = Field(default=1000, gt=0)
    cost_bucket_size: int = Field(default=2000, gt=0)
    cost_restore_rate: float = Field(default=100.0, gt=0)
    demo_members: int = Field(default=6000, ge=0)
    station_offline_seconds: float = Field(default=120.0, gt=0)
    station_busy_share: float = Field(default=0.8, gt=0, le=1)
    readings_retention_days: int = Field(default=30, gt=0)
    screen_interval_seconds: float = Field(default=1.0, gt=0)
    demo_simulation: bool = True
    demo_simulation_rate: float = Field(default=5.0, gt=0)
    petition_deadline_scan_seconds: float = Field(default=60.0, gt=0)
    petition_reopen_days: float = Field(default=7.0, ge=0)
    petition_level_deadline_hours: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_LEVEL_DEADLINE_HOURS)
    )
    petition_statistics_seconds: float = Field(default=1.0, gt=0)
    activity_announcement_seconds: float = Field(default=30.0, gt=0)
    reminder_scan_seconds: float = Field(default=60.0, gt=0)
    viewer_cache_seconds: float = Field(default=5.0, ge=0)
    credential_check_seconds: float = Field(default=5.0, gt=0)
    api_key_rotation_grace_hours: float = Field(default=24.0, ge=0)
    api_key_max_days: int = Field(default=366, gt=0)
    api_key_usage_flush_seconds: float = Field(default=30.0, gt=0)
    persisted_queries: int = Field(default=DEFAULT_PERSISTED_QUERIES, gt=0)
    trusted_documents: Path | None = None
    trusted_documents_for: TrustedFor = "partners"
    rate_limit_url: str | None = None
    rate_limit_prefix: str = Field(default=KEY_PREFIX, min_length=1)
    trusted_proxies: list[str] = Field(default_factory=list)
    proxy_header: ProxyHeader = "x-forwarded-for"
    signin_client_limits: str = DEFAULT_CLIENT_LIMITS
    signin_address_limits: str = DEFAULT_ADDRESS_LIMITS
    signin_username_limits: str = DEFAULT_USERNAME_LIMITS
    signin_known_days: float = Field(default=DEFAULT_KNOWN_DAYS, gt=0)

    @field_validator("petition_level_deadline_hours")
    @classmethod
    def _level_hours(cls, hours: dict[str, float]) -> dict[str, float]:
        levels = sorted(DEFAULT_LEVEL_DEADLINE_HOURS)
        for level, value in hours.items():
            if level not in DEFAULT_LEVEL_DEADLINE_HOURS:
                raise ValueError(f"{level!r} is not a level a petition is held at; use {levels}")
            if not 0 < value <= 24 * 90:
                raise ValueError(f"{level}: hours must be above 0 and at most 2160 (90 days)")
        return hours

    def level_deadline_hours(self) -> dict[str, float]:
        """The defaults, with the levels the setting names replaced."""
        return dict(DEFAULT_LEVEL_DEADLINE_HOURS) | self.petition_level_deadline_hours

    @field_validator("signin_client_limits", "signin_address_limits", "signin_username_limits")
    @classmethod
    def _limits_parse(cls, value: str, info: ValidationInfo) -> str:
        parse_limits(value, setting=f"ZHDJ_{(info.field_name or '').upper()}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, value: list[str]) -> list[str]:
        TrustedProxies.parse(value)
        return value

    def secret(self) -> str:
        """The configured secret; for the embedded SQLite default, one kept beside the file."""
        if self.token_secret:
            if len(self.token_secret) < MIN_SECRET_LENGTH:
                raise ConfigurationError(
                    f"ZHDJ_TOKEN_SECRET is {len(self.token_secret)} characters; use at least "
                    f"{MIN_SECRET_LENGTH} (e.g. `openssl rand -hex 32`)."
                )
            return self.token_secret
        if not self.database_url.startswith("sqlite"):
            raise ConfigurationError(
                "ZHDJ_TOKEN_SECRET is required with a shared database: every instance must "
                "sign tokens with the same secret (e.g. `openssl rand -hex 32`)."
            )
        database_file = sqlite_file(self.database_url)
        if database_file is None:
            return secrets.token_hex(32)
        kept = Path(database_file).with_name("token-secret")
        if not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.touch(mode=0o600)
            kept.write_text(secrets.token_hex(32), encoding="ascii")
            logger.info("ZHDJ_TOKEN_SECRET is not set: generated one in %s", kept)
        return kept.read_text(encoding="ascii").strip()

    def api_keys(self) -> KeyPolicy:
        return KeyPolicy(
            rotation_grace=timedelta(hours=self.api_key_rotation_grace_hours),
            max_lifetime=timedelta(days=self.api_key_max_days),
            check_seconds=self.credential_check_seconds,
            usage_flush_seconds=self.api_key_usage_flush_seconds,
        )

    def stations(self) -> StationConfig:
        return StationConfig(
            offline_seconds=self.station_offline_seconds,
            busy_share=self.station_busy_share,
            readings_retention_days=self.readings_retention_days,
            screen_interval_seconds=self.screen_interval_seconds,
        )

    def signin_policy(self) -> SignInPolicy:
        return SignInPolicy(
            client=parse_limits(self.signin_client_limits, setting="ZHDJ_SIGNIN_CLIENT_LIMITS"),
            address=parse_limits(self.signin_address_limits, setting="ZHDJ_SIGNIN_ADDRESS_LIMITS"),
            username=parse_limits(
                self.signin_username_limits, setting="ZHDJ_SIGNIN_USERNAME_LIMITS"
            ),
            known_days=self.signin_known_days,
        )

    def rate_store(self) -> RateStore:
        return RateStore(
            rate_limit_url(self.rate_limit_url, self.broadcast_url), prefix=self.rate_limit_prefix
        )

    def body_limits(self) -> BodyLimits:
        return BodyLimits(
            max_bytes=self.max_body_bytes,
            timeout=self.request_timeout_seconds,
            max_depth=self.max_json_depth,
            max_values=self.max_json_values,
        )

    def limits(self) -> SchemaLimits:
        return SchemaLimits(
            signed_in=DocumentLimits(
                length=self.max_document_length,
                tokens=self.max_tokens,
                depth=self.max_query_depth,
                aliases=self.max_aliases,
                selections=self.max_selections,
                cost=self.max_query_cost,
            ),
            anonymous=DocumentLimits(
                length=self.anonymous_max_document_length,
                tokens=self.anonymous_max_tokens,
                depth=self.anonymous_max_query_depth,
                aliases=self.anonymous_max_aliases,
                selections=self.anonymous_max_selections,
                cost=self.anonymous_max_query_cost,
            ),
            mask_internal_errors=self.mask_errors,
            cost_bucket_size=self.cost_bucket_size,
            cost_restore_rate=self.cost_restore_rate,
        )


class App(Starlette):
    """Starlette without its outermost `ServerErrorMiddleware` when that has nothing of its
    own to do (no handler for 500, no debug page): it answers an exception that escapes the
    app with a plain 500 and raises it again for the server to log, which uvicorn does by
    itself; and as a coroutine around every request, it was entered again each time a
    request's task resumed (about five times a page)."""

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        if isinstance(stack, ServerErrorMiddleware) and stack.handler is None and not stack.debug:
            return stack.app
        return stack


def create_app(
    settings: Settings, *, demo: bool = False, tracer: TracerProvider | None = None
) -> Starlette:
    """The app; with `demo`, a gentle device simulation runs too (unless switched off);
    traced by `tracer`, or by an OTLP exporter when ZHDJ_OTEL_ENDPOINT is set."""
    database = Database(settings.database_url)
    hub = EventHub(
        database,
        settings.broadcast_url,
        queue_size=settings.subscriber_queue_size,
        poll_interval=settings.event_poll_seconds,
        heartbeat_interval=settings.heartbeat_seconds,
    )
    rate_store = settings.rate_store()
    secret = settings.secret()
    services = Services(
        database=database,
        tokens=TokenService(secret, timedelta(minutes=settings.token_lifetime_minutes)),
        hub=hub,
        throttle=settings.limits().throttle(rate_store),
        signin=SignInLimits(rate_store, settings.signin_policy()),
        devices=DeviceKeys(secret),
        petitions=PetitionPolicy(
            reopen_days=settings.petition_reopen_days,
            level_deadline_hours=settings.level_deadline_hours(),
            statistics_interval_seconds=settings.petition_statistics_seconds,
        ),
        stations=settings.stations(),
        viewers=ViewerCache(seconds=settings.viewer_cache_seconds),
        keys=settings.api_keys(),
    )
    metrics = Metrics(
        lambda: {
            **hub.metrics,
            **services.shared.metrics,
            **live_groups_of(hub).figures(),
            "shared_groups": services.shared.groups,
            "position": hub.position,
            "broadcast_connected": int(hub.ready),
        },
        operation_names=settings.metrics_operation_names,
    )
    traced = []
    if tracer is not None or settings.otel_endpoint:
        # Imported only when tracing is on: off, OpenTelemetry is not even loaded.
        from transport.tracing import otlp_provider, tracing_extensions

        tracer = tracer or otlp_provider(str(settings.otel_endpoint))
        traced = tracing_extensions(tracer)
    trusted = (
        TrustedDocuments.load(settings.trusted_documents, settings.trusted_documents_for)
        if settings.trusted_documents is not None
        else None
    )
    persisted = PersistedQueries(settings.persisted_queries, trusted)
    served = build_schema(settings.limits(), services.throttle, metrics, persisted, traced)
    graphiql = graphiql_page() if settings.graphiql else None
    graphql = GraphQLEndpoint(
        services,
        persisted,
        TrustedProxies.parse(settings.trusted_proxies, header=settings.proxy_header),
        schema=served,
        graphiql=graphiql,
        allowed_origins=settings.allowed_origins,
        body_limits=settings.body_limits(),
        keep_alive=True,
        keep_alive_interval=15,
    )

    # Background jobs of the domains (each safe to run on every instance at once).
    jobs: list[PeriodicJob] = [
        *petition_jobs(services, settings.petition_deadline_scan_seconds),
        *station_jobs(database, hub.publish, settings.stations()),
        *activity_jobs(services, settings.activity_announcement_seconds),
        *reminder_jobs(services, settings.reminder_scan_seconds),
        *api_key_jobs(services),
    ]
    if demo and settings.demo_simulation:
        jobs.append(
            simulation_job(
                database, hub.publish, settings.stations(), settings.demo_simulation_rate
            )
        )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await ensure_current(database)
        # jieba's dictionary takes about a second to load: load it now, off the event loop,
        # rather than in the first petition submission.
        warming = asyncio.create_task(asyncio.to_thread(segmenter))
        # What is loaded by then (the schema, the dictionary, the models) lives as long as the
        # process: settled (frozen, young generation raised) as `serve` does, for an app run
        # otherwise; the collector is put back as it was when the app stops.
        thresholds = gc.get_threshold()
        warming.add_done_callback(lambda _: settle_heap(collect=False))
        await hub.start()
        for job in jobs:
            job.start()
        try:
            yield
        finally:
            await warming
            gc.unfreeze()
            gc.set_threshold(*thresholds)
            for job in jobs:
                await job.stop()
            await flush_key_uses(services)
            await hub.stop()
            await rate_store.close()
            await database.dispose()
            if tracer is not None:
                tracer.shutdown()  # sends the spans still batched

    async def healthz(_request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(_request: Request) -> Response:
        checks = {"database": True, "broadcast": hub.ready}
        try:
            await database.ping()
        except Exception:
            checks["database"] = False
        return JSONResponse(checks, status_code=200 if all(checks.values()) else 503)

    async def metrics_endpoint(_request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    app = App(
        # ExposeWire first: it must see uvicorn's own `send` (transport/wire.py); DirectRoute
        # last: /graphql skips the router (transport/direct_route.py).
        middleware=[
            Middleware(ExposeWire),
            Middleware(RequestIds),
            Middleware(DirectRoute, path="/graphql", endpoint=graphql),
        ],
        routes=[
            Route("/graphql", graphql),  # every method: the endpoint answers 405 itself
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            *([graphiql_asset_route(graphiql)] if graphiql else []),
            *home_routes(graphiql=graphiql is not None, sdl=lambda: served.as_str() + "\n"),
            *screen_routes(settings.screen_origins),
        ],
        lifespan=lifespan,
    )
    app.state.services = services
    return app


async def migrate(settings: Settings) -> None:
    async with Database(settings.database_url) as database:
        await upgrade(database)


async def seed(settings: Settings) -> None:
    from generators.demo.seed import seed_demo

    async with Database(settings.database_url) as database:
        summary = await seed_demo(database, members=settings.demo_members, progress=print)
    print(summary.describe())


def print_demo_accounts(settings: Settings) -> None:
    from generators.demo.names import DEMO_PASSWORD, SIGN_IN_ACCOUNTS

    url = f"http://{settings.host}:{settings.port}/graphql"
    print(f"\nzhdj demo on {url} (GraphiQL in the browser). Accounts, password {DEMO_PASSWORD!r}:")
    for account in SIGN_IN_ACCOUNTS:
        print(f"  {account.username:<12} {account.role.value:<14} {account.scope}")
    print()


async def check_schema(settings: Settings) -> None:
    async with Database(settings.database_url) as database:
        await ensure_current(database)


async def simulate(settings: Settings, rate: float) -> None:
    database = Database(settings.database_url)
    hub = EventHub(database, settings.broadcast_url, heartbeat_interval=settings.heartbeat_seconds)
    try:
        await ensure_current(database)
        await hub.start()
        await Simulator(database, hub.publish, settings.stations(), rate=rate).run()
    finally:
        await hub.stop()
        await database.dispose()


async def evaluate(settings: Settings, year: int) -> None:
    from jobs.evaluation import NoFramework, evaluate_year

    async with Database(settings.database_url) as database:
        await ensure_current(database)
        try:
            await evaluate_year(database, year, progress=print)
        except NoFramework as error:
            raise SystemExit(str(error)) from None


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How uvicorn serves the app (the tests serve it the same way)."""
    return {
        "http": bounded_heads(settings.request_timeout_seconds),
        "ws": "websockets-sansio",
        # The client's address is read from proxy headers by zhdj itself, and only from
        # ZHDJ_TRUSTED_PROXIES (transport/client_address.py); uvicorn would believe any
        # X-Forwarded-For sent from 127.0.0.1.
        "proxy_headers": False,
        # Compressing each frame for each screen would cost more CPU than the fan-out.
        "ws_per_message_deflate": False,
        # A websocket message is held to the same size as a request body.
        "ws_max_size": settings.max_body_bytes,
        # A keep-alive ping per connection every 20 s (uvicorn's default) is 500 pings/s at
        # 10,000 screens; a dead one is also found at its next frame.
        "ws_ping_interval": settings.ws_ping_seconds,
        # uvicorn's access line is written at info: below that level, not even asked for (it
        # formats the client's address and the path for every request before the logger
        # drops the line).
        "access_log": settings.log_level.lower() in ACCESS_LOGGED,
        # No `server: uvicorn` on every answer: it tells a client nothing it needs (and an
        # attacker which server to aim at), and uvicorn checks each header it sends.
        "server_header": False,
    }


# Container allocations (net of deallocations) between two collections of the youngest
# generation. At Python's default, 700, a member page set off a young collection or more per
# request (about 2,700 per 2,000 pages, BENCHMARKS.md) and every tenth a middle one, each
# walking objects of requests still in flight that would have died unwalked a moment later.
YOUNG_GENERATION_THRESHOLD = 20_000


def settle_heap(*, collect: bool = True) -> None:
    """Once start-up is done, before the first request: collect start-up's garbage (`collect`),
    freeze what is left (the schema, the models, jieba's dictionary: it lives as long as the
    process, and every full collection would otherwise walk it again, holding the event loop
    for 100 ms or more), and let the young generation grow to YOUNG_GENERATION_THRESHOLD
    objects before it is collected, so a request's short-lived objects mostly die unwalked."""
    if collect:
        gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)


def serve(settings: Settings, *, demo: bool = False) -> None:
    asyncio.run(check_schema(settings))
    app = create_app(settings, demo=demo)
    # What start-up builds lives as long as the process: the schema, the models and jieba's
    # dictionary (hundreds of thousands of entries, loaded here before the first request).
    # Frozen, the garbage collector no longer walks it over and over: its full passes held
    # the event loop for a fifth of a second and took a share of every request.
    segmenter()
    settle_heap()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,  # uvicorn's lines go through configure_logging's handler
        **uvicorn_options(settings),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="server.py", description=__doc__)
    parser.add_argument(
        "command",
        nargs="?",
        default="serve",
        choices=["serve", "migrate", "seed", "demo", "simulate", "evaluate"],
        help="serve (default); migrate the database; seed the demo data; "
        "demo = migrate + seed once + serve (with a gentle device simulation); "
        "simulate = drive demo station telemetry at --rate readings/s; "
        "evaluate = compute --year's evaluation 考核 for the whole tree",
    )
    parser.add_argument("--year", type=int, help="evaluate: the year (default: this one)")
    parser.add_argument(
        "--rate", type=float, default=GENTLE_RATE, help="simulate: readings per second"
    )
    arguments = parser.parse_args(argv)
    command = arguments.command
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    if settings.database_url.startswith("sqlite:///var/"):
        Path("var").mkdir(exist_ok=True)
    try:
        if command in ("migrate", "demo"):
            asyncio.run(migrate(settings))
        if command in ("seed", "demo"):
            asyncio.run(seed(settings))
        if command == "demo":
            print_demo_accounts(settings)
        if command in ("serve", "demo"):
            serve(settings, demo=command == "demo")
        if command == "simulate":
            asyncio.run(simulate(settings, arguments.rate))
        if command == "evaluate":
            asyncio.run(evaluate(settings, arguments.year or china_day(utcnow()).year))
    except ConfigurationError as error:
        print(f"zhdj cannot start: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
