"""Shared subscription execution: equal subscribers cost one execution per event, and every
guarantee of the event path (resume, bounded queues, scope, audit) still holds.

Subscriptions run in process (Strawberry's `subscribe`, each on its own source stream) test
the shared executions of schema/sharing.py; the websocket test at the end, live groups."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import print_ast
from sqlalchemy import select
from starlette.applications import Starlette

import transport.executor
from db.accounts.models import Role
from db.audit import AuditEntryRow
from db.engine import Database
from db.events.log import append_event
from db.members.models import MemberRow
from db.organizations.models import OrganizationRow
from db.statements import count_statements
from resolvers.context import Context, Services
from server import Settings
from subscriptions.frames import EncodedOnce
from tests.factories import create_account, token_for
from tests.graphql import execute
from tests.station_fixtures import build_stations, reading
from tests.waits import until
from tests.world import World
from tests.ws import SubscriptionClient, event_path, until_async
from transport.schema import build_schema

EVENTS = """
subscription ($after: String, $under: ID) {
  events(after: $after, under: $under) {
    cursor type
    ... on MemberEvent { member { name phone } }
    ... on OrganizationEvent { organization { name } }
  }
}
"""
SCHEMA = build_schema()
QUEUE_SIZE = 3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"subscriber_queue_size": QUEUE_SIZE})


@pytest.fixture
def services(app: Starlette) -> Services:
    services: Services = app.state.services
    return services


class Subscriber:
    """One subscription run in a task, collecting its payloads."""

    def __init__(self, stream: AsyncGenerator[Any, None]) -> None:
        self.stream = stream
        self.received: list[dict[str, Any]] = []
        self.reading = asyncio.Event()
        self.reading.set()
        self.task = asyncio.create_task(self._collect())

    async def _collect(self) -> None:
        async for result in self.stream:
            assert not result.errors, result.errors
            self.received.append(result.data["events"])
            await self.reading.wait()

    @property
    def cursors(self) -> list[str]:
        return [event["cursor"] for event in self.received]

    async def close(self) -> None:
        self.task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self.task


async def subscribe(
    services: Services,
    token: str,
    variables: dict[str, Any] | None = None,
    document: str = EVENTS,
) -> Subscriber:
    context = Context(services, cache_reads=False)
    await context.authenticate(token)
    streams_before = services.hub.metrics["streams"]
    stream = await SCHEMA.subscribe(document, variable_values=variables, context_value=context)
    subscriber = Subscriber(stream)
    await until(lambda: services.hub.metrics["streams"] > streams_before, 5, "the subscription")
    return subscriber


@pytest.fixture
async def subscribers() -> AsyncIterator[list[Subscriber]]:
    opened: list[Subscriber] = []
    yield opened
    for subscriber in opened:
        await subscriber.close()


async def emit(services: Services, row: MemberRow | OrganizationRow) -> int:
    """An update event of `row`, appended and announced as a mutation does."""
    kind = "member" if isinstance(row, MemberRow) else "organization"
    path = row.org_path if isinstance(row, MemberRow) else row.path
    async with services.database.transaction() as session:
        event = await append_event(
            session,
            type=f"{kind}.updated",
            org_path=path,
            entity_type=kind,
            entity_id=row.id,
            account_id=None,
            payload={"changes": {"fields": ["name"]}},
        )
    await services.hub.publish([event.id])
    return event.id


def executions(services: Services) -> int:
    return services.shared.metrics["shared_executions_total"]


async def test_equal_subscribers_cost_one_execution_and_one_member_read_per_event(
    services: Services, world: World, subscribers: list[Subscriber]
) -> None:
    subscribers += [await subscribe(services, world.tokens["admin"]) for _ in range(5)]
    before = executions(services)
    with count_statements(services.database.engine) as statements:
        for _ in range(3):
            await emit(services, world.members["m1"])
        await until(lambda: all(len(s.received) == 3 for s in subscribers), 5, "three events each")
    assert executions(services) - before == 3
    assert len([sql for sql in statements if "FROM members" in sql]) == 3
    assert len({tuple(s.cursors) for s in subscribers}) == 1
    assert subscribers[0].received[0]["member"]["phone"] == world.members["m1"].phone


async def test_the_share_key_of_a_document_is_worked_out_once_for_all_its_subscribers(
    services: Services,
    world: World,
    subscribers: list[Subscriber],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed: list[object] = []

    def counting_print_ast(node: Any) -> str:
        printed.append(node)
        return print_ast(node)

    monkeypatch.setattr(transport.executor, "print_ast", counting_print_ast)
    document = EVENTS + "# a text no other test subscribes with\n"
    subscribers += [await subscribe(services, world.tokens["admin"], document=document)
                    for _ in range(3)]  # fmt: skip
    assert len(printed) == 1
    before = executions(services)
    await emit(services, world.members["m1"])
    await until(lambda: all(len(s.received) == 1 for s in subscribers), 5, "the event")
    assert executions(services) - before == 1


async def test_viewers_of_the_same_roles_share_across_accounts_and_scopes(
    app: Starlette,
    services: Services,
    database: Database,
    world: World,
    subscribers: list[Subscriber],
) -> None:
    async with database.transaction() as session:
        second = await create_account(session, [(Role.GRID_WORKER, world.orgs["grid_a1"])])
    second_token = token_for(app.state.services.tokens, second)
    subscribers.append(await subscribe(services, world.tokens["grid_worker"]))
    subscribers.append(await subscribe(services, second_token, {"under": world.org_id("grid_a1")}))
    before = executions(services)
    await emit(services, world.members["m1"])
    await until(lambda: all(len(s.received) == 1 for s in subscribers), 5, "the event")
    assert executions(services) - before == 1
    assert all(s.received[0]["member"]["phone"].count("*") == 4 for s in subscribers)


async def test_viewers_with_different_roles_do_not_share(
    services: Services, world: World, subscribers: list[Subscriber]
) -> None:
    for role in ("admin", "secretary", "grid_worker"):
        subscribers.append(await subscribe(services, world.tokens[role]))
    before = executions(services)
    await emit(services, world.members["m1"])
    await until(lambda: all(len(s.received) == 1 for s in subscribers), 5, "the event")
    assert executions(services) - before == 3
    phones = [s.received[0]["member"]["phone"] for s in subscribers]
    assert phones[:2] == [world.members["m1"].phone] * 2
    assert phones[2].count("*") == 4


async def test_a_resumed_subscriber_replays_then_joins_the_group_exactly_once_in_order(
    services: Services, world: World, subscribers: list[Subscriber]
) -> None:
    live = await subscribe(services, world.tokens["admin"])
    subscribers.append(live)
    for index in range(3):
        await emit(services, world.members["m1"] if index % 2 else world.orgs["grid_a1"])
    await until(lambda: len(live.received) == 3, 5, "three live events")

    resumed = await subscribe(services, world.tokens["admin"], {"after": live.cursors[0]})
    subscribers.append(resumed)
    await until(lambda: len(resumed.received) == 2, 5, "the replay")
    before = executions(services)
    await emit(services, world.members["m1"])
    await until(lambda: len(live.received) == 4 and len(resumed.received) == 3, 5, "the live event")
    assert executions(services) - before == 1
    assert resumed.cursors == live.cursors[1:]
    await asyncio.sleep(0.3)
    assert len(resumed.received) == 3


async def test_a_slow_subscriber_does_not_hold_up_its_group_and_still_gets_every_event(
    services: Services, world: World, subscribers: list[Subscriber]
) -> None:
    fast = await subscribe(services, world.tokens["admin"])
    slow = await subscribe(services, world.tokens["admin"])
    subscribers += [fast, slow]
    slow.reading.clear()  # takes its first event, then stops reading
    lagged = services.hub.metrics["lagged_total"]
    count = QUEUE_SIZE * 3
    for _ in range(count):
        await emit(services, world.members["m1"])
    await until(lambda: len(fast.received) == count, 5, "every event at the fast subscriber")
    assert len(slow.received) == 1
    assert services.hub.metrics["lagged_total"] > lagged
    slow.reading.set()
    await until(lambda: len(slow.received) == count, 5, "the slow subscriber catching up")
    assert slow.cursors == fast.cursors


async def personal_reads(database: Database) -> list[int]:
    async with database.session() as session:
        rows = await session.scalars(
            select(AuditEntryRow).where(AuditEntryRow.action == "member.personal_data_read")
        )
        return sorted(row.account_id or 0 for row in rows)


async def test_unmasked_reads_in_shared_executions_are_audited_for_each_account(
    services: Services, database: Database, world: World, subscribers: list[Subscriber]
) -> None:
    for role in ("secretary", "secretary", "admin", "grid_worker", "grid_worker"):
        subscribers.append(await subscribe(services, world.tokens[role]))
    await emit(services, world.members["m1"])
    await until(lambda: all(len(s.received) == 1 for s in subscribers), 5, "the event")
    assert await personal_reads(database) == sorted(
        [world.accounts["secretary"].id, world.accounts["admin"].id]
    )


PHONE = "mutation ($id: ID!, $phone: String!) { updateMember(input: {id: $id, phone: $phone}) { member { id } } }"


async def test_websocket_subscribers_are_served_by_one_live_group_per_viewer_and_audited(
    live_server: str, database: Database, world: World
) -> None:
    roles = ["secretary", "secretary", "grid_worker", "grid_worker"]
    clients = [await SubscriptionClient.open(live_server, token=world.tokens[r]) for r in roles]
    for client in clients:
        await client.subscribe(EVENTS)
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as http:
        await until_async(lambda: event_path(http), lambda f: f["live_subscribers"] == 4)
        body = await execute(
            http, PHONE, {"id": world.member_id("m1"), "phone": "13900000000"},
            token=world.tokens["admin"],
        )  # fmt: skip
        assert "errors" not in body, body
        events = [(await client.next_payload())["data"]["events"] for client in clients]
        figures = await event_path(http)
    assert figures["live_groups"] == 2
    assert figures["live_executions_total"] == 2
    assert [event["member"]["phone"] for event in events[:2]] == ["13900000000"] * 2
    assert all(event["member"]["phone"].count("*") == 4 for event in events[2:])
    assert await personal_reads(database) == [world.accounts["secretary"].id]
    for client in clients:
        await client.close()


async def test_an_aborted_subscriber_leaves_its_group_quietly_and_the_others_still_get_events(
    live_server: str, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    staying, aborted = [await SubscriptionClient.open(live_server, token=world.tokens["admin"])
                        for _ in range(2)]  # fmt: skip
    for client in (staying, aborted):
        await client.subscribe(EVENTS)
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as http:
        await until_async(lambda: event_path(http), lambda f: f["live_subscribers"] == 2)
        aborted.connection.transport.abort()  # no close frame
        body = await execute(
            http, PHONE, {"id": world.member_id("m1"), "phone": "13900000000"},
            token=world.tokens["admin"],
        )  # fmt: skip
        assert "errors" not in body, body
        assert (await staying.next_payload())["data"]["events"]["member"]["phone"]
        await until_async(lambda: event_path(http), lambda f: f["live_subscribers"] == 1)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    await staying.close()


SCREEN = (
    "subscription { commandCentre { totals { stations visitorsNow } stations { name occupancy } } }"
)
RECORD = "mutation ($input: ReadingInput!) { recordReading(input: $input) { accepted } }"


async def test_command_centre_screens_execute_and_encode_each_snapshot_once(
    services: Services, database: Database, world: World, client: httpx.AsyncClient
) -> None:
    stations = await build_stations(database, world)
    screens: list[AsyncGenerator[Any, None]] = []
    for _ in range(3):
        context = Context(services, cache_reads=False)
        await context.authenticate(world.tokens["admin"])
        screens.append(await SCHEMA.subscribe(SCREEN, context_value=context))
    await asyncio.gather(*(screen.__anext__() for screen in screens))
    before = dict(services.shared.metrics)
    await execute(client, RECORD, {"input": reading(stations.token("station_a"), 1, "ENTERED")})
    seconds = await asyncio.gather(*(screen.__anext__() for screen in screens))
    assert [s.data["commandCentre"]["totals"]["visitorsNow"] for s in seconds] == [1, 1, 1]
    assert isinstance(seconds[0].data, EncodedOnce)
    assert (
        services.shared.metrics["shared_executions_total"] - before["shared_executions_total"] == 1
    )
    assert services.shared.metrics["shared_reuses_total"] - before["shared_reuses_total"] == 2
    for screen in screens:
        await screen.aclose()
