"""Months as dues count them: a `date` on the month's first day, written `YYYY-MM`; the
current month is China time's."""

from __future__ import annotations

import re
from datetime import date, datetime

from db.base import china_day, utcnow
from resolvers.errors import BadUserInput

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_of(day: date) -> date:
    return day.replace(day=1)


def current_month(now: datetime | None = None) -> date:
    return month_of(china_day(now or utcnow()))


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from `first` to `last`, both included (none when last < first)."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [add_months(first, n) for n in range(max(count, 0))]


def last_month_due(this_month: date, closed_month: date | None) -> date:
    """The last month an account owes up to now: this one, or the month its member left the
    platform (组织关系转出: db/dues/closing.py) if that is earlier."""
    return this_month if closed_month is None else min(this_month, closed_month)


def format_month(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str, *, field: str) -> date:
    found = _MONTH.match(text.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1950:
        raise BadUserInput(
            f"`{field}` must be a month written YYYY-MM, such as 2026-03; got {text!r}.",
            field=field,
        )
    return date(int(found.group(1)), int(found.group(2)), 1)
