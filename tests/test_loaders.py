"""Loaders: one set per request, reached as context.loaders.<domain>; one set per event."""

from __future__ import annotations

from starlette.applications import Starlette

from resolvers.context import Context
from tests.world import World


async def test_a_request_builds_each_domain_set_once(app: Starlette) -> None:
    # given a request's context
    context = Context(app.state.services)
    # when a domain's loaders are reached twice
    first, again = context.loaders.organizations, context.loaders.organizations
    # then it is the same set, sharing the request's reads with the other domains
    assert first is again
    assert first.reads is context.loaders.members.reads is context.loaders.reads


async def test_a_subscription_event_gets_loaders_of_its_own(app: Starlette, world: World) -> None:
    # given a websocket's context, signed in
    context = Context(app.state.services, cache_reads=False)
    await context.authenticate(f"Bearer {world.tokens['secretary']}")
    # when an event is executed with it
    event = context.for_event()
    # then the event sees the same viewer with fresh loaders, still not caching across events
    assert event.viewer == context.viewer
    assert event.loaders is not context.loaders
    assert event.loaders.reads is not context.loaders.reads
    assert not event.loaders.cache


async def test_a_cached_request_reads_a_row_once(app: Starlette, world: World) -> None:
    # given a request's context
    context = Context(app.state.services)
    key = world.orgs["community_a"].id
    # when the same organisation is loaded twice
    first = await context.loaders.organizations.by_id.load(key)
    again = await context.loaders.organizations.by_id.load(key)
    # then the second comes from the request's cache
    assert first is again
    assert first is not None
    assert first.id == key
