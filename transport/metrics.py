"""Prometheus metrics: GraphQL operations by type and outcome, and the event path's state."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from strawberry.extensions import SchemaExtension

GAUGES = {"streams"}


class EventPathCollector(Collector):
    """Reads the hub's counters at scrape time (nothing is updated on the hot path)."""

    def __init__(self, read: Callable[[], Mapping[str, float]]) -> None:
        self.read = read

    def collect(self) -> Iterator[Metric]:
        for name, value in self.read().items():
            base = name.removesuffix("_total")
            family = GaugeMetricFamily if name in GAUGES or base == name else CounterMetricFamily
            yield family(f"zhdj_events_{base}", f"Event path: {base}.", value=value)


class Metrics:
    """One registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self, event_path: Callable[[], Mapping[str, float]]) -> None:
        self.registry = CollectorRegistry()
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
        self.registry.register(EventPathCollector(event_path))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class OperationMetrics(SchemaExtension):
    """Counts and times each operation; hooks the operation, never each field."""

    def __init__(self, *, metrics: Metrics) -> None:
        self.metrics = metrics

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        execution = self.execution_context
        try:
            kind = execution.operation_type.value
        except RuntimeError:
            kind = "unknown"
        errors = execution.pre_execution_errors or getattr(execution.result, "errors", None)
        outcome = "ok"
        if errors:
            outcome = str((errors[0].extensions or {}).get("code", "BAD_USER_INPUT"))
        self.metrics.operations.labels(kind, outcome).inc()
        if kind != "subscription":
            self.metrics.seconds.labels(kind).observe(time.perf_counter() - started)
