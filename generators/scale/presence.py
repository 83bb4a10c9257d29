"""City-scale presence figures 在场: the kept per-member monthly figures for the last six
months, drawn directly (the scale city holds no meetings or dues to count them from), so the
absent-members list and a member's presence read at city scale. About one Party member in
thirty has none (口袋党员 candidates); the others were present most months: dues paid, now and
then a meeting or an activity check-in. Deterministic; records are tuples for COPY."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date

PRESENCE_COLUMNS = ("member_id", "month", "meetings", "dues_months", "check_ins")
MONTHS = 6
ABSENT_SHARE = 1 / 30


def _months_back(this_month: date, count: int) -> list[date]:
    index = this_month.year * 12 + this_month.month - 1
    return [date((index - n) // 12, (index - n) % 12 + 1, 1) for n in range(count)]


def presence_records(
    member_ids: Sequence[int], this_month: date, seed: int = 20261206
) -> Iterator[tuple[int, date, int, int, int]]:
    rng = random.Random(seed)
    months = _months_back(this_month, MONTHS)
    for member_id in member_ids:
        if rng.random() < ABSENT_SHARE:
            continue
        for month in months:
            dues = 1 if rng.random() < 0.9 else 0
            meetings = rng.choice((0, 1, 1, 2))
            check_ins = 1 if rng.random() < 0.1 else 0
            if dues or meetings or check_ins:
                yield (member_id, month, meetings, dues, check_ins)
