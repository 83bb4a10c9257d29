"""The served executor's resolver helpers: same work, no reference cycle through it."""

from __future__ import annotations

import asyncio
import weakref

from graphql import parse

from bench.cycles import saved_garbage
from transport.schema import Executor, build_schema

DOCUMENT = parse("{ __typename }")


SCHEMA = build_schema()._schema


def _executor() -> Executor:
    built = Executor.build(SCHEMA, DOCUMENT)
    assert isinstance(built, Executor)
    return built


def test_an_executor_is_freed_without_the_garbage_collector() -> None:
    # given an executor of the served schema, with the collector off, its document's memo
    # made beforehand (making one may drop the oldest of the process's memos: garbage of
    # whichever test made it, not of this executor)
    _executor()
    with saved_garbage() as garbage:
        executor = _executor()
        held = weakref.ref(executor)
        # when the last reference to it goes
        del executor
        # then reference counting alone has freed it
        assert held() is None
    assert garbage == []


async def test_the_helpers_gather_and_track_work_for_the_executor() -> None:
    # given an executor's helpers
    executor = _executor()
    helpers = executor.async_helpers

    async def answer(value: int) -> int:
        return value

    # when work is gathered, and other work tracked
    gathered = await helpers.gather([answer(1), answer(2)])
    tracked = asyncio.ensure_future(answer(3))
    helpers.track([tracked, "not awaitable"])
    # then the gathered values come back in order and the tracked work is the executor's
    assert gathered == [1, 2]
    assert len(executor.background_futures) == 1
    assert await tracked == 3
