"""Read sessions run without a transaction around them; write sessions stay all-or-nothing;
pooled connections are pinged only after resting."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import PING_AFTER_IDLE_SECONDS, Database, _ping_if_idle
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


class _Connection:
    def __init__(self, *, alive: bool) -> None:
        self.alive = alive
        self.pings = 0

    def ping(self) -> None:
        self.pings += 1
        if not self.alive:
            raise OSError("connection reset by peer")


class _Record:
    def __init__(self, idle_for: float | None) -> None:
        self.info: dict[str, float] = {}
        if idle_for is not None:
            self.info["idle_since"] = time.monotonic() - idle_for


def test_a_connection_in_steady_use_is_not_pinged() -> None:
    # given a pooled connection checked in a moment ago
    connection = _Connection(alive=True)
    # when it is checked out again
    _ping_if_idle(connection, _Record(idle_for=0.1), None)  # type: ignore[arg-type]
    # then no round trip was spent on it
    assert connection.pings == 0


def test_a_connection_idle_for_long_is_pinged_and_replaced_if_dead() -> None:
    # given connections idle for longer than the limit, one of them cut meanwhile
    alive, dead = _Connection(alive=True), _Connection(alive=False)
    idle = PING_AFTER_IDLE_SECONDS + 1
    # when they are checked out
    _ping_if_idle(alive, _Record(idle_for=idle), None)  # type: ignore[arg-type]
    # then each is pinged, and the pool is told to replace the dead one
    with pytest.raises(DisconnectionError):
        _ping_if_idle(dead, _Record(idle_for=idle), None)  # type: ignore[arg-type]
    assert (alive.pings, dead.pings) == (1, 1)
