"""Read sessions run without a transaction around them; write sessions stay all-or-nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import Database
from db.organizations.models import OrganizationRow
from tests.factories import create_organization


async def _autocommit(session: AsyncSession) -> bool:
    def read(connection: Connection) -> bool:
        dbapi = connection.connection.dbapi_connection
        assert dbapi is not None
        return bool(connection.dialect.detect_autocommit_setting(dbapi))

    return await (await session.connection()).run_sync(read)


async def test_a_read_session_runs_its_statements_outside_a_transaction(
    database: Database,
) -> None:
    # given a read session
    async with database.session() as session:
        # when it reads
        await session.execute(text("SELECT 1"))
        # then its connection is in autocommit: no BEGIN and ROLLBACK round trips around it
        assert await _autocommit(session)


async def test_a_write_session_still_rolls_back_everything_on_failure(database: Database) -> None:
    # given a write session, not in autocommit, that inserts a row and then fails
    async def insert_then_fail() -> None:
        async with database.transaction() as session:
            assert not await _autocommit(session)
            await create_organization(session, name="临时", code="TMP")
            raise RuntimeError("fails after the insert")

    with pytest.raises(RuntimeError):
        await insert_then_fail()
    # when the table is read afterwards, then the row is not there
    async with database.session() as session:
        assert await session.get(OrganizationRow, 1) is None
