"""OpenTelemetry traces, when an operator asks for them (`ZHDJ_OTEL_ENDPOINT`): a span per
GraphQL operation with its parsing, validation and execution, and one per resolver that does
work (Strawberry's extension skips introspection and plain fields), each operation's span
carrying the request id so a trace is found from a log line. Off by default, and then nothing
of it is on the request path."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from graphql import GraphQLResolveInfo
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from strawberry.extensions import LifecycleStep, SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension

from transport.request_ids import REQUEST_ID

SERVICE_NAME = "zhdj"


def redact_arguments(arguments: dict[str, Any], _info: GraphQLResolveInfo[Any]) -> dict[str, Any]:
    """Argument names only: values may be passwords or personal data, never sent out."""
    return dict.fromkeys(arguments, "<redacted>")


class RequestTracing(OpenTelemetryExtension):
    """Strawberry's OpenTelemetry extension, with the request id on the operation's span and
    resolver arguments redacted."""

    def __init__(self, *, tracer_provider: TracerProvider) -> None:
        super().__init__(arg_filter=redact_arguments, tracer_provider=tracer_provider)

    def on_operation(self) -> Generator[None, None, None]:
        steps = super().on_operation()
        next(steps)
        span = self._span_holder[LifecycleStep.OPERATION]
        span.set_attribute("zhdj.request_id", REQUEST_ID.get())
        try:
            yield
        finally:
            next(steps, None)  # Strawberry's names and ends the span


def tracer_provider(exporter: SpanExporter) -> TracerProvider:
    """Spans of the service `zhdj`, exported in batches off the request path."""
    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def otlp_provider(endpoint: str) -> TracerProvider:
    """Spans sent over OTLP/HTTP to `endpoint` (e.g. http://collector:4318/v1/traces)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return tracer_provider(OTLPSpanExporter(endpoint=endpoint))


def tracing_extensions(provider: TracerProvider | None) -> list[Callable[[], SchemaExtension]]:
    """The schema extension that traces, or none when tracing is off."""
    if provider is None:
        return []
    return [lambda: RequestTracing(tracer_provider=provider)]
