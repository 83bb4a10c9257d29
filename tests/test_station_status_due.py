"""The status job finds the stations due a change in the database: the same changes as
`derive_status`, and nothing read or built for a station that stays as it is."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import event, select

from db.engine import Database
from db.events.log import EventRow
from db.events.types import EventType
from db.statements import count_statements
from db.stations.models import ALL_WEEKDAYS, StationLiveRow, StationRow, StationStatus
from db.stations.status_due import statuses_due
from resolvers.stations.config import StationConfig
from resolvers.stations.status import derive_status, refresh_statuses, status_clock
from tests.station_fixtures import add_station
from tests.world import World

CONFIG = StationConfig(offline_seconds=120, busy_share=0.8)
# Monday 09:00 in China Standard Time.
BASE = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
HOURS = [(time(0), time(0)), (time(9), time(17)), (time(22), time(6))]
WEEKDAYS = [ALL_WEEKDAYS, 0b0000001, 0b1111110]  # every day, Mondays only, all but Monday
# (stored status, heartbeat, occupancy, reported open, reported at)
LIVES: list[tuple[StationStatus, datetime | None, int, bool | None, datetime | None]] = [
    (StationStatus.OPEN, BASE - timedelta(seconds=30), 0, None, None),
    (StationStatus.CLOSED, BASE - timedelta(seconds=30), 0, None, None),
    (StationStatus.BUSY, BASE - timedelta(seconds=30), 8, None, None),
    (StationStatus.OPEN, BASE - timedelta(seconds=30), 8, None, None),
    (StationStatus.BUSY, BASE - timedelta(seconds=30), -3, None, None),
    (StationStatus.OPEN, BASE - timedelta(seconds=200), 0, None, None),
    (StationStatus.CLOSED, None, 0, None, None),
    (StationStatus.OPEN, BASE + timedelta(hours=20), 0, False, BASE - timedelta(minutes=5)),
    (StationStatus.CLOSED, BASE + timedelta(hours=20), 9, True, BASE - timedelta(minutes=5)),
    (StationStatus.CLOSED, BASE + timedelta(hours=20), 0, True, BASE - timedelta(hours=10)),
    (StationStatus.OFFLINE, BASE - timedelta(seconds=30), 0, None, None),
]
MOMENTS = [
    BASE - timedelta(microseconds=1),
    BASE,
    BASE + timedelta(hours=8) - timedelta(seconds=1),
    BASE + timedelta(hours=8),
    BASE + timedelta(hours=14),
    BASE + timedelta(hours=16),
    BASE + timedelta(hours=22),
]


async def nobody_publishes(_ids: Any) -> None:
    return None


async def add_stations_with_lives(database: Database, world: World) -> None:
    variants = itertools.product(HOURS, WEEKDAYS, LIVES)
    for index, ((opens, closes), weekdays, live) in enumerate(variants):
        row = await add_station(
            database,
            world.orgs["community_a"],
            f"站{index:03d}",
            opens_at=opens,
            closes_at=closes,
            open_weekdays=weekdays,
        )
        async with database.transaction() as session:
            stored = await session.get_one(StationLiveRow, row.id)
            (stored.status, stored.last_heartbeat_at, stored.occupancy) = live[:3]
            (stored.reported_open, stored.reported_open_at) = live[3:]


async def expected_changes(
    database: Database, moment: datetime
) -> dict[int, tuple[StationStatus, StationStatus]]:
    async with database.session() as session:
        rows = (
            await session.execute(
                select(StationRow, StationLiveRow).join(
                    StationLiveRow, StationLiveRow.station_id == StationRow.id
                )
            )
        ).all()
    found: dict[int, tuple[StationStatus, StationStatus]] = {}
    for station, live in rows:
        new = derive_status(station, live, moment, CONFIG)
        if live.status != StationStatus.OFFLINE and new != live.status:
            found[station.id] = (live.status, new)
    return found


async def test_the_stations_due_are_those_whose_derived_status_differs(
    database: Database, world: World
) -> None:
    # given stations of every kind of hours, day and live state
    await add_stations_with_lives(database, world)
    for moment in MOMENTS:
        # when the job asks which stations are due at the moment
        async with database.session() as session:
            due = await statuses_due(session, status_clock(moment, CONFIG), limit=1000)
        # then they are those derive_status moves, from and to the same statuses
        expected = await expected_changes(database, moment)
        assert expected, moment
        assert {change.station_id: (change.old, change.new) for change in due} == expected


async def test_a_run_makes_and_records_the_changes_derive_status_gives(
    database: Database, world: World
) -> None:
    # given stations of every kind at Monday 17:00 local time
    await add_stations_with_lives(database, world)
    moment = MOMENTS[3]
    expected = await expected_changes(database, moment)
    # when the job runs
    made = await refresh_statuses(database, nobody_publishes, CONFIG, moment)
    # then every change is stored and recorded once, with its from and to
    async with database.session() as session:
        rows = await session.execute(select(StationLiveRow.station_id, StationLiveRow.status))
        stored = dict(rows.all())
        events = (
            await session.scalars(
                select(EventRow).where(EventRow.type == EventType.STATION_STATUS_CHANGED)
            )
        ).all()
    assert made == len(expected) == len(events)
    assert {event.entity_id: event.payload["changes"] for event in events} == {
        station_id: {"from": old.value, "to": new.value}
        for station_id, (old, new) in expected.items()
    }
    assert all(stored[station_id] == new for station_id, (_, new) in expected.items())


async def test_a_run_with_nothing_to_change_reads_no_station_and_a_fixed_number_of_statements(
    database: Database, world: World
) -> None:
    built: list[object] = []

    def count_built(target: object, _context: object) -> None:
        built.append(target)

    async def statements_of_a_quiet_run(stations: int) -> int:
        # given stations that are open around the clock and were heard from just now
        for index in range(stations):
            row = await add_station(database, world.orgs["community_a"], f"静{stations}-{index}")
            async with database.transaction() as session:
                stored = await session.get_one(StationLiveRow, row.id)
                stored.status, stored.last_heartbeat_at = StationStatus.OPEN, BASE
        # when the job runs
        for model in (StationRow, StationLiveRow):
            event.listen(model, "load", count_built)
        try:
            with count_statements(database.engine) as seen:
                assert await refresh_statuses(database, nobody_publishes, CONFIG, BASE) == 0
        finally:
            for model in (StationRow, StationLiveRow):
                event.remove(model, "load", count_built)
        return len(seen)

    few = await statements_of_a_quiet_run(3)
    many = await statements_of_a_quiet_run(30)
    # then the statements do not grow with the stations, and no station row was built
    assert few == many <= 3
    assert built == []


async def test_a_mass_change_is_made_in_transactions_of_at_most_the_batch(
    database: Database, world: World
) -> None:
    # given five stations open around the clock, all silent at the moment
    for index in range(5):
        row = await add_station(database, world.orgs["community_a"], f"断{index}")
        async with database.transaction() as session:
            stored = await session.get_one(StationLiveRow, row.id)
            stored.status, stored.last_heartbeat_at = StationStatus.OPEN, BASE
    published: list[int] = []

    async def count_published(ids: Iterable[int]) -> None:
        published.append(len(list(ids)))

    # when the job runs with batches of two
    later = BASE + CONFIG.offline_after * 2
    made = await refresh_statuses(database, count_published, CONFIG, later, batch=2)
    # then all five go offline, two, two and one per transaction, each recorded once
    assert made == 5
    assert published == [2, 2, 1]
    assert await expected_changes(database, later) == {}
