"""zhdj: the Starlette app, its settings, and the command line (serve, migrate, seed, demo)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

from db.engine import Database
from db.errors import ConfigurationError
from db.migrate import ensure_current, upgrade
from db.petitions.words import segmenter
from jobs.periodic import PeriodicJob
from jobs.simulator import GENTLE_RATE, Simulator
from jobs.stations import simulation_job, station_jobs
from resolvers.accounts.tokens import TokenService
from resolvers.accounts.viewers import ViewerCache
from resolvers.context import Services
from resolvers.petitions.deadlines import escalate_overdue
from resolvers.petitions.policy import PetitionPolicy
from resolvers.stations.config import StationConfig
from schema.build import SchemaLimits, build_schema
from screen.page import screen_routes
from subscriptions import EventHub
from subscriptions.live_groups import live_groups_of
from transport.http import GraphQLEndpoint
from transport.metrics import Metrics
from transport.persisted_queries import DEFAULT_PERSISTED_QUERIES, PersistedQueries

logger = logging.getLogger("zhdj")

MIN_SECRET_LENGTH = 32  # HS256 wants a key at least as long as its 256-bit hash


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
    max_query_depth: int = Field(default=12, gt=0)
    max_aliases: int = Field(default=30, ge=0)
    max_tokens: int = Field(default=5000, gt=0)
    mask_errors: bool = True
    graphiql: bool = True
    allowed_origins: list[str] = Field(default_factory=list)
    event_poll_seconds: float = Field(default=1.0, gt=0)
    subscriber_queue_size: int = Field(default=256, gt=0)
    heartbeat_seconds: float = Field(default=5.0, gt=0)
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
    petition_statistics_seconds: float = Field(default=1.0, gt=0)
    viewer_cache_seconds: float = Field(default=5.0, ge=0)
    persisted_queries: int = Field(default=DEFAULT_PERSISTED_QUERIES, gt=0)

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
        database_file = make_url(self.database_url).database
        if not database_file or database_file == ":memory:":
            return secrets.token_hex(32)
        kept = Path(database_file).with_name("token-secret")
        if not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.touch(mode=0o600)
            kept.write_text(secrets.token_hex(32), encoding="ascii")
            logger.info("ZHDJ_TOKEN_SECRET is not set: generated one in %s", kept)
        return kept.read_text(encoding="ascii").strip()

    def stations(self) -> StationConfig:
        return StationConfig(
            offline_seconds=self.station_offline_seconds,
            busy_share=self.station_busy_share,
            readings_retention_days=self.readings_retention_days,
            screen_interval_seconds=self.screen_interval_seconds,
        )

    def limits(self) -> SchemaLimits:
        return SchemaLimits(
            max_depth=self.max_query_depth,
            max_aliases=self.max_aliases,
            max_tokens=self.max_tokens,
            mask_internal_errors=self.mask_errors,
            max_cost=self.max_query_cost,
            cost_bucket_size=self.cost_bucket_size,
            cost_restore_rate=self.cost_restore_rate,
        )


def create_app(settings: Settings, *, demo: bool = False) -> Starlette:
    """The app; with `demo`, a gentle device simulation runs too (unless switched off)."""
    database = Database(settings.database_url)
    hub = EventHub(
        database,
        settings.broadcast_url,
        queue_size=settings.subscriber_queue_size,
        poll_interval=settings.event_poll_seconds,
        heartbeat_interval=settings.heartbeat_seconds,
    )
    services = Services(
        database=database,
        tokens=TokenService(settings.secret(), timedelta(minutes=settings.token_lifetime_minutes)),
        hub=hub,
        throttle=settings.limits().throttle(),
        petitions=PetitionPolicy(
            reopen_days=settings.petition_reopen_days,
            statistics_interval_seconds=settings.petition_statistics_seconds,
        ),
        stations=settings.stations(),
        viewers=ViewerCache(seconds=settings.viewer_cache_seconds),
    )
    metrics = Metrics(
        lambda: {
            **hub.metrics,
            **services.shared.metrics,
            **live_groups_of(hub).figures(),
            "shared_groups": services.shared.groups,
            "position": hub.position,
            "broadcast_connected": int(hub.ready),
        }
    )
    persisted = PersistedQueries(settings.persisted_queries)
    graphql = GraphQLEndpoint(
        services,
        persisted,
        schema=build_schema(settings.limits(), services.throttle, metrics, persisted),
        graphql_ide="graphiql" if settings.graphiql else None,
        allowed_origins=settings.allowed_origins,
        keep_alive=True,
        keep_alive_interval=15,
    )

    # Background jobs of the domains (each safe to run on every instance at once).
    jobs: list[PeriodicJob] = [
        PeriodicJob(
            "petition-deadlines",
            settings.petition_deadline_scan_seconds,
            lambda: escalate_overdue(services),
        ),
        *station_jobs(database, hub.publish, settings.stations()),
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
        await hub.start()
        for job in jobs:
            job.start()
        try:
            yield
        finally:
            await warming
            for job in jobs:
                await job.stop()
            await hub.stop()
            await database.dispose()

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

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            *screen_routes(),
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
    from generators.demo.names import DEMO_ACCOUNTS, DEMO_PASSWORD

    url = f"http://{settings.host}:{settings.port}/graphql"
    print(f"\nzhdj demo on {url} (GraphiQL in the browser). Accounts, password {DEMO_PASSWORD!r}:")
    for account in DEMO_ACCOUNTS:
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


def serve(settings: Settings, *, demo: bool = False) -> None:
    asyncio.run(check_schema(settings))
    app = create_app(settings, demo=demo)
    # What start-up builds lives as long as the process: the schema, the models and jieba's
    # dictionary (hundreds of thousands of entries, loaded here before the first request).
    # Frozen, the garbage collector no longer walks it over and over: its full passes held
    # the event loop for a fifth of a second and took a share of every request.
    segmenter()
    gc.freeze()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        ws="websockets-sansio",
        # Compressing each frame for each screen would cost more CPU than the fan-out.
        ws_per_message_deflate=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="server.py", description=__doc__)
    parser.add_argument(
        "command",
        nargs="?",
        default="serve",
        choices=["serve", "migrate", "seed", "demo", "simulate"],
        help="serve (default); migrate the database; seed the demo data; "
        "demo = migrate + seed once + serve (with a gentle device simulation); "
        "simulate = drive demo station telemetry at --rate readings/s",
    )
    parser.add_argument(
        "--rate", type=float, default=GENTLE_RATE, help="simulate: readings per second"
    )
    arguments = parser.parse_args(argv)
    command = arguments.command
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
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
    except ConfigurationError as error:
        print(f"zhdj cannot start: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
