"""Demo stations: one per community, devices with recomputable tokens, history, idempotent."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select

from db.base import utcnow
from db.engine import Database
from db.organizations.models import GovernanceLevel, OrganizationRow
from db.stations.models import DeviceRow, StationRow
from db.stations.telemetry import StationHourRow, StationHourServiceRow
from generators.demo.seed import DEFAULT_SEED
from generators.demo.stations import demo_device_token, seed_stations
from tests.factories import create_organization


async def small_city(database: Database) -> OrganizationRow:
    async with database.transaction() as session:
        city = await create_organization(session, level=GovernanceLevel.CITY)
        for index in range(4):
            await create_organization(
                session, city, level=GovernanceLevel.COMMUNITY, name=f"第{index}社区党委"
            )
        return city


async def test_each_community_gets_a_station_with_three_devices(database: Database) -> None:
    city = await small_city(database)
    async with database.transaction() as session:
        summary = await seed_stations(session, root_path=city.path, seed=DEFAULT_SEED, now=utcnow())
    assert (summary.stations, summary.devices) == (4, 12)
    async with database.session() as session:
        names = list(await session.scalars(select(StationRow.name).order_by(StationRow.id)))
        devices = list(await session.scalars(select(DeviceRow)))
    assert names[0] == "第0社区党群服务站"
    for device in devices:
        token = demo_device_token(DEFAULT_SEED, device.id)
        assert hashlib.sha256(token.encode()).hexdigest() == device.token_hash


async def test_ninety_days_of_hourly_history_are_seeded(database: Database) -> None:
    city = await small_city(database)
    now = utcnow()
    async with database.transaction() as session:
        await seed_stations(session, root_path=city.path, seed=DEFAULT_SEED, now=now)
    async with database.session() as session:
        oldest = await session.scalar(select(func.min(StationHourRow.hour)))
        served = await session.scalar(select(func.sum(StationHourRow.served)))
        by_type = await session.scalar(select(func.sum(StationHourServiceRow.served)))
    assert oldest is not None
    assert now - oldest <= timedelta(days=90, hours=1)
    assert now - oldest >= timedelta(days=89)
    assert served == by_type
    assert (served or 0) > 0


async def test_seeding_twice_writes_nothing_more(database: Database) -> None:
    city = await small_city(database)
    async with database.transaction() as session:
        await seed_stations(session, root_path=city.path, seed=DEFAULT_SEED, now=utcnow())
    async with database.transaction() as session:
        again = await seed_stations(session, root_path=city.path, seed=DEFAULT_SEED, now=utcnow())
    assert not again.created
    async with database.session() as session:
        assert await session.scalar(select(func.count()).select_from(StationRow)) == 4
