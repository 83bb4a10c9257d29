"""The client's cost budget on every HTTP answer, in the IETF draft's header names
(draft-ietf-httpapi-ratelimit-headers: RateLimit-Limit, -Remaining, -Reset), which client
libraries read to pace themselves before they are refused."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import MutableHeaders


def add_rate_limit_headers(headers: MutableHeaders, cost: Mapping[str, Any] | None) -> None:
    """From the `extensions.cost` report of an executed query or mutation: the bucket's size,
    the whole points left, and the seconds until it is full again."""
    status = (cost or {}).get("throttleStatus")
    if not status:
        return
    limit, available = status["maximumAvailable"], status["currentlyAvailable"]
    headers["RateLimit-Limit"] = str(int(limit))
    headers["RateLimit-Remaining"] = str(max(0, math.floor(available)))
    headers["RateLimit-Reset"] = str(math.ceil(max(0.0, limit - available) / status["restoreRate"]))
