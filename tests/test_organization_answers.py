"""An organisation named by many listed rows is read, checked and built once per request."""

from __future__ import annotations

import inspect

from starlette.applications import Starlette

from db.accounts.models import Role
from db.engine import Database
from db.statements import count_statements
from resolvers.access import Binding, Viewer
from resolvers.context import Context, Services
from schema.organizations.types import Organization, organization_answer
from tests.factories import create_organization


def _context(app: Starlette, path: str, *, cache: bool = True) -> Context:
    services: Services = app.state.services
    viewer = Viewer(account_id=1, bindings=(Binding(Role.ADMINISTRATOR, 1, path),))
    return Context(services=services, viewer=viewer, cache_reads=cache)


async def _answered(found: object) -> Organization | None:
    return await found if inspect.isawaitable(found) else found  # type: ignore[return-value]


async def test_rows_naming_one_organisation_share_one_answer_and_one_statement(
    app: Starlette, database: Database
) -> None:
    # given a branch, and a request of a viewer who may read it
    async with database.transaction() as session:
        branch = await create_organization(session)
    context = _context(app, branch.path)
    # when three rows name it, the third after the first two are answered
    with count_statements(context.services.database.engine) as statements:
        first, second = (
            organization_answer(context, branch.id),
            organization_answer(context, branch.id),
        )
        answers = [await _answered(first), await _answered(second)]
        third = organization_answer(context, branch.id)
    # then all three are the one object, read by one statement, the third not awaitable
    assert answers[0] is not None
    assert answers[0].name == branch.name
    assert answers[1] is answers[0]
    assert third is answers[0]
    assert len(statements) == 1


async def test_an_organisation_outside_the_viewers_scope_answers_null(
    app: Starlette, database: Database
) -> None:
    # given two organisations side by side, and a viewer bound to the first
    async with database.transaction() as session:
        mine = await create_organization(session)
        other = await create_organization(session)
    context = _context(app, mine.path)
    # when a row names the other
    found = await _answered(organization_answer(context, other.id))
    # then it answers null
    assert found is None


async def test_without_cached_reads_each_row_asks_anew(app: Starlette, database: Database) -> None:
    # given an organisation, and a subscription event's context (reads not cached)
    async with database.transaction() as session:
        branch = await create_organization(session)
    context = _context(app, branch.path, cache=False)
    # when two rows name it
    first = await _answered(organization_answer(context, branch.id))
    second = await _answered(organization_answer(context, branch.id))
    # then each got its own answer, equal in content
    assert first is not None
    assert second is not None
    assert first is not second
    assert first.row == second.row
