"""Operations counted, timed and logged by name, the names bounded."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests.graphql import execute
from tests.world import World
from transport.metrics import PENDING_LIMIT, Metrics

NAMED = "query Me { viewer { username } }"


def test_names_beyond_the_bound_count_as_other() -> None:
    # given room for two names
    metrics = Metrics(dict, operation_names=2)

    # when three distinct names arrive, the first again, and an unnamed one
    labels = [metrics.label_for(n) for n in ["A", "B", "C", "A", None]]

    # then
    assert labels == ["A", "B", "other", "A", "anonymous"]


def test_recorded_operations_are_counted_whenever_the_metrics_are_read() -> None:
    # given operations recorded (their counting waits for a reading)
    metrics = Metrics(dict)
    metrics.record("query", "A", "ok", 0.01)
    metrics.record("subscription", "S", "ok", 5.0)

    # when the registry is read, then each is counted, and timed unless a subscription
    sample = metrics.registry.get_sample_value
    assert sample("zhdj_graphql_operations_total", {"type": "query", "outcome": "ok"}) == 1
    assert sample("zhdj_graphql_named_operations_total", {"operation": "S", "outcome": "ok"}) == 1
    assert sample("zhdj_graphql_named_operation_seconds_count", {"operation": "A"}) == 1
    assert sample("zhdj_graphql_operation_seconds_sum", {"type": "query"}) == 0.01
    assert sample("zhdj_graphql_named_operation_seconds_count", {"operation": "S"}) is None
    # and once only, however often it is read
    metrics.render()
    assert sample("zhdj_graphql_operations_total", {"type": "query", "outcome": "ok"}) == 1


def test_operations_waiting_to_be_counted_are_bounded() -> None:
    metrics = Metrics(dict)
    for _ in range(PENDING_LIMIT):
        metrics.record("query", "A", "ok", 0.01)
    # counted without a reading, none left waiting
    assert not metrics._pending
    sample = metrics.registry.get_sample_value
    assert (
        sample("zhdj_graphql_operations_total", {"type": "query", "outcome": "ok"}) == PENDING_LIMIT
    )


async def test_a_named_operation_has_its_own_series(
    client: httpx.AsyncClient, world: World
) -> None:
    await execute(client, NAMED, token=world.tokens["admin"])

    text = (await client.get("/metrics")).text

    assert 'zhdj_graphql_named_operations_total{operation="Me",outcome="ok"} 1.0' in text
    assert 'zhdj_graphql_named_operation_seconds_count{operation="Me"} 1.0' in text


async def test_each_operation_leaves_one_log_line_with_its_fields(
    client: httpx.AsyncClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    # when
    with caplog.at_level(logging.INFO, logger="zhdj.operations"):
        await execute(client, NAMED, token=world.tokens["admin"])

    # then
    (line,) = [r for r in caplog.records if r.name == "zhdj.operations"]
    assert line.getMessage().startswith("query Me ok ")
    assert (line.operation, line.operation_type, line.outcome) == ("Me", "query", "ok")  # type: ignore[attr-defined]
    assert line.account == world.accounts["admin"].id  # type: ignore[attr-defined]
    assert line.duration_ms > 0  # type: ignore[attr-defined]


async def test_a_refused_operation_logs_its_error_code(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="zhdj.operations"):
        await execute(client, "query Members { members(first: 1) { totalCount } }")

    (line,) = [r for r in caplog.records if r.name == "zhdj.operations"]
    assert line.outcome == "UNAUTHENTICATED"  # type: ignore[attr-defined]
    assert line.account is None  # type: ignore[attr-defined]


def test_operations_of_one_series_are_each_counted_and_timed() -> None:
    # given two operations of one series and one of another, waiting to be counted
    metrics = Metrics(dict)
    metrics.record("query", "A", "ok", 0.01)
    metrics.record("query", "A", "ok", 0.03)
    metrics.record("query", "A", "FORBIDDEN", 0.02)

    # when the registry is read, then each operation counts once and each duration is observed
    sample = metrics.registry.get_sample_value
    assert sample("zhdj_graphql_named_operations_total", {"operation": "A", "outcome": "ok"}) == 2
    assert sample("zhdj_graphql_operations_total", {"type": "query", "outcome": "FORBIDDEN"}) == 1
    assert sample("zhdj_graphql_named_operation_seconds_count", {"operation": "A"}) == 3
    assert sample("zhdj_graphql_operation_seconds_sum", {"type": "query"}) == pytest.approx(0.06)
