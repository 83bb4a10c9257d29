"""The wake-up link: one supervised broadcaster subscription per process.

Contract: `on_wake()` is called for every wake-up any process publishes on the channel while
the link is up, and `on_gap()` after every (re)connect, when wake-ups may have been missed;
`publish(message)` returns whether the broker took it and never raises. The supervisor
reconnects by itself; `connected` says the link is proven live by its own heartbeat.

The broadcast carries only wake-ups (the newest event id as text); the `events` table is the
truth. broadcaster 0.3.1 has no reconnect, and its Redis listener task ends for good when the
connection drops, after which `next_published()` just waits forever. So the supervisor:

- proves every link live with a heartbeat round trip on the same channel (its own heartbeat
  must come back within `heartbeat_timeout`), which catches a silently dead listener without
  looking at the backend's private attributes;
- treats any exception from `publish`/`next_published` as a dead link too;
- tears a dead link down and reconnects with capped, jittered exponential backoff;
- calls `on_gap()` after every (re)connect, because wake-ups may have been missed meanwhile,
  and sends one wake-up to the other processes for the ones it could not send itself.

The first heartbeat round trip also guards against a second broadcaster 0.3.1 problem: with
redis-py >= 5 its Redis listener can miss the very first SUBSCRIBE and never start listening;
subscribing again (idempotent on every backend) wakes it up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections.abc import Callable

from broadcaster._backends.base import BroadcastBackend

from subscriptions.backends import BackendFactory, check_url, make_backend

logger = logging.getLogger("zhdj.subscriptions")

CHANNEL = "zhdj.events"
HEARTBEAT_PREFIX = "hb:"
# Any message that is not a heartbeat is a wake-up; this one is sent after every (re)connect.
CONNECTED_MESSAGE = "connected"


class LinkDead(Exception):
    """The broadcast link stopped working; the message says how we noticed."""


def backoff_delay(attempt: int, *, initial: float, maximum: float) -> float:
    """Exponential backoff with 'equal jitter': a random delay in [base/2, base]."""
    base = min(maximum, initial * 2 ** min(attempt, 32))
    return random.uniform(base / 2, base)


class WakeupSupervisor:
    """Holds one subscription on `channel`, keeps it alive, and reports wake-ups and gaps."""

    def __init__(
        self,
        url: str,
        *,
        on_wake: Callable[[], None],
        on_gap: Callable[[], None],
        channel: str = CHANNEL,
        heartbeat_interval: float = 5.0,
        heartbeat_timeout: float = 10.0,
        connect_timeout: float = 10.0,
        publish_timeout: float = 5.0,
        backoff_initial: float = 0.2,
        backoff_max: float = 30.0,
        backend_factory: BackendFactory = make_backend,
    ) -> None:
        if heartbeat_interval <= 0 or heartbeat_timeout <= 0:
            raise ValueError("heartbeat_interval and heartbeat_timeout must be positive")
        if backend_factory is make_backend:
            check_url(url)
        self.url = url
        self.channel = channel
        self.heartbeat_interval = heartbeat_interval
        self.heartbeat_timeout = heartbeat_timeout
        self.connect_timeout = connect_timeout
        self.publish_timeout = publish_timeout
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self._on_wake = on_wake
        self._on_gap = on_gap
        self._backend_factory = backend_factory
        self._instance = uuid.uuid4().hex
        self._heartbeat_seq = 0
        self._heartbeat_echoed = 0
        self._echo = asyncio.Event()
        self._link_lost = asyncio.Event()
        self._first_attempt = asyncio.Event()
        self._publish_lock = asyncio.Lock()
        self._backend: BroadcastBackend | None = None
        self._connected = False
        self._attempt = 0
        self._warned_offline = False
        self._task: asyncio.Task[None] | None = None
        self.connects = 0
        self.publish_failures = 0

    @property
    def connected(self) -> bool:
        """True while the link is proven live by its heartbeat."""
        return self._connected

    @property
    def reconnects(self) -> int:
        return max(0, self.connects - 1)

    async def start(self) -> None:
        """Start supervising; waits (at most `connect_timeout`) for the first connect attempt.

        A broker that is down at start-up does not fail start(): `connected` stays False (so
        /readyz says not ready) and the supervisor keeps retrying in the background.
        """
        if self._task is not None:
            raise RuntimeError("the wake-up supervisor is already started")
        self._task = asyncio.create_task(self._supervise(), name="zhdj-wakeup-supervisor")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.connect_timeout + 1.0):
                await self._first_attempt.wait()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        logger.info("broadcast link to %s stopped", self._safe_url)

    async def publish(self, message: str) -> bool:
        """Send a wake-up; never raises. Returns whether the broker accepted it.

        A lost wake-up only delays delivery: the hubs' poll and gap catch-up read the log.
        """
        backend = self._backend
        if backend is None or not self._connected:
            if not self._warned_offline:
                self._warned_offline = True
                logger.warning(
                    "broadcast link is down; wake-up %s not sent (other instances will "
                    "pick the event up from the log when they poll or reconnect)",
                    message,
                )
            self.publish_failures += 1
            return False
        try:
            async with asyncio.timeout(self.publish_timeout):
                await self._send(backend, message)
        except Exception as exc:
            self.publish_failures += 1
            logger.warning("broadcast publish of wake-up %s failed: %r", message, exc)
            if backend is self._backend:
                self._connected = False  # suspect at once; the supervisor reconnects
                self._link_lost.set()
            return False
        return True

    # -- the supervision loop -------------------------------------------------------------

    async def _supervise(self) -> None:
        while True:
            backend: BroadcastBackend | None = None
            reason: BaseException | None = None
            connects_before = self.connects
            try:
                backend = self._backend_factory(self.url)
                await self._run_link(backend)
            except Exception as exc:
                reason = exc
            finally:
                was_connected = self.connects > connects_before
                self._connected = False
                self._backend = None
                if backend is not None:
                    await self._teardown(backend)
            self._first_attempt.set()
            delay = backoff_delay(
                self._attempt, initial=self.backoff_initial, maximum=self.backoff_max
            )
            self._attempt += 1
            if was_connected:
                logger.warning(
                    "broadcast link to %s lost (%s); reconnecting in %.2fs",
                    self._safe_url,
                    _describe(reason),
                    delay,
                )
            else:
                logger.warning(
                    "broadcast link to %s could not be established (%s); retrying in %.2fs",
                    self._safe_url,
                    _describe(reason),
                    delay,
                )
            await asyncio.sleep(delay)

    async def _run_link(self, backend: BroadcastBackend) -> None:
        """Connect, then run the reader and the heartbeat until one of them fails."""
        self._link_lost.clear()
        async with asyncio.timeout(self.connect_timeout):
            await backend.connect()
            await backend.subscribe(self.channel)
        self._backend = backend
        reader = asyncio.create_task(self._read(backend), name="zhdj-wakeup-reader")
        keepalive = asyncio.create_task(self._keepalive(backend), name="zhdj-wakeup-heartbeat")
        try:
            done, _pending = await asyncio.wait(
                {reader, keepalive}, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for task in (reader, keepalive):
                task.cancel()
            await asyncio.gather(reader, keepalive, return_exceptions=True)
        for task in done:
            if not task.cancelled() and (error := task.exception()) is not None:
                raise error
        raise LinkDead("the listener stopped")

    async def _read(self, backend: BroadcastBackend) -> None:
        while True:
            event = await backend.next_published()
            message = str(event.message)
            if message.startswith(HEARTBEAT_PREFIX):
                self._note_heartbeat(message)
                continue
            try:
                self._on_wake()
            except Exception:
                logger.exception("on_wake callback failed")

    async def _keepalive(self, backend: BroadcastBackend) -> None:
        await self._handshake(backend)
        self.connects += 1
        self._connected = True
        self._warned_offline = False
        if self.connects == 1:
            logger.info("broadcast link to %s connected", self._safe_url)
        else:
            logger.info(
                "broadcast link to %s reconnected (reconnect #%d); catching up from the log",
                self._safe_url,
                self.reconnects,
            )
        self._notify_gap()
        self._first_attempt.set()
        # Wake the other processes too: wake-ups this process could not send while its link
        # was down would otherwise wait for their poll.
        async with asyncio.timeout(self.publish_timeout):
            await self._send(backend, CONNECTED_MESSAGE)
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.heartbeat_interval):
                    await self._link_lost.wait()
            if self._link_lost.is_set():
                raise LinkDead("a publish failed")
            seq = await self._heartbeat(backend)
            if not await self._echoed(seq, self.heartbeat_timeout):
                raise LinkDead(f"heartbeat not echoed within {self.heartbeat_timeout:g}s")
            self._attempt = 0  # the link has stayed up for a full heartbeat: back off afresh

    async def _handshake(self, backend: BroadcastBackend) -> None:
        """Heartbeat round trips until one comes back, re-subscribing between tries."""
        step = min(0.25, self.heartbeat_timeout)
        async with asyncio.timeout(self.connect_timeout):
            while True:
                seq = await self._heartbeat(backend)
                if await self._echoed(seq, step):
                    return
                logger.debug("no heartbeat echo yet on %s; subscribing again", self._safe_url)
                await backend.subscribe(self.channel)
                step = min(step * 2, self.heartbeat_timeout)

    async def _heartbeat(self, backend: BroadcastBackend) -> int:
        self._heartbeat_seq += 1
        seq = self._heartbeat_seq
        async with asyncio.timeout(self.publish_timeout):
            await self._send(backend, f"{HEARTBEAT_PREFIX}{self._instance}:{seq}")
        return seq

    async def _send(self, backend: BroadcastBackend, message: str) -> None:
        # Serialised: the PostgreSQL backend shares one connection for LISTEN and NOTIFY.
        async with self._publish_lock:
            await backend.publish(self.channel, message)

    def _note_heartbeat(self, message: str) -> None:
        instance, _, seq = message.removeprefix(HEARTBEAT_PREFIX).partition(":")
        if instance != self._instance or not seq.isdigit():
            return  # another process's heartbeat
        self._heartbeat_echoed = max(self._heartbeat_echoed, int(seq))
        self._echo.set()

    async def _echoed(self, seq: int, within: float) -> bool:
        try:
            async with asyncio.timeout(within):
                while self._heartbeat_echoed < seq:
                    self._echo.clear()
                    await self._echo.wait()
        except TimeoutError:
            return False
        return True

    def _notify_gap(self) -> None:
        try:
            self._on_gap()
        except Exception:
            logger.exception("on_gap callback failed")

    async def _teardown(self, backend: BroadcastBackend) -> None:
        try:
            async with asyncio.timeout(self.connect_timeout):
                await backend.disconnect()
        except Exception as exc:
            logger.debug("disconnecting the broadcast backend failed: %r", exc)

    @property
    def _safe_url(self) -> str:
        """The URL without credentials, for logs."""
        scheme, sep, rest = self.url.partition("://")
        return f"{scheme}{sep}{rest.rpartition('@')[2]}"


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "unknown reason"
    if isinstance(error, TimeoutError):
        return "timed out"
    return str(error) or type(error).__name__
