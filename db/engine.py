"""The database handle: one async engine and its session factory per process."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeAlias

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, QueuePool

from db.errors import ConstraintViolation
from db.read_lane import ReadLane

# What a layer above holds to pass a transaction down to db/ functions; it never builds a
# statement on it (SQL lives only in db/).
Session: TypeAlias = AsyncSession
# Likewise a pooled connection a read runs on (`Database.read`), handed to db/ queries.
ReadConnection: TypeAlias = AsyncConnection

ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
CONNECT_TIMEOUT_SECONDS = 5


def async_url(url: str) -> str:
    """Accept plain `sqlite:///` and `postgresql://` URLs and pick the async driver."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in ASYNC_DRIVERS:
        raise ValueError(f"unsupported database {url!r}: use sqlite:/// or postgresql://")
    if parsed.drivername in ("sqlite", "postgresql", "postgres"):
        parsed = parsed.set(drivername=ASYNC_DRIVERS[backend])
    return parsed.render_as_string(hide_password=False)


def sqlite_file(url: str) -> str | None:
    """The file a SQLite URL names; None for an in-memory database or another backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


# A pooled connection idle for longer than this is pinged before use; one in steady use is not.
PING_AFTER_IDLE_SECONDS = 10.0
_IDLE_SINCE = "idle_since"


def _note_idle(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(
    dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    """A connection that rested a while may have been cut (a database restart, a firewall):
    ping it, and let the pool replace it if the ping fails. Pinging at every checkout, as
    `pool_pre_ping` does, cost a round trip per statement of every request."""
    idle_since = record.info.get(_IDLE_SINCE)
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        dbapi_connection.ping()
    except Exception as error:
        raise DisconnectionError("the pooled connection did not answer a ping") from error


def _pool_size(engine: AsyncEngine) -> int:
    """The connections the pool keeps open (its overflow aside); 1 for a pool of another kind."""
    pool = engine.sync_engine.pool
    return pool.size() if isinstance(pool, QueuePool) else 1


class Database:
    """Owns the engine; hands out short-lived sessions (never one shared per connection).

    Connections rest in autocommit: a read sends its statements alone, without a BEGIN and a
    ROLLBACK around them. Reads lose nothing by it, since each
    statement of a READ COMMITTED transaction takes its own snapshot anyway. Work that must
    be all-or-nothing goes through `transaction()` (or `writes`); a statement run directly
    on `engine` commits by itself. Listen to `engine` to see every statement.

    Read paths use `read()`: a bare pooled connection for Core selects, without the ORM
    session, its identity map and its per-object bookkeeping. A request's reads take theirs
    from `lane` (db/read_lane.py), which keeps up to half the pool out between reads.
    """

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 20) -> None:
        self.url = async_url(url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        options: dict[str, Any] = {"echo": echo, "isolation_level": "AUTOCOMMIT"}
        if not self.is_sqlite:
            # Overflow connections are opened and closed again under load (a connect costs
            # far more than a query), so the pool keeps most of what a busy instance uses.
            options |= {"pool_size": pool_size, "max_overflow": pool_size // 2}
            # JIT compiles a plan for a query PostgreSQL thinks costly: 100+ ms paid on every
            # call of an aggregate that runs in tens of ms, with nothing cached across calls.
            # A server that does not answer is an outage after a few seconds, not a minute.
            options["connect_args"] = {
                "server_settings": {"jit": "off"},
                "timeout": CONNECT_TIMEOUT_SECONDS,
            }
        self.engine: AsyncEngine = create_async_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            event.listen(self.engine.sync_engine.pool, "checkin", _note_idle)
            event.listen(self.engine.sync_engine.pool, "checkout", _ping_if_idle)
        self.writes = self.engine.execution_options(
            isolation_level="SERIALIZABLE" if self.is_sqlite else "READ COMMITTED"
        )
        self.reads = async_sessionmaker(self.engine, expire_on_commit=False)
        self.lane = ReadLane(
            self.engine,
            keep=max(1, _pool_size(self.engine) // 2),
            ping_after=None if self.is_sqlite else PING_AFTER_IDLE_SECONDS,
        )
        self.sessions = async_sessionmaker(self.writes, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read session; it never commits (and must not write)."""
        async with self.reads() as session:
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A pooled connection for Core reads, returned to the pool at the end of the block."""
        async with self.engine.connect() as connection:
            yield connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits at the end of the block, or rolls back entirely.

        A constraint that refuses the work (at a flush or at the commit) is raised as
        `ConstraintViolation`, so callers need not know the driver's exceptions."""
        try:
            async with self.sessions() as session, session.begin():
                yield session
        except IntegrityError as error:
            raise ConstraintViolation(str(error.orig)) from error

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.lane.close()
        await self.engine.dispose()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.dispose()
