"""graphql-core's resolver helpers without a reference cycle through the executor.

graphql-core 3.3 gives every executor `async_helpers`, a tuple of two of its own bound
methods: executor → helpers → method → executor, a cycle only the garbage collector frees,
and with it everything the executor holds (collected fields, their lists and tuples: about
100 objects a request, issue 12). The helpers here do the same work while holding the
executor weakly; it is alive whenever a resolver can call them (the operation holds it, and a
subscription's event copies hold the subscription's), so nothing changes but the cycle.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Sequence
from typing import Any

from graphql import GraphQLResolveInfoHelpers
from graphql.execution import Executor
from graphql.pyutils import gather_with_cancel


def _gather(values: Sequence[Awaitable[Any]]) -> Awaitable[list[Any]]:
    return gather_with_cancel(*values)


class _Track:
    """`Executor.track_async_work` of an executor held weakly."""

    __slots__ = ("_executor",)

    def __init__(self, executor: Executor[Any]) -> None:
        self._executor = weakref.ref(executor)

    def __call__(self, values: Sequence[Any]) -> None:
        executor = self._executor()
        if executor is not None:
            executor.track_async_work(values)


def acyclic_helpers(executor: Executor[Any]) -> GraphQLResolveInfoHelpers:
    """What `executor.async_helpers` holds, without holding `executor`."""
    return GraphQLResolveInfoHelpers(gather=_gather, track=_Track(executor))
