"""Connections kept out of the pool for reads: one holder at a time, at most `keep` owned,
readers beyond them waiting, none handed on after a failure or a silent rest."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import QueuePool

from db.engine import Database
from db.read_lane import ReadLane
from db.shared_reads import SharedReads
from tests.pool_support import count_checkouts


def _checked_out(database: Database) -> int:
    pool = database.engine.sync_engine.pool
    assert isinstance(pool, QueuePool)
    return pool.checkedout()


async def a_reader_waiting(
    database: Database,
) -> tuple[ReadLane, AsyncConnection, asyncio.Future[AsyncConnection]]:
    """A lane keeping one connection, taken, and a second reader waiting for it (as long as
    it takes)."""
    lane = ReadLane(database.engine, keep=1, ping_after=None, spill_after=60)
    taken = await lane.take()
    waiting = asyncio.ensure_future(lane.take())
    await asyncio.sleep(0.05)
    assert not waiting.done()
    return lane, taken, waiting


async def test_requests_reading_one_after_another_check_out_one_connection(
    database: Database,
) -> None:
    # given a count of pool checkouts
    checkouts = count_checkouts(database)
    # when three requests read one after another
    for n in range(3):
        async with SharedReads(database.lane).read() as connection:
            assert (await connection.execute(text(f"SELECT {n}"))).scalar_one() == n
    # then the pool lent one connection, which rests in the lane
    assert len(checkouts) == 1
    assert database.lane.resting == 1


async def test_requests_reading_at_the_same_time_never_share_a_connection(
    database: Database,
) -> None:
    # given two requests, each holding its read until both have started
    both = asyncio.Barrier(2)
    held: list[AsyncConnection] = []

    async def request() -> None:
        async with SharedReads(database.lane).read() as connection:
            held.append(connection)
            await both.wait()
            await connection.execute(text("SELECT 1"))

    # when they read at once
    await asyncio.gather(request(), request())
    # then each had a connection of its own
    assert held[0] is not held[1]


async def test_beyond_keep_a_reader_waits_for_the_next_connection_given_back(
    database: Database,
) -> None:
    # given a lane keeping two, both taken, whose readers wait as long as it takes
    lane = ReadLane(database.engine, keep=2, ping_after=None, spill_after=60)
    taken = [await lane.take() for _ in range(2)]
    # when a third reader asks
    third = asyncio.ensure_future(lane.take())
    await asyncio.sleep(0.05)
    # then it waits, the pool lending no third connection
    assert not third.done()
    assert _checked_out(database) == 2
    # until one is given back, which it is handed directly
    await lane.give_back(taken[0])
    assert await third is taken[0]
    assert lane.resting == 0
    for connection in (third.result(), taken[1]):
        await lane.give_back(connection)
    assert lane.resting == 2
    await lane.close()


async def test_a_reader_held_up_by_slow_reads_takes_a_connection_from_the_pool(
    database: Database,
) -> None:
    # given a lane keeping one, held by a slow read
    lane = ReadLane(database.engine, keep=1, ping_after=None, spill_after=0.05)
    slow = await lane.take()
    # when another reader has waited for it longer than the lane allows
    spilled = await asyncio.wait_for(lane.take(), timeout=5)
    # then it reads on a connection of the pool's, beyond the lane's one
    assert spilled is not slow
    assert (await spilled.execute(text("SELECT 3"))).scalar_one() == 3
    assert _checked_out(database) == 2
    # and, given back while nobody waits, that one goes back to the pool; the lane keeps one
    await lane.give_back(spilled)
    await lane.give_back(slow)
    assert _checked_out(database) == 1
    assert lane.resting == 1
    await lane.close()


async def test_a_reader_that_gives_up_waiting_takes_no_connection_with_it(
    database: Database,
) -> None:
    # given a lane keeping one, taken, and a reader waiting for it
    lane, taken, waiting = await a_reader_waiting(database)
    # when the reader gives up (its client went away), then the connection comes back
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    await lane.give_back(taken)
    # then it rests for the next reader
    assert waiting.cancelled()
    assert lane.resting == 1
    assert await lane.take() is taken
    await lane.give_back(taken)
    await lane.close()


async def test_a_connection_handed_to_a_reader_cancelled_before_it_ran_is_not_lost(
    database: Database,
) -> None:
    # given a lane keeping one, taken, and a reader waiting for it
    lane, taken, waiting = await a_reader_waiting(database)
    # when the connection is handed to the reader, and the reader cancelled before it runs
    await lane.give_back(taken)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    # then the connection rests for the next reader
    assert waiting.cancelled()
    assert lane.resting == 1
    await lane.close()


async def test_a_discarded_connection_makes_room_for_a_waiting_reader(
    database: Database,
) -> None:
    # given a lane keeping one, taken, and a reader waiting
    lane, broken, waiting = await a_reader_waiting(database)
    # when the taken one's read fails and it is discarded
    await lane.discard(broken)
    # then the reader gets a new connection that answers, and the lane still owns one
    fresh = await waiting
    assert fresh is not broken
    assert (await fresh.execute(text("SELECT 7"))).scalar_one() == 7
    assert _checked_out(database) == 1
    await lane.give_back(fresh)
    await lane.close()


async def test_a_read_through_execute_leaves_no_transaction_to_the_next_holder(
    database: Database,
) -> None:
    # given a connection that read through SQLAlchemy's execute, given back
    lane = ReadLane(database.engine, keep=1, ping_after=None)
    connection = await lane.take()
    await connection.execute(text("SELECT 1"))
    await lane.give_back(connection)
    # when the next holder takes it
    again = await lane.take()
    # then it is the same connection, outside any transaction
    assert again is connection
    assert not again.in_transaction()
    await lane.give_back(again)
    await lane.close()


async def test_a_rested_connection_that_does_not_answer_a_ping_is_replaced(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a lane pinging whatever rested, and a resting connection whose ping fails
    lane = ReadLane(database.engine, keep=1, ping_after=0.0)
    dead = await lane.take()
    await lane.give_back(dead)

    def no_answer(_self: object) -> None:
        raise ConnectionError("cut")

    dbapi = dead.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
    monkeypatch.setattr(type(dbapi), "ping", no_answer, raising=False)
    # when a reader takes a connection
    fresh = await lane.take()
    # then it gets another one that answers, and the dead one is out of the pool's count
    assert fresh is not dead
    assert (await fresh.execute(text("SELECT 5"))).scalar_one() == 5
    assert _checked_out(database) == 1
    await lane.give_back(fresh)
    await lane.close()


async def test_closing_the_lane_returns_its_resting_connections_to_the_pool(
    database: Database,
) -> None:
    # given two connections resting in a lane
    lane = ReadLane(database.engine, keep=2, ping_after=None)
    taken = [await lane.take() for _ in range(2)]
    for connection in taken:
        await lane.give_back(connection)
    # when the lane is closed
    await lane.close()
    # then the pool has them all back
    assert lane.resting == 0
    assert _checked_out(database) == 0
