"""Live groups: one source stream, one execution and one encoding per event for all the
websocket subscribers of one operation and viewer (the share key, transport/executor.py).

Contract: `member_rows` gives one subscriber every event of its scope that its filter
accepts, above `after`, in id order, each once: yielded while it replays privately, written
to its socket by the group (`send_now`) while it is live. The group calls `execute(row)` once
per wanted event for all its members. That per-event callback reaches back into the
transport's executor (and, through subscriptions/watches.py, the schema's root value of the
event): it is inherent, since the group runs the subscriber's own GraphQL operation, which
only the transport and schema know how to run. Everything else a member needs is plain
data: its roots, a predicate on the event and the predicate's key.

A group reads the event hub through one stream of its own. For each event it asks every
member whether the event is for it (its scope and filters, and newer than what it already
has); if any member wants it, the group executes the operation once and encodes the result
once, then builds each distinct frame once (members whose operations have the same id share
it: the frame differs only by that id) and writes it to each wanting member. Members that
watch the same scope with the same filter (an audience) are asked once per event: one group
serves one viewer, so equal filters accept the same events; per member what remains is a
comparison of ids, a dictionary look-up and a write that never waits for a socket. The
members are written in slices of FAN_OUT_SLICE with a turn of the event loop between them,
so one event for 10,000 members does not hold up commits, wake-ups and heartbeats.

Each member's own task (Strawberry's operation task) joins the group first, so every event
the group reads from then on is queued for it, and then:
- replays privately: reads the log from the last event it sent up to the group's position at
  the join (those events were all committed before the join, so the read sees them), and
  yields each event it accepts to Strawberry like any subscription (this is how `after:`
  resumes, and how a member that fell behind catches up);
- sends the frames of its outbox in order, skipping those the replay already delivered;
- once its outbox is empty and nothing of its is in flight, hands its socket to the group and
  sleeps: the group then writes each frame straight to the socket (`SendNow`), with no task
  woken and no queue per member. A write that cannot finish at once (the client reads slowly
  and the socket's buffer is full) is handed back to the member's task with the frames after
  it, through the outbox, until the outbox is empty again.

A member is cut loose when its outbox holds `outbox_size` frames (its client reads slower
than events come: it then reads the log at its own pace), or when a shared result has errors
(Strawberry formats those per subscriber, so the member replays that event privately). Every
event is either written, queued for the member or left for its next replay, and frames are
only sent above the last event sent, so nothing is lost or repeated; a slow member never
slows the group, and holds no more than its outbox and one frame in its socket's buffer.
A member whose client is gone ends quietly at its next frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Coroutine,
    Hashable,
    Sequence,
)
from contextvars import ContextVar
from typing import Any, Protocol
from weakref import WeakKeyDictionary

from db.events.log import EventRow, places_of
from db.paths import INBOX_PREFIX, SEPARATOR, is_within, minimal_roots
from subscriptions.frames import Frame
from subscriptions.hub import EventHub
from subscriptions.streams import EventStream

logger = logging.getLogger("zhdj.live_groups")

# Every place an event can be logged: organisations' subtrees and persons' inboxes.
EVERYTHING = (SEPARATOR, INBOX_PREFIX)
PIPELINE = 32  # events a group may be executing at once
FAN_OUT_SLICE = 1000  # members written between two turns of the event loop
Accept = Callable[[EventRow], bool]
Execute = Callable[[EventRow], Awaitable[str | None]]  # encoded `data`; None: not shareable
# Writes a frame now: True when written, False when the client is gone, or (the socket
# cannot take it yet) the rest of the send, to await: True once written, False if gone.
SendNow = Callable[[Frame], "bool | Coroutine[Any, Any, bool]"]


class LiveOperation(Protocol):
    """A websocket subscription operation as the transport runs it (transport/executor.py)."""

    @property
    def share_key(self) -> Hashable | None:
        """What its results depend on (None: they cannot be shared)."""

    async def encoded(self, payload: object) -> str | None:
        """The result's `data` for an event's root value, as JSON; None when it has errors."""


class LiveSocket(Protocol):
    """Where a member's frames go: its websocket, with the operation's frame prefix."""

    @property
    def prefix(self) -> bytes: ...

    def send_now(self, frame: Frame) -> bool | Coroutine[Any, Any, bool]: ...


# The operation and its socket, set by the transport in the operation's own task before the
# subscription's resolver runs; unset for HTTP, the legacy protocol, and tools.
CURRENT_OPERATION: ContextVar[LiveOperation | None] = ContextVar("zhdj_operation", default=None)
CURRENT_SOCKET: ContextVar[LiveSocket | None] = ContextVar("zhdj_socket", default=None)


class Member:
    """One subscriber of a group: what it wants, how far it got, its outbox."""

    __slots__ = ("accepts", "audience", "direct", "gone", "in_flight", "last_id", "live", "outbox",
                 "prefix", "roots", "send_now", "sent", "waiter", "woken")  # fmt: skip

    def __init__(
        self,
        roots: Sequence[str],
        accepts: Accept,
        accepts_key: Hashable,
        prefix: bytes,
        send_now: SendNow,
        sent: int,
    ) -> None:
        self.roots = tuple(minimal_roots(roots))
        self.accepts = accepts
        self.audience = (self.roots, accepts_key)
        self.prefix = prefix
        self.send_now = send_now
        self.last_id = sent  # the newest event written, in flight or in the outbox
        self.sent = sent  # the newest event written or in flight
        self.live = False
        self.direct = False  # the group writes straight to the socket
        self.gone = False  # the client is gone
        self.in_flight: Coroutine[Any, Any, bool] | None = None  # the rest of a write handed back
        # (event id, frame). A list, not a deque: every idle member holds an outbox, an empty
        # deque is 624 bytes (a list 56), and an outbox holds at most `outbox_size` frames.
        self.outbox: list[tuple[int, Frame]] = []
        # asyncio.Event's wait and clear without its deque of waiters (another 624 bytes).
        self.woken = False
        self.waiter: asyncio.Future[None] | None = None

    def wake(self) -> None:
        """Wakes the member's task, or makes its next `sleep` return at once."""
        self.woken = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def sleep(self) -> None:
        """Until woken since the last `sleep` returned."""
        if not self.woken:
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        self.woken = False


