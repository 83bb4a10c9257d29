"""Loaders: one set per request, reached as context.loaders.<domain>; one set per event."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable

import pytest
from graphql import ExecutionResult, parse
from starlette.applications import Starlette

from bench.cycles import saved_garbage
from resolvers.context import Context
from tests.world import World
from transport.schema import Executor, build_schema

SCHEMA = build_schema()._schema


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


async def test_released_loaders_forget_their_reads_and_refuse_later_use(
    app: Starlette, world: World
) -> None:
    # given a request's context that has read an organisation
    context = Context(app.state.services)
    key = world.orgs["community_a"].id
    loader = context.loaders.organizations.by_id
    await loader.load(key)
    # when the request ends
    context.loaders.release()
    # then the loader holds no row (a cached one would be answered), and a late use says
    # whose loaders to use
    with pytest.raises(RuntimeError, match="current context"):
        await loader.load(key)


async def test_a_loader_first_reached_after_the_release_refuses_use_too(app: Starlette) -> None:
    # given a request's petition loaders, of which the page used one
    context = Context(app.state.services)
    petitions = context.loaders.petitions
    await petitions.by_id.load(-1)
    # when the request ends
    context.loaders.release()
    # then one the page never reached refuses a late use as the used one does
    for loader in (petitions.by_id, petitions.category):
        with pytest.raises(RuntimeError, match="current context"):
            await loader.load(1)


async def test_a_release_frees_the_loaders_without_the_garbage_collector(
    app: Starlette, world: World
) -> None:
    # given a request's loaders that have read, with the collector off
    context = Context(app.state.services)
    await context.loaders.organizations.by_id.load(world.orgs["community_a"].id)
    loaders = weakref.ref(context.loaders.organizations)
    with saved_garbage() as garbage:
        # when the request ends and its context is dropped
        context.loaders.release()
        del context
        # then reference counting alone has freed its loaders
        assert loaders() is None
    assert garbage == []


async def test_an_event_releases_its_own_loaders_once_it_has_run(app: Starlette) -> None:
    # given an operation's executor with a websocket's context, and one event's copy of it
    context = Context(app.state.services, cache_reads=False)
    executor = Executor.build(SCHEMA, parse("{ __typename }"), context_value=context)
    assert isinstance(executor, Executor)
    event = executor.build_per_event_executor(None)
    loader = event.context_value.loaders.organizations.by_id
    # when the event has run
    result = event.execute_operation()
    result = await result if isinstance(result, Awaitable) else result
    # then it answered, and its loaders are released while the operation's stay usable
    assert isinstance(result, ExecutionResult)
    assert result.data == {"__typename": "Query"}
    with pytest.raises(RuntimeError, match="current context"):
        await loader.load(1)
    assert await context.loaders.organizations.by_id.load(-1) is None
