"""The service's own hooks around every operation, as one schema extension.

Metrics (transport/metrics.py), documents parsed and validated once (transport/documents.py),
text no database can store (transport/input_text.py) and query cost (transport/cost.py)
were an extension each: four objects and six hooks every request, each hook a generator
entered and left by the hook runner. Here they are one object whose four hooks call each
concern in the order the separate extensions ran in (entering in list order, leaving in
reverse). Persisted queries run before it (and tracing, when on, between the two); error
masking after it (transport/schema.py).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from strawberry.extensions import SchemaExtension

from resolvers.errors import ErrorCode
from transport.cost import QueryCostLimiter
from transport.documents import (
    DocumentCache,
    DocumentGuard,
    check_document,
    code_errors,
    take_document,
)
from transport.input_text import check_input_text
from transport.limits import DocumentLimits
from transport.metrics import Metrics, count_operation


@dataclass(frozen=True, slots=True)
class Checks:
    """What the hooks share across requests: the metrics (None: not counted), the documents'
    limits and caches, the cost limiter."""

    metrics: Metrics | None
    guard: DocumentGuard
    cost: QueryCostLimiter


class ServedHooks(SchemaExtension):
    """One request's hooks (Strawberry makes one per operation)."""

    def __init__(self, *, checks: Checks) -> None:
        self.checks = checks
        self.report: dict[str, Any] | None = None
        self.document: tuple[DocumentLimits, DocumentCache, bool] | None = None

    def on_operation(self) -> Iterator[None]:
        metrics = self.checks.metrics
        if metrics is None:
            yield
            return
        started = time.perf_counter()
        yield
        count_operation(metrics, self.execution_context, time.perf_counter() - started)

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        self.document = take_document(self.checks.guard, execution)
        yield
        code_errors(execution.pre_execution_errors, ErrorCode.GRAPHQL_PARSE_FAILED)

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        assert self.document is not None  # parsing comes first
        check_document(execution, *self.document)
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        check_input_text(execution)
        cost = self.checks.cost
        assert self.document is not None  # parsing comes first
        charge = await cost.charge(execution, self.document[0].cost)
        if charge is None:
            yield
            return
        if charge.refused:
            self.report = cost.report(charge.requested, 0, charge.available)
            yield
            return
        yield
        self.report = await cost.settle(execution, charge)

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.report} if self.report is not None else {}
