"""Events appended together keep their order, and concurrent writers commit in id order."""

from __future__ import annotations

import asyncio
from typing import Any

from db.engine import Database
from db.events.log import append_events, read_events_after


def event(entity_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "type": "station.readings",
        "org_path": "1.",
        "entity_type": "station",
        "entity_id": entity_id,
        "account_id": None,
    } | extra


async def test_events_appended_together_get_ids_in_the_order_given(database: Database) -> None:
    # given three events, one with a payload
    drafts = [event(3), event(1, payload={"readings": 5}), event(2)]
    # when they are appended in one transaction
    async with database.transaction() as session:
        ids = await append_events(session, drafts)
    # then their ids ascend in the order given, and the log holds them as given
    async with database.session() as session:
        stored = await read_events_after(session, 0)
    assert ids == sorted(ids)
    assert [row.id for row in stored] == ids
    assert [(row.entity_id, row.payload) for row in stored] == [
        (3, {}),
        (1, {"readings": 5}),
        (2, {}),
    ]


async def test_a_second_writer_waits_for_the_first_so_ids_commit_in_order(
    database: Database,
) -> None:
    # given a writer that appended an event and has not committed yet
    appended, release = asyncio.Event(), asyncio.Event()
    first_ids: list[int] = []

    async def first() -> None:
        async with database.transaction() as session:
            first_ids.extend(await append_events(session, [event(1)]))
            appended.set()
            await release.wait()

    async def second() -> list[int]:
        async with database.transaction() as session:
            return await append_events(session, [event(2)])

    holder = asyncio.create_task(first())
    await appended.wait()
    # when a second writer appends meanwhile
    waiter = asyncio.create_task(second())
    await asyncio.sleep(0.3)
    # then it waits until the first commits, and its id comes after
    assert not waiter.done()
    release.set()
    await holder
    second_ids = await asyncio.wait_for(waiter, timeout=10)
    assert second_ids[0] > first_ids[0]
