"""A request's overlapping reads share one connection, returned to the read lane when none
waits."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from db.engine import Database
from db.shared_reads import SharedReads
from tests.pool_support import count_checkouts


def _lent(database: Database) -> int:
    """Connections serving a read now: out of the pool, and not resting in the read lane."""
    pool = database.engine.sync_engine.pool
    assert isinstance(pool, QueuePool)
    return pool.checkedout() - database.lane.resting


async def test_overlapping_reads_share_one_connection(database: Database) -> None:
    # given a request's shared reads and a count of pool checkouts
    reads = SharedReads(database.lane)
    checkouts = count_checkouts(database)

    async def one(n: int) -> int:
        async with reads.read() as connection:
            return int((await connection.execute(text(f"SELECT {n}"))).scalar_one())

    # when five reads start together
    found = await asyncio.gather(*(one(n) for n in range(5)))
    # then each got its answer, and the pool lent one connection, now serving no one
    assert found == [0, 1, 2, 3, 4]
    assert len(checkouts) == 1
    assert _lent(database) == 0


async def test_reads_one_after_another_each_return_the_connection(database: Database) -> None:
    # given a request's shared reads
    reads = SharedReads(database.lane)
    for _ in range(2):
        # when a read ends with no other waiting
        async with reads.read() as connection:
            await connection.execute(text("SELECT 1"))
        # then its connection serves no one
        assert _lent(database) == 0


async def test_a_failed_read_leaves_the_next_one_a_working_connection(
    database: Database,
) -> None:
    # given a request's shared reads, one of which fails in the database
    reads = SharedReads(database.lane)

    async def failing() -> None:
        async with reads.read() as connection:
            await connection.execute(text("SELECT * FROM no_such_table"))

    async def working() -> int:
        async with reads.read() as connection:
            return int((await connection.execute(text("SELECT 7"))).scalar_one())

    # when it runs beside another read
    failed, answer = await asyncio.gather(failing(), working(), return_exceptions=True)
    # then the failure is the caller's, the other read answers, and nothing is left out
    assert isinstance(failed, DBAPIError)
    assert answer == 7
    assert _lent(database) == 0


async def test_a_cancelled_read_does_not_hand_its_connection_on(database: Database) -> None:
    # given a read that is cancelled while its statement runs
    reads = SharedReads(database.lane)
    sleep = "SELECT pg_sleep(5)" if not database.is_sqlite else "SELECT 1"
    started = asyncio.Event()

    async def slow() -> None:
        async with reads.read() as connection:
            started.set()
            await connection.execute(text(sleep))
            await asyncio.sleep(5)

    task = asyncio.create_task(slow())
    await started.wait()
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # when the request reads again, then it gets an answer on a sound connection
    async with reads.read() as connection:
        assert (await connection.execute(text("SELECT 3"))).scalar_one() == 3
    assert _lent(database) == 0
