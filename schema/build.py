"""The `strawberry.Schema` with its guards against heavy or malicious documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import strawberry
from graphql.execution import Executor as GraphQLExecutor
from strawberry.schema.config import StrawberryConfig

from resolvers.context import Context
from schema.accounts.mutations import AccountMutations
from schema.accounts.queries import AccountQueries
from schema.events.queries import EventQueries
from schema.events.subscriptions import EventSubscriptions
from schema.events.types import MemberEvent, OrganizationEvent, PetitionEvent, StationEvent
from schema.members.mutations import MemberMutations
from schema.members.queries import MemberQueries
from schema.node import NodeQueries
from schema.organizations.mutations import OrganizationMutations
from schema.organizations.queries import OrganizationQueries
from schema.petitions.mutations import PetitionMutations
from schema.petitions.queries import PetitionQueries
from schema.petitions.statistics import PetitionStatisticsQueries, PetitionStatisticsSubscriptions
from schema.plain_fields import PlainFieldsExecutor, mark_plain_fields
from schema.scalars import SCALAR_OVERRIDES
from schema.stations.awareness import AwarenessQueries
from schema.stations.mutations import StationMutations
from schema.stations.queries import StationQueries
from schema.stations.screens import StationSubscriptions
from schema.stations.telemetry import TelemetryMutations
from transport.cost import QueryCostLimiter
from transport.documents import DocumentCache, PreparedDocuments, guard_rules
from transport.errors import CodedSchema, MaskInternalErrors
from transport.executor import SharingExecutor
from transport.metrics import Metrics, OperationMetrics
from transport.persisted_queries import (
    DEFAULT_PERSISTED_QUERIES,
    PersistedQueries,
    PersistedQueryExtension,
)
from transport.throttle import Throttle


@strawberry.type(description="Everything zhdj can be asked.")
class Query(
    NodeQueries,
    AccountQueries,
    OrganizationQueries,
    MemberQueries,
    PetitionQueries,
    PetitionStatisticsQueries,
    StationQueries,
    AwarenessQueries,
    EventQueries,
):
    pass


@strawberry.type(description="Every change zhdj accepts; each is all-or-nothing and audited.")
class Mutation(
    AccountMutations,
    OrganizationMutations,
    MemberMutations,
    PetitionMutations,
    StationMutations,
    TelemetryMutations,
):
    pass


@strawberry.type(description="Live streams for screens and integrations.")
class Subscription(EventSubscriptions, PetitionStatisticsSubscriptions, StationSubscriptions):
    pass


class Executor(PlainFieldsExecutor, SharingExecutor):
    """Plain leaf fields read directly (schema/plain_fields.py); subscription events shared
    (transport/executor.py), each executed with loaders of its own."""

    def build_per_event_executor(self, payload: Any) -> GraphQLExecutor[Any]:
        executor = super().build_per_event_executor(payload)
        if isinstance(executor.context_value, Context):
            executor.context_value = executor.context_value.for_event()
        return executor


@dataclass(frozen=True, slots=True)
class SchemaLimits:
    """Refuse documents before they run: depth, aliases, tokens; and whether to mask errors."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    mask_internal_errors: bool = True
    document_cache_size: int = 1000
    max_cost: int = 1000
    cost_bucket_size: int = 2000
    cost_restore_rate: float = 100.0

    def throttle(self) -> Throttle:
        return Throttle(capacity=self.cost_bucket_size, restore_rate=self.cost_restore_rate)


def build_schema(
    limits: SchemaLimits = SchemaLimits(),
    throttle: Throttle | None = None,
    metrics: Metrics | None = None,
    persisted: PersistedQueries | None = None,
) -> CodedSchema:
    """The schema; `throttle` holds the cost buckets (one per process, shared by requests),
    `persisted` the texts of persisted queries (shared with the websocket handlers)."""
    bucket = throttle or limits.throttle()
    queries = persisted or PersistedQueries(DEFAULT_PERSISTED_QUERIES)
    measured = [lambda: OperationMetrics(metrics=metrics)] if metrics is not None else []
    documents = DocumentCache(limits.document_cache_size)
    rules = guard_rules(max_depth=limits.max_depth, max_aliases=limits.max_aliases)
    schema = CodedSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[OrganizationEvent, MemberEvent, PetitionEvent, StationEvent],
        extensions=[
            lambda: PersistedQueryExtension(queries=queries),
            *measured,
            lambda: PreparedDocuments(cache=documents, rules=rules, max_tokens=limits.max_tokens),
            lambda: QueryCostLimiter(max_cost=limits.max_cost, throttle=bucket),
            *([MaskInternalErrors] if limits.mask_internal_errors else []),
        ],
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=Executor,
        scalar_overrides=SCALAR_OVERRIDES,
    )
    mark_plain_fields(schema._schema)
    return schema
