"""The request's loader batches, caches and fails as Strawberry's DataLoader did: keys of the
same loop turns in one call, at most a batch's size; a key's future kept for the request;
failures per key or per batch; a batch nobody waits for is not read."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Sequence

import pytest
from strawberry.exceptions import WrongNumberOfResultsReturned

from resolvers.batch_loader import Loader


class Recorder:
    """A batch function that answers each key doubled and records the batches it was asked."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    async def __call__(self, keys: list[int]) -> Sequence[int | BaseException]:
        self.batches.append(keys)
        return [key * 2 for key in keys]


class SlowRead:
    """A batch function that never finishes by itself: it says when it starts and when it is
    cancelled."""

    def __init__(self) -> None:
        self.started, self.cancelled = asyncio.Event(), asyncio.Event()

    async def __call__(self, keys: list[int]) -> Sequence[int]:
        self.started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            self.cancelled.set()
            raise
        return keys


async def test_keys_loaded_together_are_read_in_one_batch_in_order() -> None:
    recorder = Recorder()
    loader = Loader(recorder, max_batch_size=500, cache=True)
    assert list(await asyncio.gather(loader.load(3), loader.load(1), loader.load(3))) == [6, 2, 6]
    assert recorder.batches == [[3, 1]]


async def test_a_key_loaded_a_turn_later_still_joins_the_batch() -> None:
    # Strawberry's window: the dispatch is scheduled, and its task starts a turn after that
    recorder = Recorder()
    loader = Loader(recorder, max_batch_size=500, cache=True)
    first = loader.load(1)
    await asyncio.sleep(0)
    second = loader.load(2)
    assert [await first, await second] == [2, 4]
    assert recorder.batches == [[1, 2]]


async def test_a_batch_holds_at_most_its_size() -> None:
    recorder = Recorder()
    loader = Loader(recorder, max_batch_size=2, cache=True)
    assert await loader.load_many([1, 2, 3, 4, 5]) == [2, 4, 6, 8, 10]
    assert recorder.batches == [[1, 2], [3, 4], [5]]


async def test_a_cached_key_is_read_once_per_loader_and_uncached_keys_every_time() -> None:
    cached, uncached = Recorder(), Recorder()
    with_cache = Loader(cached, max_batch_size=500, cache=True)
    without = Loader(uncached, max_batch_size=500, cache=False)
    for _ in range(2):
        assert list(await asyncio.gather(with_cache.load(7), with_cache.load(7))) == [14, 14]
        assert list(await asyncio.gather(without.load(7), without.load(7))) == [14, 14]
    assert cached.batches == [[7]]
    assert uncached.batches == [[7, 7], [7, 7]]


async def test_an_exception_value_fails_its_key_alone() -> None:
    async def batch(keys: list[int]) -> Sequence[int | BaseException]:
        return [ValueError(f"no {key}") if key == 2 else key for key in keys]

    loader = Loader(batch, max_batch_size=500, cache=True)
    one, two = loader.load(1), loader.load(2)
    assert await one == 1
    with pytest.raises(ValueError, match="no 2"):
        await two


async def test_a_failing_batch_or_a_wrong_count_fails_every_key() -> None:
    async def failing(keys: list[int]) -> Sequence[int]:
        raise LookupError("down")

    async def short(keys: list[int]) -> Sequence[int]:
        return keys[:1]

    down = Loader(failing, max_batch_size=500, cache=True)
    results = await asyncio.gather(down.load(1), down.load(2), return_exceptions=True)
    assert [str(result) for result in results] == ["down", "down"]
    miscounted = Loader(short, max_batch_size=500, cache=True)
    results = await asyncio.gather(miscounted.load(1), miscounted.load(2), return_exceptions=True)
    assert all(isinstance(result, WrongNumberOfResultsReturned) for result in results)
    assert str(results[0]) == (
        "Received wrong number of results in dataloader, expected: 2, received: 1"
    )


async def test_a_batch_nobody_waits_for_is_not_read_and_a_cancelled_key_is_read_again() -> None:
    recorder = Recorder()
    loader = Loader(recorder, max_batch_size=500, cache=True)
    loader.load(1).cancel()
    await asyncio.sleep(0.01)
    assert recorder.batches == []
    assert await asyncio.wait_for(loader.load(1), 1) == 2
    assert recorder.batches == [[1]]


async def test_a_read_is_cancelled_once_every_waiter_has_gone() -> None:
    slow = SlowRead()
    loader = Loader(slow, max_batch_size=500, cache=True)
    one, two = loader.load(1), loader.load(2)
    await slow.started.wait()
    one.cancel()
    await asyncio.sleep(0)
    assert not slow.cancelled.is_set()
    two.cancel()
    await asyncio.wait_for(slow.cancelled.wait(), 1)


async def test_a_released_loader_refuses_later_use_but_keeps_a_batch_still_to_run() -> None:
    recorder = Recorder()
    loader = Loader(recorder, max_batch_size=500, cache=True)
    pending = loader.load(1)
    loader.release()  # its batch has not run yet: kept
    assert await pending == 2
    loader.release()
    with pytest.raises(RuntimeError, match="current context"):
        await loader.load(1)


async def test_load_many_fails_with_the_first_failure_and_leaves_none_unseen(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def batch(keys: list[int]) -> Sequence[int | BaseException]:
        return [ValueError(f"no {key}") if key > 1 else key for key in keys]

    loader = Loader(batch, max_batch_size=500, cache=False)
    with pytest.raises(ValueError, match="no 2"):
        await loader.load_many([1, 2, 3])
    gc.collect()
    assert "never retrieved" not in caplog.text


async def test_cancelling_load_many_cancels_its_keys_and_so_their_read() -> None:
    slow = SlowRead()
    loader = Loader(slow, max_batch_size=500, cache=True)

    async def resolver() -> list[int]:
        return await loader.load_many([1, 2, 3])

    waiting = asyncio.create_task(resolver())
    await slow.started.wait()
    waiting.cancel()
    await asyncio.wait_for(slow.cancelled.wait(), 1)
    with pytest.raises(asyncio.CancelledError):
        await waiting


async def test_a_key_cancelled_by_another_waiter_fails_load_many_but_not_the_other_keys() -> None:
    release = asyncio.Event()

    async def gated(keys: list[int]) -> Sequence[int]:
        await release.wait()
        return keys

    loader = Loader(gated, max_batch_size=500, cache=True)
    many = asyncio.ensure_future(loader.load_many([1, 2]))
    await asyncio.sleep(0)
    loader.load(1).cancel()  # the cached future another resolver was given
    await asyncio.sleep(0)
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await many
    assert await loader.load(2) == 2
