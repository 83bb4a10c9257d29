"""Benchmark 5: station telemetry ingestion through the real API, with big screens subscribed
(target: >= 2,000 readings/s persisted while the screens keep receiving snapshots).

zhdj runs in its own process (`server.py serve`). The bench registers its own stations, each
with a door counter, through the API (createStation, addStationDevice) in the first community
the account sees; opens `--screens` commandCentre subscriptions over graphql-transport-ws on
that community; then `--gateways` clients send recordReadings batches of `--batch` readings
and `--singles` clients send recordReading one at a time, each waiting for its answer before
sending again. It reports readings persisted per second (the API's `accepted` counts), batch
and single latencies, the server's CPU share (and CPU per reading, the figure that noisy
neighbours disturb least), and the snapshots each screen received.

    .venv/bin/python -m bench.telemetry --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect

from bench.common import LOGIN, add_database_options, percentiles, query, report
from bench.progress import say
from bench.servers import REPOSITORY, running, zhdj_server

COMMUNITY = "{ organizations(filter: {levels: [COMMUNITY]}, first: 1) { nodes { id name } } }"
CREATE_STATION = """
mutation ($org: ID!, $name: String!) {
  createStation(input: {organizationId: $org, name: $name, address: "压测路1号",
    longitude: 120.15, latitude: 30.28, capacity: 100000, opensAt: "00:00:00",
    closesAt: "00:00:00", services: [PARTY_AFFAIRS]}) { station { id } }
}"""
ADD_COUNTER = """
mutation ($station: ID!) {
  addStationDevice(input: {stationId: $station, kind: DOOR_COUNTER, name: "压测计数器"}) { token }
}"""
BATCH = "mutation ($input: RecordReadingsInput!) { recordReadings(input: $input) { accepted } }"
SINGLE = "mutation ($input: ReadingInput!) { recordReading(input: $input) { accepted } }"
SCREEN = """
subscription ($under: ID) {
  commandCentre(under: $under) {
    generatedAt totals { stations visitorsNow servedToday byStatus { status count } }
    stations { id name status occupancy capacity }
  }
}"""


@dataclass
class Device:
    token: str
    seq: itertools.count[int] = field(default_factory=itertools.count)

    def reading(self) -> dict[str, Any]:
        seq = next(self.seq)
        return {
            "deviceToken": self.token,
            "seq": seq,
            "occurredAt": datetime.now(UTC).isoformat(),
            "kind": "LEFT" if seq % 2 else "ENTERED",  # occupancy stays small
            "value": 1,
        }


@dataclass
class Tally:
    """What one kind of sender achieved inside the measured window."""

    start: float
    end: float
    readings: int = 0
    latencies_ms: list[float] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        seconds = self.end - self.start
        return {
            "readings_per_second": round(self.readings / seconds, 1),
            "requests_per_second": round(len(self.latencies_ms) / seconds, 1),
        } | (percentiles(self.latencies_ms) if self.latencies_ms else {})


async def register(client: httpx.AsyncClient, token: str, count: int) -> tuple[str, list[Device]]:
    """`count` stations with a door counter each, in the account's first community."""
    community = (await query(client, token, COMMUNITY))["organizations"]["nodes"][0]
    run = datetime.now(UTC).strftime("%m%d%H%M%S")
    devices = []
    for index in range(count):
        created = await query(
            client, token, CREATE_STATION, org=community["id"], name=f"压测站{run}-{index:03d}"
        )
        station = created["createStation"]["station"]["id"]
        added = await query(client, token, ADD_COUNTER, station=station)
        devices.append(Device(added["addStationDevice"]["token"]))
    return community["id"], devices


async def screen(url: str, token: str, under: str, window: Tally, counts: list[int]) -> None:
    """One big screen: subscribes, then counts the snapshots that arrive within the window."""
    async with connect(url, subprotocols=["graphql-transport-ws"]) as socket:  # type: ignore[list-item]
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        await socket.send(json.dumps(init))
        subscribe = {"query": SCREEN, "variables": {"under": under}}
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
        index = len(counts)
        counts.append(0)
        while time.perf_counter() < window.end:
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=1))
            except TimeoutError:
                continue
            if message["type"] == "next" and time.perf_counter() >= window.start:
                counts[index] += 1
            elif message["type"] in ("error", "complete"):
                raise RuntimeError(f"screen subscription ended: {message}")


