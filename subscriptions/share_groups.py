"""Share groups: one execution per event for every subscriber whose result must be the same.

Contract: `ShareGroup.result(share_id, execute)` returns the result of `execute()` for that
event, executed once for the members of the group that ask for it while it is kept (and again
only for a member that comes too late); a member's cancellation never cancels it for the
others. Which subscribers share a group (the share key: the operation's selection and the
viewer, transport/executor.py and resolvers/share_identity.py) is the caller's decision.

Each subscriber keeps its own source stream (a bounded queue over the event hub, or a
command-centre screen), so resuming from a cursor, falling behind and catching up from the
log, and filtering by scope stay exactly as they are for one subscriber. What is shared is
what costs: executing the selection set for an event (resolvers, SQL) and encoding the
result. The first member of a group to reach an event starts its execution as a task of its
own; every other member that reaches the same event awaits that task. A member that is
cancelled (its client left) does not cancel the execution the others wait for, and a slow
member never holds anyone up: it only finds the result gone and executes again.

A result is kept until every member the group had when it was produced has taken it, and at
most `RESULTS_KEPT` results per group are kept (older ones go first), so members that
receive different subsets of events (other `types:` or `under:`) cannot grow memory. Each
member holds its group and the registry holds groups weakly, so the last member leaving frees
the group.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
RESULTS_KEPT = 64


class SameObject:
    """A share id for an object that has no id of its own: equal only to the same object.

    It holds the object, so its `id()` cannot be reused by another while the id is in use.
    """

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SameObject) and other.value is self.value


class _Pending(Generic[T]):
    __slots__ = ("remaining", "task")

    def __init__(self, task: asyncio.Future[T], remaining: int) -> None:
        self.task = task
        self.remaining = remaining


def _retrieve(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()  # every awaiter sees it; this only keeps asyncio from logging it


class ShareGroup(Generic[T]):
    """The members of one share key, the context their executions run with, recent results."""

    def __init__(self, owner: SharedExecutions, key: Hashable, context: object) -> None:
        self.owner = owner
        self.key = key
        self.context = context
        self.members: weakref.WeakSet[object] = weakref.WeakSet()
        self._results: OrderedDict[Hashable, _Pending[T]] = OrderedDict()

    async def result(self, share_id: Hashable, execute: Callable[[], Awaitable[T]]) -> T:
        """The result for the event `share_id`: executed now, or the one being executed."""
        pending = self._results.get(share_id)
        if pending is None:
            task = asyncio.ensure_future(execute())
            task.add_done_callback(_retrieve)
            pending = _Pending(task, len(self.members))
            self.owner.metrics["shared_executions_total"] += 1
            if pending.remaining > 1:
                self._results[share_id] = pending
                while len(self._results) > RESULTS_KEPT:
                    self._results.popitem(last=False)
        else:
            self.owner.metrics["shared_reuses_total"] += 1
        pending.remaining -= 1
        if pending.remaining <= 0:
            self._results.pop(share_id, None)
        return await asyncio.shield(pending.task)


class SharedExecutions:
    """The share groups of one process (one per app), by key."""

    def __init__(self) -> None:
        self._groups: weakref.WeakValueDictionary[Hashable, ShareGroup[Any]] = (
            weakref.WeakValueDictionary()
        )
        self.metrics: dict[str, int] = {"shared_executions_total": 0, "shared_reuses_total": 0}

    def join(
        self, key: Hashable, member: object, make_context: Callable[[], object]
    ) -> ShareGroup[Any]:
        """The group of `key` (made, with its context, on first use), now with `member`.

        The member keeps the group alive; it leaves when it is garbage collected.
        """
        group = self._groups.get(key)
        if group is None:
            group = ShareGroup(self, key, make_context())
            self._groups[key] = group
        group.members.add(member)
        return group

    @property
    def groups(self) -> int:
        return len(self._groups)
