"""The client's cost budget on every HTTP answer, in the IETF draft's header names
(draft-ietf-httpapi-ratelimit-headers: RateLimit-Limit, -Remaining, -Reset), which client
libraries read to pace themselves before they are refused."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def add_rate_limit_headers(
    raw_headers: list[tuple[bytes, bytes]], cost: Mapping[str, Any] | None
) -> None:
    """From the `extensions.cost` report of an executed query or mutation: the bucket's size,
    the whole points left, and the seconds until it is full again; appended to an answer's
    raw headers, which hold none of them yet (cheaper than setting each by name)."""
    status = (cost or {}).get("throttleStatus")
    if not status:
        return
    limit, available = status["maximumAvailable"], status["currentlyAvailable"]
    reset = math.ceil(max(0.0, limit - available) / status["restoreRate"])
    raw_headers += (
        (b"ratelimit-limit", b"%d" % int(limit)),
        (b"ratelimit-remaining", b"%d" % max(0, math.floor(available))),
        (b"ratelimit-reset", b"%d" % reset),
    )