async def sender(client: httpx.AsyncClient, devices: list[Device], size: int, tally: Tally) -> None:
    """A gateway (size > 1, recordReadings) or a single device (recordReading) in a loop."""
    cycle = itertools.cycle(devices)
    while (begin := time.perf_counter()) < tally.end:
        if size == 1:
            data = await query(client, None, SINGLE, input=next(cycle).reading())
            accepted = data["recordReading"]["accepted"]
        else:
            readings = [next(cycle).reading() for _ in range(size)]
            data = await query(client, None, BATCH, input={"readings": readings})
            accepted = data["recordReadings"]["accepted"]
        if begin >= tally.start:
            tally.latencies_ms.append((time.perf_counter() - begin) * 1000)
            tally.readings += accepted


async def run(options: argparse.Namespace) -> None:
    say("starting zhdj …")
    server = zhdj_server(options.database_url, source=options.source)
    with running(server):
        await server.wait_ready()
        limits = httpx.Limits(max_connections=options.gateways + options.singles + 2)
        async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as client:
            variables = {"u": options.username, "p": options.password}
            token = (await query(client, None, LOGIN, **variables))["login"]["token"]
            say(f"registering {options.stations} stations with a door counter each …")
            under, devices = await register(client, token, options.stations)
            say(
                f"{options.screens} screens subscribe; {options.gateways} gateways (batches of "
                f"{options.batch}) and {options.singles} single devices send for "
                f"{options.warmup + 2:g} s warm-up, then {options.duration:g} s measured …"
            )
            now = time.perf_counter()
            window = (now + options.warmup + 2, now + options.warmup + 2 + options.duration)
            batches, singles = Tally(*window), Tally(*window)
            counts: list[int] = []
            url = server.url.replace("http", "ws") + "/graphql"
            screens = [screen(url, token, under, batches, counts) for _ in range(options.screens)]
            # Each gateway forwards its own devices, each single sender is one device: no two
            # senders contend for a device's row lock, as in the field.
            senders_count = options.gateways + options.singles
            groups = [devices[index::senders_count] for index in range(senders_count)]
            gateways, alone = groups[: options.gateways], groups[options.gateways :]
            senders = [
                *(sender(client, group, options.batch, batches) for group in gateways),
                *(sender(client, group, 1, singles) for group in alone),
            ]
            tasks = [asyncio.create_task(work) for work in (*screens, *senders)]
            await asyncio.sleep(max(0.0, window[0] - time.perf_counter()))
            cpu = server.cpu_seconds()
            await asyncio.gather(*tasks)
            cpu = (server.cpu_seconds() - cpu) / options.duration
            say("stopping zhdj …")
    total = batches.readings + singles.readings
    say(
        f"{total / options.duration:,.0f} readings/s, server {cpu:.2f} core "
        f"({cpu * 1000 * options.duration / max(total, 1):.3f} ms CPU/reading), snapshots per "
        f"screen {min(counts)}-{max(counts)}"
    )
    report(
        "telemetry",
        {
            "conditions": {
                key: getattr(options, key)
                for key in ("stations", "screens", "gateways", "batch", "singles", "duration")
            },
            "readings_per_second": round(total / options.duration, 1),
            "target_met": total / options.duration >= 2000,
            "batches": batches.figures(),
            "singles": singles.figures(),
            "screens": {
                "snapshots_per_screen_min": min(counts),
                "snapshots_per_screen_max": max(counts),
                "snapshots_total": sum(counts),
            },
            "server_cpu": round(cpu, 2),
            "server_cpu_ms_per_reading": round(cpu * 1000 * options.duration / max(total, 1), 3),
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_database_options(parser)
    parser.add_argument("--stations", type=int, default=24)
    parser.add_argument("--screens", type=int, default=10)
    parser.add_argument("--gateways", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--singles", type=int, default=4)  # stations >= gateways + singles
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--source", type=Path, default=REPOSITORY, help="server code to run")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
