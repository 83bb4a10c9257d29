"""The event path, from the log to each subscriber; every module states its contract.

- `wakeup`: one supervised broadcast link per process; carries wake-ups, never events.
- `hub`: the process's tail reader over the event log, fanned out to local streams.
- `streams`: one subscriber's resumable, bounded stream of events (replay, then live).
- `watches`: how resolvers subscribe: a plain `Watch` value, followed by `follow`.
- `live_groups`: websocket subscribers of one operation and viewer, served by one execution.
- `share_groups`: one execution per event for subscribers whose results must be the same.
- `screen_feeds`: coalesced snapshots for big screens, one computation per subtree.
- `frames`: JSON for the wire, encoded once for a whole group.
"""

from subscriptions.hub import EventHub
from subscriptions.streams import EventStream
from subscriptions.wakeup import WakeupSupervisor

__all__ = ["EventHub", "EventStream", "WakeupSupervisor"]
