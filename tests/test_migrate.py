"""Migrations build exactly the models' schema, and an unmigrated database is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from db.engine import Database
from db.migrate import SchemaNotCurrent, ensure_current
from db.models import Base


async def test_migrations_match_the_models(database: Database) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with database.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_a_migrated_database_is_accepted(database: Database) -> None:
    await ensure_current(database)


async def test_an_empty_database_is_refused_with_the_fix(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path}/empty.db")
    with pytest.raises(SchemaNotCurrent, match="make migrate"):
        await ensure_current(database)
    await database.dispose()
