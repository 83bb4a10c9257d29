"""The `strawberry.Schema` with its guards against heavy or malicious documents."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from strawberry.schema.config import StrawberryConfig

from resolvers.throttle import Throttle
from schema.accounts import AccountMutations, AccountQueries
from schema.cost import QueryCostLimiter
from schema.documents import DocumentCache, PreparedDocuments, guard_rules
from schema.errors import CodedSchema, MaskInternalErrors
from schema.events import (
    EventQueries,
    EventSubscriptions,
    MemberEvent,
    OrganizationEvent,
    PetitionEvent,
    StationEvent,
)
from schema.members import MemberMutations, MemberQueries
from schema.metrics import Metrics, OperationMetrics
from schema.node import NodeQueries
from schema.organizations import OrganizationMutations, OrganizationQueries
from schema.persisted_queries import (
    DEFAULT_PERSISTED_QUERIES,
    PersistedQueries,
    PersistedQueryExtension,
)
from schema.petition_mutations import PetitionMutations
from schema.petition_queries import PetitionQueries
from schema.petition_statistics import (
    PetitionStatisticsQueries,
    PetitionStatisticsSubscriptions,
)
from schema.scalars import SCALAR_OVERRIDES
from schema.sharing import SharingExecutor
from schema.station_awareness import AwarenessQueries
from schema.station_mutations import StationMutations
from schema.station_screens import StationSubscriptions
from schema.stations import StationQueries
from schema.telemetry import TelemetryMutations


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
    return CodedSchema(
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
        execution_context_class=SharingExecutor,
        scalar_overrides=SCALAR_OVERRIDES,
    )
