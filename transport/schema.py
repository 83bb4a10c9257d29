"""The schema as served: the GraphQL surface (schema/build.py's roots) with the transport's
guards against heavy or malicious documents, its metrics, persisted queries, error masking
and the executor that shares subscription work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from graphql.execution import Executor as GraphQLExecutor
from graphql.pyutils import AwaitableOrValue
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from resolvers.context import Context
from resolvers.cost_buckets import Throttle
from resolvers.rate_store import RateStore
from schema.build import EXTRA_TYPES, Mutation, Query, Subscription
from schema.execution import PlainFieldsExecutor
from schema.lean_resolvers import lean_resolvers
from schema.plain_fields import mark_plain_fields
from schema.scalars import SCALAR_OVERRIDES
from schema.version import SCHEMA_DESCRIPTION
from transport.acyclic_helpers import acyclic_helpers
from transport.cost import QueryCostLimiter, RequestedCosts
from transport.documents import DocumentGuard
from transport.errors import CodedSchema, MaskInternalErrors
from transport.executor import SharingExecutor
from transport.limits import ANONYMOUS, DocumentLimits
from transport.metrics import Metrics
from transport.persisted_queries import (
    DEFAULT_PERSISTED_QUERIES,
    PersistedQueries,
    PersistedQueryExtension,
)
from transport.served import Checks, ServedHooks


@dataclass(frozen=True, slots=True)
class SchemaLimits:
    """Refuse documents before they run (transport/limits.py), signed-in clients' and
    anonymous ones'; whether to mask errors; the cost buckets."""

    signed_in: DocumentLimits = field(default_factory=DocumentLimits)
    anonymous: DocumentLimits = ANONYMOUS
    mask_internal_errors: bool = True
    document_cache_size: int = 1000
    cost_bucket_size: int = 2000
    cost_restore_rate: float = 100.0

    def throttle(self, store: RateStore | None = None) -> Throttle:
        return Throttle(
            capacity=self.cost_bucket_size,
            restore_rate=self.cost_restore_rate,
            store=store or RateStore(),
        )


class ServedSchema(CodedSchema):
    """The schema with its own description (version and history, schema/version.py), which
    introspection gives as `__schema { description }` and the SDL prints first."""

    def as_str(self) -> str:
        definition = (
            f'"""\n{self._schema.description}\n"""\nschema {{\n  query: Query\n'
            "  mutation: Mutation\n  subscription: Subscription\n}\n\n"
        )
        return definition + super().as_str()


class Executor(PlainFieldsExecutor, SharingExecutor):
    """Plain leaf fields read directly (schema/execution.py); subscription events shared
    (transport/executor.py), each executed with loaders of its own; resolver helpers that
    leave no reference cycle behind (transport/acyclic_helpers.py)."""

    _event_context: Context | None = None  # an event's own, released when it has run

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.async_helpers = acyclic_helpers(self)

    def build_per_event_executor(self, payload: Any) -> GraphQLExecutor[Any]:
        executor = super().build_per_event_executor(payload)
        if isinstance(executor.context_value, Context) and isinstance(executor, Executor):
            executor.context_value = executor._event_context = executor.context_value.for_event()
        return executor

    def execute_operation(self, serially: bool | None = None) -> AwaitableOrValue[Any]:
        """An event's loaders are released once it has run, as a request's are
        (transport/http.py): no reference cycle left per event (issue 12)."""
        result = super().execute_operation(serially)
        context = self._event_context
        if context is None:
            return result
        if not self.is_awaitable(result):
            context.loaders.release()
            return result
        return self._released_after(result, context)

    async def _released_after(self, result: Awaitable[Any], context: Context) -> Any:
        try:
            return await result
        finally:
            context.loaders.release()


def build_schema(
    limits: SchemaLimits = SchemaLimits(),
    throttle: Throttle | None = None,
    metrics: Metrics | None = None,
    persisted: PersistedQueries | None = None,
    traced: Sequence[Callable[[], SchemaExtension]] = (),
) -> ServedSchema:
    """The schema; `throttle` holds the cost buckets (in the rate store, shared by requests),
    `persisted` the texts of persisted queries (shared with the websocket handlers) and the
    trusted documents, when the instance has some; `traced` the tracing extension, if on."""
    bucket = throttle or limits.throttle()
    queries = persisted or PersistedQueries(DEFAULT_PERSISTED_QUERIES)
    guard = DocumentGuard(limits.signed_in, limits.anonymous, limits.document_cache_size)
    costs = RequestedCosts(limits.document_cache_size)
    checks = Checks(metrics, guard, QueryCostLimiter(throttle=bucket, costs=costs))
    schema = ServedSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=EXTRA_TYPES,
        extensions=[
            partial(PersistedQueryExtension, queries=queries),
            *traced,
            partial(ServedHooks, checks=checks),
            *([MaskInternalErrors] if limits.mask_internal_errors else []),
        ],
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=Executor,
        scalar_overrides=SCALAR_OVERRIDES,
    )
    schema._schema.description = SCHEMA_DESCRIPTION
    mark_plain_fields(schema._schema)
    lean_resolvers(schema)
    return schema
