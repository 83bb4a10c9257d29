"""The device simulator: demo stations' telemetry through the ingestion path."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time
from typing import cast

import pytest
from sqlalchemy import func, select

from db.base import utcnow
from db.engine import Database
from db.organizations.models import GovernanceLevel
from db.stations.models import DeviceKind, ServiceType, StationLiveRow, StationStatus
from db.stations.telemetry import ReadingKind, ReadingRow
from generators.demo.seed import DEFAULT_SEED, ROOT_CODE
from generators.demo.stations import seed_stations
from jobs.simulator import SimStation, Simulator
from resolvers.stations.config import StationConfig
from resolvers.stations.telemetry import ReadingDraft
from tests.factories import create_organization

NO_DATABASE = cast(Database, None)  # generate() never touches it


async def nobody_publishes(_ids: object) -> None:
    return None


def simulator(database: Database, rate: float) -> Simulator:
    return Simulator(database, nobody_publishes, StationConfig(), rate=rate, rng=random.Random(3))


def station(inside: int = 0) -> SimStation:
    return SimStation(
        station_id=1,
        capacity=50,
        opens_at=time(8, 30),
        closes_at=time(20, 0),
        weekdays=0b1111111,
        services=[ServiceType.LEGAL_AID],
        tokens={kind: kind.value for kind in DeviceKind},
        seqs=dict.fromkeys(DeviceKind, 0),
        inside=inside,
    )


def at_local(hour: int) -> datetime:
    return datetime(2026, 11, 24, (hour - 8) % 24, 0, tzinfo=UTC)


async def seed_small_demo(database: Database) -> None:
    """The demo city's root and three communities, with the demo's stations (1 day of history)."""
    async with database.transaction() as session:
        city = await create_organization(session, code=ROOT_CODE, level=GovernanceLevel.CITY)
        for index in range(3):
            await create_organization(
                session,
                city,
                level=GovernanceLevel.COMMUNITY,
                longitude=120.1 + index / 100,
                latitude=30.2,
            )
        await seed_stations(
            session, root_path=city.path, seed=DEFAULT_SEED, now=utcnow(), history_days=1
        )


async def test_the_simulator_drives_the_demo_stations_through_ingestion(database: Database) -> None:
    await seed_small_demo(database)
    sim = simulator(database, rate=300)
    sent = await sim.tick()
    assert len(sim.stations) == 3
    assert sent > 0
    async with database.session() as session:
        stored = await session.scalar(select(func.count()).select_from(ReadingRow))
        offline = await session.scalar(
            select(func.count())
            .select_from(StationLiveRow)
            .where(StationLiveRow.status == StationStatus.OFFLINE)
        )
    assert stored == sent
    assert offline == 0


def kinds(readings: list[ReadingDraft]) -> list[ReadingKind]:
    return [reading.kind for reading in readings]


@pytest.mark.parametrize(("hour", "expected_visits"), [(3, False), (12, True)])
def test_visitors_come_only_during_opening_hours(hour: int, expected_visits: bool) -> None:
    sim = Simulator(NO_DATABASE, nobody_publishes, StationConfig(), rate=50, rng=random.Random(1))
    sim.stations = [station()]
    found = kinds(sim.generate(at_local(hour), 1.0))
    assert (ReadingKind.ENTERED in found) is expected_visits


def test_lunchtime_fills_the_station_more_than_the_afternoon() -> None:
    inside = {}
    for hour in (12, 15):
        sim = Simulator(
            NO_DATABASE, nobody_publishes, StationConfig(), rate=5, rng=random.Random(2)
        )
        sim.stations = [station()]
        for _ in range(400):
            sim.generate(at_local(hour), 1.0)
        inside[hour] = sim.stations[0].inside
    assert inside[12] > inside[15] > 0


def test_everyone_still_inside_leaves_at_closing_time() -> None:
    # given a station open in the evening with people inside
    sim = Simulator(NO_DATABASE, nobody_publishes, StationConfig(), rate=1, rng=random.Random(4))
    sim.stations = [station()]
    sim.generate(at_local(19), 1.0)
    sim.stations[0].inside = 12
    # when the first interval after closing time is generated
    found = kinds(sim.generate(at_local(21), 1.0))
    # then the door counter sees all twelve leave and nobody is left inside
    assert found.count(ReadingKind.LEFT) == 12
    assert sim.stations[0].inside == 0


def test_a_simulated_power_cut_silences_the_station() -> None:
    sim = Simulator(
        NO_DATABASE,
        nobody_publishes,
        StationConfig(),
        rate=50,
        outage_every=1e-9,
        rng=random.Random(1),
    )
    sim.stations = [station()]
    assert sim.generate(at_local(12), 1.0) == []
    assert sim.stations[0].outage_until is not None
