"""The resolver `info` type and the service clock, shared by every schema module."""

from __future__ import annotations

from datetime import date

import strawberry

from db.base import china_day, utcnow
from resolvers.context import Context

Info = strawberry.Info[Context, None]


def today() -> date:
    """Ages and 'today' follow China Standard Time, as users read them."""
    return china_day(utcnow())
