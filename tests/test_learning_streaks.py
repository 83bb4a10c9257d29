"""Check-in streaks in China Standard Time: a day counts once, runs go on across month and
year ends, and the day is Beijing's whatever the UTC date."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from resolvers.learning.streaks import next_streak, streak_today
from resolvers.learning.study import check_in_today
from tests.graphql import execute
from tests.learning_support import at, context_of, make_learners
from tests.world import World


@pytest.mark.parametrize(
    ("yesterday", "today"),
    [
        (date(2026, 1, 31), date(2026, 2, 1)),  # a month end
        (date(2026, 2, 28), date(2026, 3, 1)),  # February's end in a common year
        (date(2028, 2, 28), date(2028, 2, 29)),  # a leap day
        (date(2028, 2, 29), date(2028, 3, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),  # a year end
    ],
)
def test_a_check_in_the_day_after_continues_the_run(yesterday: date, today: date) -> None:
    assert next_streak(yesterday, 6, today) == 7


def test_a_missed_day_starts_a_new_run_and_the_same_day_keeps_it() -> None:
    assert next_streak(date(2026, 1, 30), 6, date(2026, 2, 1)) == 1
    assert next_streak(date(2026, 2, 1), 6, date(2026, 2, 1)) == 6
    assert next_streak(None, 0, date(2026, 2, 1)) == 1


def test_the_run_shown_today_is_broken_once_a_whole_day_is_missed() -> None:
    assert streak_today(date(2026, 3, 1), 4, date(2026, 3, 1)) == 4  # checked in today
    assert streak_today(date(2026, 2, 28), 4, date(2026, 3, 1)) == 4  # today's still to come
    assert streak_today(date(2026, 2, 27), 4, date(2026, 3, 1)) == 0


async def test_late_evening_and_early_morning_in_beijing_are_two_days_though_one_utc_day(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1, who checks in at 23:30 Beijing time on 31 January (15:30 UTC)
    learners = await make_learners(database, world, app)
    context = await context_of(app, database, learners.accounts["m1"])
    first = await check_in_today(context, now=at("2026-01-31T15:30"))
    # when they check in again at 00:10 Beijing time on 1 February (16:10 UTC, 31 January)
    second = await check_in_today(context, now=at("2026-01-31T16:10"))
    # then those are two days in a row, across the month end
    assert (first.day, first.streak) == ("2026-01-31", 1)
    assert (second.day, second.streak, second.new) == ("2026-02-01", 2, True)


async def test_morning_and_night_of_one_beijing_day_are_one_check_in_though_two_utc_days(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 checked in at 07:00 Beijing time on 1 March (23:00 UTC, 28 February)
    learners = await make_learners(database, world, app)
    context = await context_of(app, database, learners.accounts["m1"])
    morning = await check_in_today(context, now=at("2026-02-28T23:00"))
    # when they check in again at 22:00 Beijing time (14:00 UTC, 1 March)
    night = await check_in_today(context, now=at("2026-03-01T14:00"))
    # then it is the same day: answered, not counted again
    assert (morning.day, night.day) == ("2026-03-01", "2026-03-01")
    assert (night.new, night.streak) == (False, 1)


async def test_three_days_running_then_a_gap_keeps_the_longest_run(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 checks in on 30 and 31 December and 1 January (Beijing noon), then on 3 January
    learners = await make_learners(database, world, app)
    context = await context_of(app, database, learners.accounts["m1"])
    runs = [
        await check_in_today(context, now=at(moment))
        for moment in (
            "2025-12-30T04:00",
            "2025-12-31T04:00",
            "2026-01-01T04:00",
            "2026-01-03T04:00",
        )
    ]
    # then the run reached 3 across the year end, and began again after the gap
    assert [done.streak for done in runs] == [1, 2, 3, 1]
    assert runs[-1].longest == 3


async def test_checking_in_over_graphql_shows_the_day_and_the_streak(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1's own account
    learners = await make_learners(database, world, app)
    token = learners.token("m1")
    check_in = "mutation { checkInStudy { streak alreadyCheckedIn study { checkedInToday currentStreak totalCheckIns } } }"
    # when they check in twice today
    first = (await execute(client, check_in, token=token))["data"]["checkInStudy"]
    again = (await execute(client, check_in, token=token))["data"]["checkInStudy"]
    # then today counts once, with a run of 1
    assert first == {"streak": 1, "alreadyCheckedIn": False,
                     "study": {"checkedInToday": True, "currentStreak": 1, "totalCheckIns": 1}}  # fmt: skip
    assert again["alreadyCheckedIn"]
    assert again["study"]["totalCheckIns"] == 1


async def test_two_check_ins_at_once_on_the_first_day_count_once(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1, who never studied, checks in from two tabs at once
    learners = await make_learners(database, world, app)
    token = learners.token("m1")
    check_in = "mutation { checkInStudy { streak alreadyCheckedIn } }"
    answers = await asyncio.gather(*(execute(client, check_in, token=token) for _ in range(4)))
    # then every answer is the day's one check-in, written once
    assert all("errors" not in answer for answer in answers), answers
    fresh = [a["data"]["checkInStudy"]["alreadyCheckedIn"] for a in answers].count(False)
    assert fresh == 1
    body = await execute(client, "{ myStudy { totalCheckIns currentStreak } }", token=token)
    assert body["data"]["myStudy"] == {"totalCheckIns": 1, "currentStreak": 1}
