"""A page answers the objects its rows name (members' branches, petitions' categories) when
the query asks for them, before graphql-core completes the rows: no row's field then waits
on a future."""

from __future__ import annotations

import strawberry
from starlette.applications import Starlette

from db.accounts.models import Role
from db.engine import Database
from resolvers.access import Binding, Viewer
from resolvers.context import Context, Services
from schema.build import EXTRA_TYPES, Query
from schema.organizations.types import Organization
from schema.petitions.types import PetitionCategory
from tests.factories import create_member, create_organization
from tests.petition_support import insert_petition
from tests.world import World

SCHEMA = strawberry.Schema(query=Query, types=EXTRA_TYPES)

BRANCHES = "{ members(first: 5) { nodes { name branch { name } } } }"
THROUGH_FRAGMENTS = """
{ members(first: 5) { ...page } }
fragment page on MemberConnection { edges { node { ... on Member { branch { name } } } } }
"""
NAMES_ONLY = "{ members(first: 5) { totalCount nodes { name } } }"


def _context(app: Starlette, path: str) -> Context:
    services: Services = app.state.services
    viewer = Viewer(account_id=1, bindings=(Binding(Role.ADMINISTRATOR, 1, path),))
    return Context(services=services, viewer=viewer)


async def _answered(app: Starlette, database: Database, document: str) -> dict[int, object]:
    """What the request's organisation answers hold once `document` ran over two branches'
    members, keyed by organisation id."""
    async with database.transaction() as session:
        community = await create_organization(session)
        branches = [await create_organization(session, community) for _ in range(2)]
        for index in range(4):
            await create_member(session, branches[index % 2])
    context = _context(app, community.path)
    result = await SCHEMA.execute(document, context_value=context)
    assert result.errors is None, result.errors
    return dict(context.loaders.organizations.answers)


async def test_a_page_asking_for_branches_holds_each_branch_answered(
    app: Starlette, database: Database
) -> None:
    # given members of two branches, when a page of them asks for their branches
    answers = await _answered(app, database, BRANCHES)
    # then both branches were answered as objects, none left a future
    assert len(answers) == 2
    assert all(isinstance(answer, Organization) for answer in answers.values())


async def test_a_page_asking_for_branches_through_fragments_holds_them_answered(
    app: Starlette, database: Database
) -> None:
    # given members of two branches, when a page asks for branches through fragments and edges
    answers = await _answered(app, database, THROUGH_FRAGMENTS)
    # then both branches were answered as objects
    assert len(answers) == 2
    assert all(isinstance(answer, Organization) for answer in answers.values())


async def test_a_page_not_asking_for_branches_reads_none(
    app: Starlette, database: Database
) -> None:
    # given members of two branches, when a page asks only for their names
    answers = await _answered(app, database, NAMES_ONLY)
    # then no organisation was answered
    assert answers == {}


async def test_a_petition_page_asking_for_categories_holds_each_category_answered(
    app: Starlette, database: Database, world: World
) -> None:
    # given two petitions of one category
    for _ in range(2):
        await insert_petition(database, world, "submitted")
    context = _context(app, world.orgs["grid_a1"].path)
    # when a page of petitions asks for their categories
    result = await SCHEMA.execute(
        "{ petitions(first: 5) { nodes { title category { name } } } }", context_value=context
    )
    # then both rows named the one category, answered as an object
    assert result.errors is None, result.errors
    assert result.data is not None
    assert len(result.data["petitions"]["nodes"]) == 2
    answers = list(context.loaders.petitions.category_answers.values())
    assert len(answers) == 1
    assert isinstance(answers[0], PetitionCategory)
