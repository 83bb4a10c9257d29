"""Prometheus metrics: GraphQL operations by type and outcome, and the event path's state."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from graphql import OperationDefinitionNode
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from strawberry.types import ExecutionContext

GAUGES = {"streams"}
# Operations recorded since the last scrape, beyond which they are counted at once anyway.
PENDING_LIMIT = 1000
logger = logging.getLogger("zhdj.operations")


class EventPathCollector(Collector):
    """Reads the hub's counters at scrape time (nothing is updated on the hot path)."""

    def __init__(self, read: Callable[[], Mapping[str, float]]) -> None:
        self.read = read

    def collect(self) -> Iterator[Metric]:
        for name, value in self.read().items():
            base = name.removesuffix("_total")
            family = GaugeMetricFamily if name in GAUGES or base == name else CounterMetricFamily
            yield family(f"zhdj_events_{base}", f"Event path: {base}.", value=value)


class _Pending(Collector):
    """Counts the operations recorded since the last collection, first of the registry's
    collectors, so every scrape (and any other reading) sees them all (see `Metrics.record`)."""

    def __init__(self, count: Callable[[], None]) -> None:
        self.count = count

    def collect(self) -> Iterator[Metric]:
        self.count()
        return iter(())


class _Series(NamedTuple):
    operations: Counter
    named: Counter
    seconds: Histogram | None
    named_seconds: Histogram | None


class Metrics:
    """One registry per app, so several apps in one process (tests) do not collide.

    Operations are counted by type and outcome, and by operation name: each of the first
    `operation_names` distinct names this process sees (clients' named and persisted
    operations are a fixed set in practice) is its own series; later ones count as `other`
    and unnamed ones as `anonymous`, so a client sending random names cannot grow them."""

    def __init__(
        self, event_path: Callable[[], Mapping[str, float]], operation_names: int = 200
    ) -> None:
        self.registry = CollectorRegistry()
        # Per series' labels, the durations of the operations recorded since the last count.
        self._pending: dict[tuple[str, str, str], list[float]] = {}
        self._waiting = 0
        self.registry.register(_Pending(self.count_pending))
        self.operations = Counter(
            "zhdj_graphql_operations",
            "GraphQL operations by type and outcome (ok, or the first error code).",
            ["type", "outcome"],
            registry=self.registry,
        )
        self.seconds = Histogram(
            "zhdj_graphql_operation_seconds",
            "Time to answer a GraphQL query or mutation.",
            ["type"],
            registry=self.registry,
        )
        self.named = Counter(
            "zhdj_graphql_named_operations",
            "GraphQL operations by operation name (bounded: see the README) and outcome.",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.named_seconds = Histogram(
            "zhdj_graphql_named_operation_seconds",
            "Time to answer a GraphQL query or mutation, by operation name (bounded).",
            ["operation"],
            registry=self.registry,
        )
        self.operation_names = operation_names
        self._names: set[str] = set()
        self._series: dict[tuple[str, str, str], _Series] = {}
        self.registry.register(EventPathCollector(event_path))

    def label_for(self, name: str | None) -> str:
        """The `operation` label for an operation named `name` (see the class)."""
        if not name:
            return "anonymous"
        if name in self._names:
            return name
        if len(self._names) < self.operation_names:
            self._names.add(name)
            return name
        return "other"

    def record(self, kind: str, label: str, outcome: str, seconds: float) -> None:
        """One operation counted (and timed, unless a subscription) when the metrics are next
        read, or once PENDING_LIMIT are waiting: prometheus_client's two `inc` and two
        `observe` are ~25 Python calls, a tenth of a small request's. The labelled series
        are looked up once per combination (`labels()` is ~25 calls each), bounded as the
        labels are (types, names, outcomes)."""
        key = (kind, label, outcome)
        if key not in self._series:
            self._series[key] = _Series(
                self.operations.labels(kind, outcome),
                self.named.labels(label, outcome),
                None if kind == "subscription" else self.seconds.labels(kind),
                None if kind == "subscription" else self.named_seconds.labels(label),
            )
        durations = self._pending.get(key)
        if durations is None:
            durations = self._pending[key] = []
        durations.append(seconds)
        self._waiting += 1
        if self._waiting >= PENDING_LIMIT:
            self.count_pending()

    def count_pending(self) -> None:
        """The recorded operations counted: each series' counters once, by how many (an `inc`
        is ~6 Python calls), each duration observed."""
        pending, self._pending, self._waiting = self._pending, {}, 0
        for key, durations in pending.items():
            series = self._series[key]
            series.operations.inc(len(durations))
            series.named.inc(len(durations))
            if series.seconds is not None and series.named_seconds is not None:
                for seconds in durations:
                    series.seconds.observe(seconds)
                    series.named_seconds.observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


def count_operation(metrics: Metrics, execution: ExecutionContext, seconds: float) -> None:
    """Counts, times and logs an operation that ran for `seconds` (one `zhdj.operations` line
    at info, with its name, type, outcome, duration and account); transport/served.py calls
    it once the operation has ended."""
    try:
        kind = execution.operation_type.value
    except RuntimeError:
        kind = "unknown"
    errors = execution.pre_execution_errors or getattr(execution.result, "errors", None)
    outcome = "ok"
    if errors:
        outcome = str((errors[0].extensions or {}).get("code", "BAD_USER_INPUT"))
    name = operation_name(execution)
    metrics.record(kind, metrics.label_for(name), outcome, seconds)
    if logger.isEnabledFor(logging.INFO):
        account = getattr(getattr(execution.context, "viewer", None), "account_id", None)
        logger.info(
            "%s %s %s %.1f ms account %s",
            kind,
            name or "-",
            outcome,
            seconds * 1000,
            account if account is not None else "-",
            extra={
                "operation": name,
                "operation_type": kind,
                "outcome": outcome,
                "duration_ms": round(seconds * 1000, 2),
                "account": account,
                "persisted": "persistedQuery" in (execution.operation_extensions or {}),
            },
        )


def operation_name(execution: ExecutionContext) -> str | None:
    """The name of the operation that ran: the one asked for, or the document's only one."""
    name = execution.operation_name
    if name or execution._provided_operation_name is None:
        return name  # (unnamed, none asked for: the first operation has no name)
    document = execution.graphql_document
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) == 1 and operations[0].name is not None:
        return operations[0].name.value
    return None
