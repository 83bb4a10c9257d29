"""Department queries: one by ID, the departments serving your area, a petition's dispatches,
and a department's own dispatches to handle."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.departments import models as rows
from resolvers.departments.reads import (
    DepartmentCriteria,
    resolve_department_by_id,
    resolve_departments,
    resolve_my_dispatches,
    resolve_petition_dispatches,
)
from resolvers.errors import not_found
from resolvers.pagination import page_request
from resolvers.petitions.reads import resolve_petition_by_id
from schema.departments.enums import DepartmentKind, DispatchStatus
from schema.departments.types import TYPE_NAME, Department, PetitionDispatch
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import answer_listed_organizations
from schema.petitions.types import TYPE_NAME as PETITION
from schema.relay import Connection, build_connection, expect_global_id, page_argument


@strawberry.input(description="Which functional departments to list 职能部门筛选.")
class DepartmentFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None,
        description="所属范围 Only departments serving this organisation's subtree (attached in "
        "it or above it).",
    )
    kinds: list[DepartmentKind] | None = strawberry.field(
        default=None, description="Only these kinds 部门类别."
    )


@strawberry.type
class DepartmentQueries:
    @strawberry.field(
        description="One functional department 职能部门 by ID; null if not in your scope."
    )
    async def department(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Department | None:
        found = await resolve_department_by_id(
            info.context, expect_global_id(id, TYPE_NAME, field="id")
        )
        return Department.from_row(found) if found else None

    @strawberry.field(
        description="Functional departments 职能部门 serving your area (attached in your "
        "subtrees or above them), and your own department, in registration order, each with "
        "its figures."
    )
    async def departments(
        self,
        info: Info,
        filter: Annotated[
            DepartmentFilter | None, strawberry.argument(description="Narrow the list 筛选.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Department]:
        request = page_request(first=first, after=after, last=last, before=before)
        where = filter or DepartmentFilter()
        criteria = DepartmentCriteria(
            under=expect_global_id(where.under, ORGANIZATION, field="under")
            if where.under
            else None,
            under_global_id=where.under,
            kinds=[rows.DepartmentKind[kind.name] for kind in where.kinds or ()],
        )
        page, count = await resolve_departments(info.context, criteria, request)
        await answer_listed_organizations(info, "organization", (row.org_id for row in page.rows))
        return build_connection(page, Department.from_row, count)

    @strawberry.field(
        description="A petition's dispatches 派单记录, oldest first (a department's staff see "
        "their own department's only)."
    )
    async def petition_dispatches(
        self,
        info: Info,
        petition_id: Annotated[
            strawberry.ID, strawberry.argument(description="The petition 诉求.")
        ],
    ) -> list[PetitionDispatch]:
        key = expect_global_id(petition_id, PETITION, field="petitionId")
        petition = await resolve_petition_by_id(info.context, key)
        if petition is None:
            raise not_found("petition", petition_id, field="petitionId")
        found = await resolve_petition_dispatches(info.context, petition)
        return [PetitionDispatch.from_row(row) for row in found]

    @strawberry.field(
        description="Your department's dispatches 本部门派单 (the `department` role), oldest "
        "first; FORBIDDEN for accounts that act for no department."
    )
    async def my_dispatches(
        self,
        info: Info,
        statuses: Annotated[
            list[DispatchStatus] | None,
            strawberry.argument(description="Only these statuses 派单状态 (e.g. DISPATCHED)."),
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[PetitionDispatch]:
        request = page_request(first=first, after=after, last=last, before=before)
        wanted = [rows.DispatchStatus[status.name] for status in statuses or ()]
        page, count = await resolve_my_dispatches(info.context, wanted, request)
        return build_connection(page, PetitionDispatch.from_row, count)
