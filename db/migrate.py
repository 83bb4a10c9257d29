"""Schema migrations (Alembic) driven from code: upgrade, and the start-up check."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from db.engine import Database
from db.errors import ConfigurationError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class SchemaNotCurrent(ConfigurationError):
    """The database is not at the newest migration; the message says what to run."""


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = database_url
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


async def upgrade(database: Database) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with database.writes.begin() as connection:  # all migrations or none
        await connection.run_sync(run)


async def current_revision(database: Database) -> str | None:
    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with database.engine.connect() as connection:
        return await connection.run_sync(read)


async def ensure_current(database: Database) -> None:
    current, head = await current_revision(database), head_revision()
    if current != head:
        raise SchemaNotCurrent(
            f"the database is at migration {current or 'none (empty)'} but this zhdj needs "
            f"{head}; run `make migrate` (or `python server.py migrate`) first"
        )
