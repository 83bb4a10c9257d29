"""The event path: wake-up link, per-process hub, resumable bounded streams."""

from subscriptions.hub import EventHub
from subscriptions.streams import EventStream
from subscriptions.wakeup import WakeupSupervisor

__all__ = ["EventHub", "EventStream", "WakeupSupervisor"]
