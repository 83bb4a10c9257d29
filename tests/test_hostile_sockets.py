"""Hostile websocket messages, on both protocols: the same document guards as over HTTP (also
for persisted queries), malformed messages closed with 4400 and the reason, never an
internal error, and none holds the event loop for more than 100 ms."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import pytest

from tests.hostile_support import LOOP_BUDGET, fragment_bomb
from tests.loop_lag import LoopWatch
from tests.world import World
from tests.ws import LEGACY_WS, TRANSPORT_WS, SubscriptionClient

PROTOCOLS = [TRANSPORT_WS, LEGACY_WS]
BOMB = fragment_bomb(30, "subscription", "Subscription").replace("__typename", "events { type }")
START = {TRANSPORT_WS: "subscribe", LEGACY_WS: "start"}


def first_error(message: dict[str, Any]) -> dict[str, Any]:
    """The error of an `error` message (a list over graphql-transport-ws, one object over
    the legacy protocol)."""
    assert message["type"] == "error", message
    payload = message["payload"]
    error: dict[str, Any] = payload[0] if isinstance(payload, list) else payload
    return error


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_fragment_bomb_subscription_is_refused_in_milliseconds(
    live_server: str, world: World, protocol: str
) -> None:
    client = await SubscriptionClient.open(
        live_server, token=world.tokens["admin"], protocol=protocol
    )
    # CPU time of this process: what the document costs, however busy the machine is
    started = time.process_time()
    async with LoopWatch() as loop:
        await client.subscribe(BOMB)
        error = first_error(await client.receive())
    assert time.process_time() - started < 0.5
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert loop.longest < LOOP_BUDGET
    await client.close()


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_persisted_fragment_bomb_is_refused_too(
    live_server: str, world: World, protocol: str
) -> None:
    # given the bomb sent with its hash (so the text would be kept, were it valid)
    client = await SubscriptionClient.open(
        live_server, token=world.tokens["admin"], protocol=protocol
    )
    persisted = {"version": 1, "sha256Hash": hashlib.sha256(BOMB.encode()).hexdigest()}
    payload = {"query": BOMB, "extensions": {"persistedQuery": persisted}}
    await client.send({"id": "1", "type": START[protocol], "payload": payload})
    assert first_error(await client.receive())["extensions"]["code"] == (
        "GRAPHQL_VALIDATION_FAILED"
    )
    # when the hash alone comes again, then the same guard refuses it
    await client.send(
        {
            "id": "2",
            "type": START[protocol],
            "payload": {"extensions": {"persistedQuery": persisted}},
        }
    )
    assert first_error(await client.receive())["extensions"]["code"] == (
        "GRAPHQL_VALIDATION_FAILED"
    )
    await client.close()


async def test_anonymous_subscriptions_have_the_anonymous_limits(live_server: str) -> None:
    client = await SubscriptionClient.open(live_server)
    aliases = " ".join(f"a{i}: __typename" for i in range(11))
    await client.subscribe(f"subscription {{ events {{ {aliases} }} }}")
    error = first_error(await client.receive())
    assert "11 aliases" in error["message"]
    await client.close()


MALFORMED: list[tuple[str, object]] = [
    ("a number", 5),
    ("a list", [1, 2]),
    ("a type that is a number", {"type": 1}),
    ("an id that is an object", {"type": "START", "id": {"a": 1}, "payload": {}}),
    ("a payload that is a list", {"type": "START", "id": "1", "payload": [1]}),
    ("a query that is a number", {"type": "START", "id": "1", "payload": {"query": 5}}),
    (
        "variables that are a list",
        {"type": "START", "id": "1", "payload": {"query": "{ __typename }", "variables": [1]}},
    ),
    ("no id", {"type": "START", "payload": {"query": "{ __typename }"}}),
    ("a stop without an id", {"type": "STOP"}),
]


def _message(message: object, protocol: str) -> str:
    text = json.dumps(message)
    stop = "complete" if protocol == TRANSPORT_WS else "stop"
    return text.replace('"START"', f'"{START[protocol]}"').replace('"STOP"', f'"{stop}"')


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize(("name", "message"), MALFORMED, ids=[name for name, _ in MALFORMED])
async def test_a_malformed_message_closes_the_connection_with_the_reason(
    live_server: str, protocol: str, name: str, message: object
) -> None:
    client = await SubscriptionClient.open(live_server, protocol=protocol)
    async with LoopWatch() as loop:
        await client.connection.send(_message(message, protocol))
        code, reason = await client.closed()
    assert code == 4400
    assert str(reason).startswith("Invalid message")
    assert loop.longest < LOOP_BUDGET


async def test_a_long_syntax_error_still_fits_a_close_frame(live_server: str) -> None:
    # graphql-transport-ws closes on a syntax error with its message, which can name a token
    # of any length; a close frame carries 123 bytes at most
    client = await SubscriptionClient.open(live_server)
    await client.subscribe("{ __typename } " + "x" * 5000)
    code, reason = await client.closed()
    assert code == 4400
    assert str(reason).startswith("Syntax Error")
    assert len(str(reason).encode()) <= 123


async def test_a_message_over_the_size_limit_ends_the_connection(live_server: str) -> None:
    client = await SubscriptionClient.open(live_server)
    await client.connection.send(json.dumps({"type": "ping", "payload": "x" * (2 << 20)}))
    code, _reason = await client.closed()
    assert code == 1009  # message too big


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_json_nested_100_000_deep_is_not_a_message(live_server: str, protocol: str) -> None:
    client = await SubscriptionClient.open(live_server, protocol=protocol)
    async with LoopWatch() as loop:
        await client.connection.send("[" * 100_000 + "]" * 100_000)
        if protocol == TRANSPORT_WS:
            code, _ = await client.closed()
            assert code == 4400
        else:  # the legacy protocol ignores what is not JSON, and carries on
            await client.subscribe("{ __typename }")  # it runs subscriptions only
            assert first_error(await client.receive())["extensions"]["code"] == "BAD_REQUEST"
    assert loop.longest < LOOP_BUDGET
