"""A request's batching loader: Strawberry's DataLoader contract at a fraction of its calls.

Every load on a page went through Strawberry's `DataLoader`: a cache object whose key
function is a lambda, a batch found by two helpers, a dataclass per key, and per batch a
scheduled closure plus a done-callback lambda; a loader cost two objects to make and three
calls to release. Grid and outline pages make 5 to 18 loaders and load 6 to 13 keys, so
this was some 4% of their calls. `Loader` keeps what resolvers rely on, exactly:

- keys loaded within the same two loop turns form one batch (the dispatch is scheduled with
  `call_soon`, and the batch's task starts on the turn after), at most `max_batch_size` keys;
- with `cache`, a key's future is kept for the request and given to every later load of it
  (unless it was cancelled); without, each load is a key of its own in the batch;
- a batch function's value that is an exception fails that key alone; a batch function that
  raises, or answers with a wrong number of values, fails every key of the batch;
- a batch whose every future was cancelled is not read, or is cancelled while it reads (and
  takes no more keys: Strawberry's would, and leave them waiting);
- `load_many` answers, fails and is cancelled as `asyncio.gather` of the loads (`_all`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from strawberry.exceptions import WrongNumberOfResultsReturned

K = TypeVar("K")
V = TypeVar("V")

BatchFunction = Callable[[list[K]], Awaitable[Sequence[V | BaseException]]]


async def _request_over(keys: list[Any]) -> Sequence[Any]:
    raise RuntimeError("a loader was used after its request ended: use the current context's")


class _Batch(Generic[K, V]):
    """Keys waiting for one call of the batch function, and their futures."""

    __slots__ = ("dispatched", "futures", "keys", "load_fn", "loop", "task")

    def __init__(self, load_fn: BatchFunction[K, V], loop: asyncio.AbstractEventLoop) -> None:
        self.load_fn = load_fn
        self.loop = loop
        self.keys: list[K] = []
        self.futures: list[asyncio.Future[V]] = []
        self.dispatched = False
        self.task: asyncio.Task[None] | None = None
        loop.call_soon(self._schedule)

    def _schedule(self) -> None:
        self.task = self.loop.create_task(self._dispatch())

    def on_future_done(self, future: asyncio.Future[V]) -> None:
        """Cancel the read once every key's waiter has gone. The batch counts as dispatched
        then: cancelled before its first step, it would otherwise take later keys that no
        read answers (Strawberry's DataLoader waits for ever on them)."""
        task = self.task
        if (
            future.cancelled()
            and task is not None
            and not task.done()
            and all(waiting.cancelled() for waiting in self.futures)
        ):
            self.dispatched = True
            task.cancel()

    async def _dispatch(self) -> None:
        self.dispatched = True
        futures = self.futures
        if not futures or all(future.cancelled() for future in futures):
            return
        # A future answered needs no watching for its cancellation: unhooked before it is
        # answered, its watch is not scheduled as a callback only to find nothing to do.
        watch = self.on_future_done
        try:
            values = list(await self.load_fn(list(self.keys)))
            if len(values) != len(futures):
                raise WrongNumberOfResultsReturned(expected=len(futures), received=len(values))
            for future, value in zip(futures, values, strict=True):
                if future.cancelled():
                    continue
                future.remove_done_callback(watch)
                if isinstance(value, BaseException):
                    future.set_exception(value)
                else:
                    future.set_result(value)
        except Exception as error:
            for future in futures:
                if not future.cancelled():
                    future.remove_done_callback(watch)
                    future.set_exception(error)


def _seen(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


async def _all(futures: list[asyncio.Future[V]]) -> list[V]:
    """`asyncio.gather(*futures)` without a callback per future: a batch answers its keys at
    once, so after the first await the rest are done. As gather does, it fails with the first
    failure (the first in key order, within one batch the first answered), marks later
    failures seen, and cancels every future when the task awaiting it is cancelled (and none
    when one future is cancelled by another waiter)."""
    try:
        return [await future for future in futures]
    except BaseException:
        task = asyncio.current_task()
        cancelling = task is not None and task.cancelling() > 0
        for future in futures:
            if cancelling:
                future.cancel()
            elif future.done():
                _seen(future)
            else:
                future.add_done_callback(_seen)
        raise


class Loader(Generic[K, V]):
    """Loads keys in batches through `load_fn` (see the module's notes)."""

    __slots__ = ("_futures", "batch", "cache", "load_fn", "max_batch_size")

    def __init__(self, load_fn: BatchFunction[K, V], *, max_batch_size: int, cache: bool) -> None:
        self.load_fn = load_fn
        self.max_batch_size = max_batch_size
        self.cache = cache
        self.batch: _Batch[K, V] | None = None
        self._futures: dict[K, asyncio.Future[V]] = {}

    def load(self, key: K) -> asyncio.Future[V]:
        if self.cache:
            known = self._futures.get(key)
            if known is not None and not known.cancelled():
                return known
        batch = self.batch
        if (
            batch is None
            or batch.dispatched
            or not batch.futures
            or len(batch.futures) >= self.max_batch_size
        ):
            batch = self.batch = _Batch(self.load_fn, asyncio.get_running_loop())
        future: asyncio.Future[V] = asyncio.Future(loop=batch.loop)  # create_future, less its frame
        future.add_done_callback(batch.on_future_done)
        batch.keys.append(key)
        batch.futures.append(future)
        if self.cache:
            self._futures[key] = future
        return future

    def load_many(self, keys: Iterable[K]) -> Awaitable[list[V]]:
        """The keys' values in order: loaded now, awaited as `asyncio.gather` awaits them."""
        return _all([self.load(key) for key in keys])

    def release(self) -> None:
        """Forget what this loader read, and its batch function. That function is its
        owner's (a bound method or a closure over it) and the owner holds the loader: a
        reference cycle, freed only by the garbage collector, with every future and row the
        loader cached (issue 12). A loader with a batch still to run keeps its function."""
        if self.batch is not None and not self.batch.dispatched:
            return
        self._futures.clear()
        self.batch = None
        self.load_fn = _request_over
