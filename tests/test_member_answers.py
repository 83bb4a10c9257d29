"""A member named by many listed rows is read, checked and built once per request, by the
rule `resolve_member_by_id` applies: in scope, or the viewer themself."""

from __future__ import annotations

import inspect

from starlette.applications import Starlette

from db.accounts.models import Role
from db.engine import Database
from db.statements import count_statements
from resolvers.access import Binding, Viewer
from resolvers.context import Context, Services
from schema.members.types import Member, answer_members, member_answer
from tests.factories import create_member, create_organization


def _context(app: Starlette, viewer: Viewer) -> Context:
    services: Services = app.state.services
    return Context(services=services, viewer=viewer, cache_reads=True)


def _admin_of(path: str) -> Viewer:
    return Viewer(account_id=1, bindings=(Binding(Role.ADMINISTRATOR, 1, path),))


async def _answered(found: object) -> Member | None:
    return await found if inspect.isawaitable(found) else found  # type: ignore[return-value]


async def test_rows_naming_one_member_share_one_answer_and_one_statement(
    app: Starlette, database: Database
) -> None:
    # given a member of a branch, and a request of a viewer who may read it
    async with database.transaction() as session:
        branch = await create_organization(session)
        member = await create_member(session, branch)
    context = _context(app, _admin_of(branch.path))
    # when three rows name the member, the third after the first two are answered
    with count_statements(context.services.database.engine) as statements:
        first, second = member_answer(context, member.id), member_answer(context, member.id)
        answers = [await _answered(first), await _answered(second)]
        third = member_answer(context, member.id)
    # then all three are the one object, read by one statement, the third not awaitable
    assert answers[0] is not None
    assert answers[0].name == member.name
    assert answers[1] is answers[0]
    assert third is answers[0]
    assert len(statements) == 1


async def test_a_page_answers_its_members_at_once_and_null_outside_scope(
    app: Starlette, database: Database
) -> None:
    # given two branches side by side with two members each, and a viewer of the first
    async with database.transaction() as session:
        mine = await create_organization(session)
        other = await create_organization(session)
        ours = [await create_member(session, mine) for _ in range(2)]
        theirs = [await create_member(session, other) for _ in range(2)]
    context = _context(app, _admin_of(mine.path))
    # when a page naming all four answers them before its rows ask
    with count_statements(context.services.database.engine) as statements:
        await answer_members(context, [m.id for m in ours + theirs])
        found = [member_answer(context, m.id) for m in ours + theirs]
    # then each row's answer is there at once, in one statement, the others' null
    assert [m.name if isinstance(m, Member) else m for m in found] == [
        ours[0].name,
        ours[1].name,
        None,
        None,
    ]
    assert len(statements) == 1


async def test_the_member_themself_is_answered_outside_any_scope(
    app: Starlette, database: Database
) -> None:
    # given a member, and their own account with no binding
    async with database.transaction() as session:
        member = await create_member(session, await create_organization(session))
    viewer = Viewer(account_id=2, member_id=member.id, member_path=member.org_path)
    context = _context(app, viewer)
    # when a row names them
    found = await _answered(member_answer(context, member.id))
    # then they see themself
    assert found is not None
    assert found.name == member.name