class LiveGroup:
    def __init__(self, groups: LiveGroups, key: Hashable, execute: Execute) -> None:
        self.groups = groups
        self.key = key
        self.execute_event = execute
        self.members: set[Member] = set()
        self._audiences: dict[tuple[tuple[str, ...], Hashable], set[Member]] = {}
        self._stream: EventStream = groups.hub.stream(EVERYTHING)
        self._pending: asyncio.Queue[tuple[EventRow, list[Member], asyncio.Task[str | None]]] = (
            asyncio.Queue(maxsize=PIPELINE)
        )
        self._tasks = [
            asyncio.create_task(self._read(), name="zhdj-live-group-read"),
            asyncio.create_task(self._deliver(), name="zhdj-live-group-deliver"),
        ]

    @property
    def position(self) -> int:
        """The id of the newest event the group has taken from the log."""
        return self._stream.last_id

    def join(self, member: Member) -> int:
        """Queue every event from now on for the member; the position it must replay up to."""
        member.live = True
        self.members.add(member)
        self._audiences.setdefault(member.audience, set()).add(member)
        return self.position

    def cut_loose(self, member: Member) -> None:
        member.live = member.direct = False
        self.members.discard(member)
        audience = self._audiences.get(member.audience)
        if audience is not None:
            audience.discard(member)
            if not audience:
                del self._audiences[member.audience]
        member.wake()

    async def leave(self, member: Member) -> None:
        self.cut_loose(member)
        if not self.members and self.groups.groups.get(self.key) is self:
            await self.groups.retire(self)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        while not self._pending.empty():
            self._pending.get_nowait()[2].cancel()
        await self._stream.aclose()

    async def _read(self) -> None:
        """Starts each wanted event's execution at once: a slow one (a busy database) does
        not hold up the executions of the next events, only their delivery, kept in order."""
        async for row in self._stream:
            # ORM attributes: read once, not per member. An event with several places
            # (also_paths) reaches the audiences whose roots hold any of them.
            event_id, paths = row.id, places_of(row)
            wanting = [
                member
                for (roots, _filter), audience in self._audiences.items()
                if any(is_within(path, root) for root in roots for path in paths)
                and next(iter(audience)).accepts(row)
                for member in audience
                if event_id > member.last_id
            ]
            if wanting:
                execution = asyncio.create_task(self._execute(row))
                await self._pending.put((row, wanting, execution))

    async def _execute(self, row: EventRow) -> str | None:
        try:
            return await self.execute_event(row)
        except Exception:
            logger.exception("a shared execution failed; its members replay the event alone")
            return None
        finally:
            self.groups.metrics["live_executions_total"] += 1

    async def _deliver(self) -> None:
        while True:
            row, wanting, execution = await self._pending.get()
            data = await execution
            body = None if data is None else data.encode()
            frames: dict[bytes, Frame] = {}  # by prefix
            event_id = row.id  # an ORM attribute: read once, not per member
            for start in range(0, len(wanting), FAN_OUT_SLICE):
                if start:
                    await asyncio.sleep(0)
                self._fan_out(event_id, wanting[start : start + FAN_OUT_SLICE], body, frames)
            self.groups.metrics["live_frames_total"] += len(wanting)

    def _fan_out(
        self, event_id: int, wanting: list[Member], body: bytes | None, frames: dict[bytes, Frame]
    ) -> None:
        limit = self.groups.outbox_size
        for member in wanting:
            # Cut loose meanwhile (also between two slices), or joined again after
            # replaying this very event.
            if not member.live or event_id <= member.last_id:
                continue
            if body is None or len(member.outbox) >= limit:
                self.groups.metrics["live_cut_loose_total"] += body is not None
                self.cut_loose(member)
                continue
            member.last_id = event_id
            frame = frames.get(member.prefix)
            if frame is None:
                frame = frames[member.prefix] = Frame(member.prefix + body + b"}}")
            if not member.direct:
                member.outbox.append((event_id, frame))
                member.wake()
                continue
            member.sent = event_id
            written = member.send_now(frame)
            if written is True:
                continue
            member.direct = False
            if written is False:
                member.gone = True
                self.cut_loose(member)
            else:
                member.in_flight = written
                member.wake()


