"""Cheap clean and demo-seeded databases for the tests.

A clean PostgreSQL database per test was a TRUNCATE of every table (a new file for each table
and index: 0.2-4 s a test). Most tests write to a handful of tables, so the reset deletes only
from the tables that have rows and restarts every sequence, on one connection kept for the
session (a new backend pays ~0.1 s to load the catalogue of 89 tables before its first query).

Seeding the demo takes 4-8 s; a test that starts from the demo gets a copy of rows seeded once
for its module instead (`DemoSnapshots`).
"""

# Statements are built from table and schema names of our own metadata and catalogue.
# ruff: noqa: S608

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Coroutine, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import asyncpg

from db.engine import Database, sqlite_file
from db.models import Base
from generators.demo.seed import seed_demo

T = TypeVar("T")
TABLES = [table.name for table in Base.metadata.sorted_tables]
SNAPSHOT_SCHEMA_PREFIX = "zhdj_snapshot_"
# One query answers which tables hold a row; each EXISTS stops at the first row it finds.
_TABLES_WITH_ROWS = " UNION ALL ".join(
    f"SELECT '{name}' WHERE EXISTS (SELECT FROM public.\"{name}\")" for name in TABLES
)

_RESTART_SEQUENCES = (
    "SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s "
    "JOIN pg_class c ON c.oid = s.seqrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'"
)


class PostgresCleaner:
    """A session-long connection (on its own thread and event loop, since every test has its
    own loop) that empties the leg's database and copies demo snapshots into it."""

    def __init__(self, url: str) -> None:
        self._loop = asyncio.new_event_loop()
        # A daemon, so a session that ends without `close` (a crash) cannot hang on it.
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="pg-cleaner", daemon=True
        )
        self._thread.start()
        try:
            self._connection: asyncpg.Connection = self._run(asyncpg.connect(url))
        except BaseException:
            self._stop()
            raise
        self._run(self._drop_snapshots())

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def close(self) -> None:
        self._run(self._drop_snapshots())
        self._run(self._connection.close())
        self._stop()

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def reset(self) -> None:
        """Every table empty and every sequence at its start, as TRUNCATE … RESTART IDENTITY."""
        self._run(self._reset())

    def snapshot(self, name: str) -> None:
        """Keep a copy of every table with rows, and where each sequence stands."""
        self._run(self._snapshot(f"{SNAPSHOT_SCHEMA_PREFIX}{name}"))

    def restore(self, name: str) -> None:
        """Empty the database, then copy a snapshot's rows and sequences back into it."""
        self._run(self._restore(f"{SNAPSHOT_SCHEMA_PREFIX}{name}"))

    async def _reset(self) -> None:
        filled = [row[0] for row in await self._connection.fetch(_TABLES_WITH_ROWS)]
        # One round trip; the replica role fires no triggers, foreign-key checks included
        # (every table goes empty, so no reference is left dangling), and the commit need not
        # wait for the disk.
        try:
            await self._connection.execute(
                "BEGIN; SET LOCAL session_replication_role = replica; "
                "SET LOCAL synchronous_commit = off; "
                + "".join(f'DELETE FROM public."{name}"; ' for name in filled)
                + _RESTART_SEQUENCES
                + "; COMMIT"
            )
        except BaseException:
            # Leave the session's connection usable for the next test's reset.
            await self._connection.execute("ROLLBACK")
            raise

    async def _snapshot(self, schema: str) -> None:
        filled = [row[0] for row in await self._connection.fetch(_TABLES_WITH_ROWS)]
        async with self._connection.transaction():
            await self._connection.execute(f"CREATE SCHEMA {schema}")
            for name in filled:
                await self._connection.execute(
                    f'CREATE TABLE {schema}."{name}" AS TABLE public."{name}"'
                )
            await self._connection.execute(
                f"CREATE TABLE {schema}.sequences AS "
                "SELECT format('%I.%I', schemaname, sequencename) AS name, last_value "
                "FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
            )

    async def _restore(self, schema: str) -> None:
        await self._reset()
        copied = await self._connection.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 "
            "AND table_name <> 'sequences'",
            schema,
        )
        async with self._connection.transaction():
            await self._connection.execute("SET LOCAL session_replication_role = replica")
            for row in copied:
                name = row[0]
                await self._connection.execute(
                    f'INSERT INTO public."{name}" SELECT * FROM {schema}."{name}"'
                )
            await self._connection.execute(
                f"SELECT setval(name::regclass, last_value, true) FROM {schema}.sequences"
            )

    async def _drop_snapshots(self) -> None:
        schemas = await self._connection.fetch(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)",
            SNAPSHOT_SCHEMA_PREFIX,
        )
        for row in schemas:
            await self._connection.execute(f"DROP SCHEMA {row[0]} CASCADE")


@contextmanager
def _sqlite(path: str) -> Iterator[sqlite3.Connection]:
    # Autocommit: ATTACH, DETACH and VACUUM refuse to run inside a transaction.
    with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as connection:
        yield connection


class SeedDemo(Protocol):
    """The `demo` fixture: `await demo(database, members=…, petitions=…, history_days=…)`."""

    async def __call__(
        self, database: Database, *, members: int, petitions: int, history_days: int
    ) -> None: ...


class DemoSnapshots:
    """The demo seeded once per module and size, copied into each test's database.

    Once per module, not per session: the demo is seeded relative to the clock (activities
    running now, this month's dues), and a module's tests run within moments of each other
    whatever the order, as they did when each seeded its own."""

    def __init__(self, directory: Path, postgres: PostgresCleaner | None) -> None:
        self._directory = directory
        self._postgres = postgres
        self._names: dict[tuple[str, int, int, int], str] = {}

    async def seed(
        self, database: Database, module: str, *, members: int, petitions: int, history_days: int
    ) -> None:
        """What `seed_demo(database, members=…, petitions=…, history_days=…)` writes into a
        fresh database, copied from the module's first seeding."""
        key = (module, members, petitions, history_days)
        name = self._names.get(key)
        if name is None:
            await seed_demo(
                database, members=members, petitions=petitions, history_days=history_days
            )
            name = self._names[key] = str(len(self._names))
            self._take(database, name)
        else:
            self._copy(database, name)

    def _take(self, database: Database, name: str) -> None:
        if self._postgres is not None:
            self._postgres.snapshot(name)
            return
        with _sqlite(_file(database)) as connection:
            connection.execute("VACUUM INTO ?", (str(self._directory / f"{name}.db"),))

    def _copy(self, database: Database, name: str) -> None:
        if self._postgres is not None:
            self._postgres.restore(name)
            return
        with _sqlite(_file(database)) as connection:
            connection.execute("ATTACH ? AS snapshot", (str(self._directory / f"{name}.db"),))
            connection.execute("BEGIN IMMEDIATE")
            for table in reversed(TABLES):
                connection.execute(f'DELETE FROM main."{table}"')
            for table in TABLES:
                connection.execute(f'INSERT INTO main."{table}" SELECT * FROM snapshot."{table}"')
            connection.execute("COMMIT")
            connection.execute("DETACH snapshot")


def _file(database: Database) -> str:
    path = sqlite_file(database.url)
    assert path is not None, "a SQLite test database is a file"
    return path
