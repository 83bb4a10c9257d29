"""The database handle: one async engine and its session factory per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeAlias

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from db.errors import ConstraintViolation

# What a layer above holds to pass a transaction down to db/ functions; it never builds a
# statement on it (SQL lives only in db/).
Session: TypeAlias = AsyncSession

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


class Database:
    """Owns the engine; hands out short-lived sessions (never one shared per connection).

    Connections rest in autocommit: a read session sends its statements alone, without a
    BEGIN and a ROLLBACK around them, and on PostgreSQL the pool's liveness ping at each
    checkout is one round trip instead of three. Reads lose nothing by it, since each
    statement of a READ COMMITTED transaction takes its own snapshot anyway. Work that must
    be all-or-nothing goes through `transaction()` (or `writes`); a statement run directly
    on `engine` commits by itself. Listen to `engine` to see every statement.
    """

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        self.url = async_url(url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        options: dict[str, Any] = {"echo": echo, "isolation_level": "AUTOCOMMIT"}
        if not self.is_sqlite:
            options |= {"pool_size": pool_size, "max_overflow": pool_size, "pool_pre_ping": True}
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
        self.writes = self.engine.execution_options(
            isolation_level="SERIALIZABLE" if self.is_sqlite else "READ COMMITTED"
        )
        self.reads = async_sessionmaker(self.engine, expire_on_commit=False)
        self.sessions = async_sessionmaker(self.writes, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read session; it never commits (and must not write)."""
        async with self.reads() as session:
            yield session

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
        await self.engine.dispose()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.dispose()
