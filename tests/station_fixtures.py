"""Stations with devices on top of the shared test world, and readings to send them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import insert

from db.base import utcnow
from db.engine import Database
from db.organizations.models import OrganizationRow
from db.stations.models import (
    DeviceKind,
    DeviceRow,
    ServiceType,
    StationLiveRow,
    StationRow,
    station_live_defaults,
)
from resolvers.stations.telemetry import hash_token
from schema.relay import to_global_id
from tests.world import World

AROUND_THE_CLOCK = time(0, 0)


@dataclass
class Stations:
    """station_a in community_a (capacity 10), station_b in community_b (capacity 20), each
    with a door counter, a camera and a service terminal; open around the clock."""

    world: World
    rows: dict[str, StationRow] = field(default_factory=dict)
    tokens: dict[tuple[str, DeviceKind], str] = field(default_factory=dict)

    def station_id(self, name: str) -> str:
        return to_global_id("Station", self.rows[name].id)

    def token(self, name: str, kind: DeviceKind = DeviceKind.DOOR_COUNTER) -> str:
        return self.tokens[(name, kind)]


async def add_station(
    database: Database, org: OrganizationRow, name: str, **overrides: Any
) -> StationRow:
    values: dict[str, Any] = {
        "organization_id": org.id,
        "org_path": org.path,
        "name": name,
        "address": f"{name}地址",
        "longitude": org.longitude or 120.15,
        "latitude": org.latitude or 30.28,
        "capacity": 10,
        "opens_at": AROUND_THE_CLOCK,
        "closes_at": AROUND_THE_CLOCK,
        "services": [ServiceType.PARTY_AFFAIRS.value, ServiceType.LEGAL_AID.value],
    } | overrides
    async with database.transaction() as session:
        row = StationRow(**values)
        session.add(row)
        await session.flush()
        await session.execute(insert(StationLiveRow), [station_live_defaults(row.id, utcnow())])
    return row


async def add_device(database: Database, station: StationRow, kind: DeviceKind, token: str) -> None:
    async with database.transaction() as session:
        session.add(
            DeviceRow(
                station_id=station.id, kind=kind, name=kind.value, token_hash=hash_token(token)
            )
        )


async def build_stations(database: Database, world: World) -> Stations:
    stations = Stations(world)
    places = {
        "station_a": (world.orgs["community_a"], 10, (120.10, 30.20)),
        "station_b": (world.orgs["community_b"], 20, (121.50, 31.20)),
    }
    for name, (org, capacity, (longitude, latitude)) in places.items():
        row = await add_station(
            database, org, name, capacity=capacity, longitude=longitude, latitude=latitude
        )
        stations.rows[name] = row
        for kind in DeviceKind:
            token = f"token-{name}-{kind.value}"
            await add_device(database, row, kind, token)
            stations.tokens[(name, kind)] = token
    return stations


def reading(
    token: str,
    seq: int,
    kind: str,
    value: int = 1,
    *,
    at: datetime | None = None,
    service: str | None = None,
) -> dict[str, Any]:
    """A ReadingInput as GraphQL variables."""
    moment = at or utcnow() - timedelta(seconds=1)
    item: dict[str, Any] = {
        "deviceToken": token,
        "seq": seq,
        "occurredAt": moment.isoformat(),
        "kind": kind,
        "value": value,
    }
    if service is not None:
        item["serviceType"] = service
    return item
