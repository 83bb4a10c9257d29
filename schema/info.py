"""The resolver `info` type and the service clock, shared by every schema module."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import strawberry

from resolvers.context import Context

Info = strawberry.Info[Context, None]

CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def today() -> date:
    """Ages and 'today' follow China Standard Time, as users read them."""
    return datetime.now(UTC).astimezone(CHINA_STANDARD_TIME).date()
