"""Check-in streaks 连续打卡 in China Standard Time days.

A day is the calendar day in Asia/Shanghai (UTC+8, no daylight saving) of the server's clock,
whatever the client's zone: 23:30 in Beijing on 31 January and 00:10 on 1 February are two
days in a row, though both fall on 31 January in UTC. Days are compared as dates, so a run
goes on across month and year ends (and 29 February) as across any other midnight.
"""

from __future__ import annotations

from datetime import date, timedelta


def next_streak(last_day: date | None, current: int, day: date) -> int:
    """The run a check-in on `day` makes: one more than the run ending yesterday, else 1 (the
    same day again keeps the run: a day counts once)."""
    if last_day == day:
        return current
    if last_day is not None and last_day == day - timedelta(days=1):
        return current + 1
    return 1


def streak_today(last_day: date | None, current: int, today: date) -> int:
    """The run as it stands `today`: still alive when the last check-in was today or
    yesterday (today's is still to come), broken (0) when a whole day was missed."""
    if last_day is None or last_day < today - timedelta(days=1):
        return 0
    return current
