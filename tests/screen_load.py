"""Load for the big screen: thousands of events through the API, quickly and deterministically.

Petitions raised by the resident, organisations renamed by the administrator, and stations
that flip OPEN ⇄ BUSY on every gateway batch of door-counter readings (one status event per
station per batch), each kind through the GraphQL API of whichever instance `http` reaches.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable

import httpx

from db.engine import Database
from db.stations.models import DeviceKind
from tests.graphql import execute
from tests.petition_support import petition_input
from tests.station_fixtures import add_device, add_station, reading
from tests.world import World

STATIONS = 24
CONCURRENCY = 6  # requests in flight at once

SUBMIT = (
    "mutation ($input: SubmitPetitionInput!) { submitPetition(input: $input) { petition { id } } }"
)
RENAME = """
mutation ($id: ID!, $name: String!) {
  updateOrganization(input: {id: $id, name: $name}) { organization { id } }
}
"""
RECORD = """
mutation ($readings: [ReadingInput!]!) {
  recordReadings(input: {readings: $readings}) { accepted statusChanges }
}
"""
RENAMED = ("grid_a1", "grid_a2", "grid_b1", "street_a", "street_b")


class Load:
    """Events through the API of whichever instance `http` reaches."""

    def __init__(self, world: World, doors: list[str], codes: dict[str, str]) -> None:
        self.world = world
        self.codes = codes
        self.doors = doors  # door counters of stations of capacity 10: 8 inside makes one BUSY
        self.seq = itertools.count(1)
        self.serial = itertools.count(1)
        self.inside = 0

    async def petitions(self, http: httpx.AsyncClient, count: int) -> None:
        async def one() -> None:
            title = f"负载诉求{next(self.serial)}"
            body = await execute(
                http,
                SUBMIT,
                {"input": petition_input(self.world, self.codes, title=title)},
                token=self.world.tokens["resident"],
            )
            assert "errors" not in body, body

        await in_parallel([one for _ in range(count)])

    async def renames(self, http: httpx.AsyncClient, count: int) -> None:
        async def one() -> None:
            serial = next(self.serial)
            org = RENAMED[serial % len(RENAMED)]
            name = f"{org}更名{serial}"
            body = await execute(
                http,
                RENAME,
                {"id": self.world.org_id(org), "name": name},
                token=self.world.tokens["admin"],
            )
            assert "errors" not in body, body

        await in_parallel([one for _ in range(count)])

    async def flips(self, http: httpx.AsyncClient, count: int) -> None:
        for _ in range(count):  # in order: each batch flips every station's status
            kind, self.inside = ("LEFT", 0) if self.inside else ("ENTERED", 8)
            seq = next(self.seq)
            batch = [reading(door, seq, kind, 8) for door in self.doors]
            body = await execute(http, RECORD, {"readings": batch})
            flipped = {"accepted": len(batch), "statusChanges": len(batch)}
            assert body["data"]["recordReadings"] == flipped, body

    async def round(
        self, http: httpx.AsyncClient, petitions: int, renames: int, flips: int
    ) -> None:
        await asyncio.gather(
            self.petitions(http, petitions), self.renames(http, renames), self.flips(http, flips)
        )


async def door_counters(database: Database, world: World) -> list[str]:
    """STATIONS stations open around the clock, a door counter each; the devices' tokens."""
    tokens = []
    for index in range(STATIONS):
        org = world.orgs[RENAMED[index % len(RENAMED)]]
        station = await add_station(
            database,
            org,
            f"第{index}党群服务站",
            longitude=120 + index % 6 / 10,
            latitude=30 + index // 6 / 10,
        )
        token = f"load-door-{index}"
        await add_device(database, station, DeviceKind.DOOR_COUNTER, token)
        tokens.append(token)
    return tokens


async def in_parallel(jobs: list[Callable[[], Awaitable[None]]]) -> None:
    """Run the coroutine factories `jobs`, CONCURRENCY at a time."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def gated(job: Callable[[], Awaitable[None]]) -> None:
        async with gate:
            await job()

    await asyncio.gather(*(gated(job) for job in jobs))
