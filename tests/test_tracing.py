"""OpenTelemetry traces when asked for: operation and resolver spans, the request id on them,
argument values never sent; and nothing of it when off."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from starlette.applications import Starlette

from server import Settings, create_app
from tests.world import build_world
from transport.tracing import RequestTracing

LOGIN = """
mutation SignIn($password: String!) {
  login(input: {username: "admin", password: $password}) { token }
}
"""


@pytest.fixture
def spans() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
async def traced_app(settings: Settings, spans: InMemorySpanExporter) -> AsyncIterator[Starlette]:
    tracer = TracerProvider()
    tracer.add_span_processor(SimpleSpanProcessor(spans))
    application = create_app(settings, tracer=tracer)
    async with application.router.lifespan_context(application):
        yield application


async def test_an_operation_is_traced_with_its_request_id_and_redacted_arguments(
    traced_app: Starlette, spans: InMemorySpanExporter
) -> None:
    # given an account to sign in as
    services = traced_app.state.services
    await build_world(services.database, services.tokens)
    transport = httpx.ASGITransport(app=traced_app)

    # when a client signs in, naming its request
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"password": "wrong-password-1"}},
            headers={"X-Request-Id": "trace-me-1"},
        )

    # then the operation's span names it and the request, and no span holds the password
    finished = {span.name: span for span in spans.get_finished_spans()}
    operation = finished["GraphQL Query: SignIn"]
    assert operation.attributes is not None
    assert operation.attributes["zhdj.request_id"] == "trace-me-1"
    assert "GraphQL Resolving: login" in finished
    everything = [str(dict(span.attributes or {})) for span in finished.values()]
    assert not any("wrong-password-1" in attributes for attributes in everything)


def extensions_of(app: Starlette) -> list[object]:
    """The extensions each request of the app's /graphql runs (made as a request makes them)."""
    graphql = next(route for route in app.routes if getattr(route, "path", "") == "/graphql")
    return [make() for make in graphql.endpoint.schema.extensions]  # type: ignore[attr-defined]


def test_tracing_is_off_unless_asked_for(app: Starlette, traced_app: Starlette) -> None:
    assert not any(isinstance(e, RequestTracing) for e in extensions_of(app))
    assert any(isinstance(e, RequestTracing) for e in extensions_of(traced_app))