class LiveGroups:
    """The live groups of one process, by share key; an outbox holds as many frames as a
    stream's queue holds events (ZHDJ_SUBSCRIBER_QUEUE_SIZE)."""

    def __init__(self, hub: EventHub) -> None:
        self.hub = hub
        self.outbox_size = hub.queue_size
        self.groups: dict[Hashable, LiveGroup] = {}
        self.subscribers = 0
        self.metrics = {"live_executions_total": 0, "live_frames_total": 0,
                        "live_cut_loose_total": 0}  # fmt: skip

    def figures(self) -> dict[str, int]:
        """For /metrics: counters, and the groups and subscribers now (gauges)."""
        return self.metrics | {
            "live_groups": len(self.groups),
            "live_subscribers": self.subscribers,
        }

    def group(self, key: Hashable, execute: Execute) -> LiveGroup:
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = LiveGroup(self, key, execute)
        return group

    async def retire(self, group: LiveGroup) -> None:
        del self.groups[group.key]
        await group.close()

    async def close(self) -> None:
        for group in list(self.groups.values()):
            await self.retire(group)


_registries: WeakKeyDictionary[EventHub, LiveGroups] = WeakKeyDictionary()


def live_groups_of(hub: EventHub) -> LiveGroups:
    """The process's live groups over `hub`, made on first use."""
    groups = _registries.get(hub)
    if groups is None:
        groups = _registries[hub] = LiveGroups(hub)
    return groups


async def member_rows(
    group: LiveGroup,
    send_now: SendNow,
    prefix: bytes,
    roots: Sequence[str],
    accepts: Accept,
    accepts_key: Hashable,
    after: int | None,
) -> AsyncGenerator[EventRow]:
    """One subscriber's events: yielded while it replays privately, written by the group
    (`send_now`) while it is live. See the module's notes."""
    hub = group.groups.hub
    sent = hub.position if after is None else after
    member = Member(roots, accepts, accepts_key, prefix, send_now, sent)
    group.groups.subscribers += 1
    try:
        while not member.gone:
            passed = group.join(member)
            while member.sent < passed:
                rows = await hub.read_log(member.sent, member.roots)
                if not rows:
                    break
                for row in rows:
                    member.sent = row.id
                    if accepts(row):
                        yield row
            member.last_id = max(member.last_id, member.sent)
            while not member.gone and (member.live or member.outbox or member.in_flight):
                if await _send_own(member):
                    continue
                member.direct = member.live
                await member.sleep()
    finally:
        group.groups.subscribers -= 1
        await group.leave(member)
        if member.in_flight is not None:  # handed back, never awaited
            member.in_flight.close()


async def _send_own(member: Member) -> bool:
    """Finish the write handed back, then send the outbox, in order; False if there was
    nothing to send."""
    if member.in_flight is None and not member.outbox:
        return False
    if member.in_flight is not None:
        rest, member.in_flight = member.in_flight, None
        member.gone = not await rest
    while member.outbox and not member.gone:
        event_id, frame = member.outbox.pop(0)
        if event_id > member.sent:
            member.sent = event_id
            written = member.send_now(frame)
            member.gone = not (written if isinstance(written, bool) else await written)
    return True
