"""Helpers for the department tests: departments with staff beside the shared world, and
dispatching and stepping dispatches over GraphQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.accounts.models import AccountRow
from db.departments.models import DepartmentKind, DepartmentRow, DispatchRow, DispatchStatus
from db.departments.tallies import FIGURES, SATISFIED, DepartmentTallyRow
from db.departments.writes import bind_department_account, insert_department
from db.engine import Database
from db.organizations.models import OrganizationRow
from db.petitions.models import PetitionRow
from resolvers.accounts.tokens import TokenService
from schema.relay import from_global_id, to_global_id
from tests.factories import create_account, token_for
from tests.graphql import execute
from tests.world import World

_sequence = count(1)

DISPATCH_FIELDS = "id status lead version returnReason report nextActions department { name }"
PETITION_FIELDS = (
    "id status version handlerName resolution "
    "timeline { action fromStatus toStatus actorName note }"
)
DISPATCH = f"""
mutation ($input: DispatchPetitionInput!) {{
  dispatchPetition(input: $input) {{
    petition {{ {PETITION_FIELDS} }}
    dispatches {{ {DISPATCH_FIELDS} }}
  }}
}}
"""
STEPS = {
    "accept": ("acceptDispatch", "DispatchStepInput"),
    "return": ("returnDispatch", "ReturnDispatchInput"),
    "contribute": ("contributeToDispatch", "ReportDispatchInput"),
    "report": ("reportDispatch", "ReportDispatchInput"),
    "confirm": ("confirmDispatch", "DispatchStepInput"),
    "withdraw": ("withdrawDispatch", "WithdrawDispatchInput"),
}
# The extra input each step needs to be valid.
STEP_INPUT: dict[str, dict[str, Any]] = {
    "return": {"reason": "占道经营不属本中队辖区，请派至B街道城管中队"},
    "contribute": {"report": "房管局已督促物业更换灯具"},
    "report": {"report": "已清理占道摊位并告知业主，今后每日巡查"},
    "withdraw": {"reason": "居民反映的问题已由社区当场解决"},
}


async def create_department(
    session: AsyncSession, organization: OrganizationRow, **overrides: Any
) -> DepartmentRow:
    serial = next(_sequence)
    values: dict[str, Any] = {
        "name": f"测试部门{serial}",
        "kind": DepartmentKind.CITY_MANAGEMENT,
        "org_id": organization.id,
        "org_path": organization.path,
    } | overrides
    return await insert_department(session, values)


async def create_staff(
    session: AsyncSession, department: DepartmentRow, **overrides: Any
) -> AccountRow:
    """An account acting for the department (the `department` role)."""
    account = await create_account(session, **overrides)
    await bind_department_account(session, account.id, department.id)
    return account


@dataclass
class Departments:
    """Street A's 城管中队 and district A's 房管局 (both serving grid A1), street B's 城管中队;
    one staff account each (tokens by the department's key)."""

    rows: dict[str, DepartmentRow] = field(default_factory=dict)
    staff: dict[str, AccountRow] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def id(self, key: str) -> str:
        return to_global_id("Department", self.rows[key].id)


async def build_departments(database: Database, tokens: TokenService, world: World) -> Departments:
    found = Departments()
    specs = {
        "cg_a": ("A街道城管中队", DepartmentKind.CITY_MANAGEMENT, "street_a"),
        "fg_a": ("A区房屋管理局", DepartmentKind.HOUSING, "district_a"),
        "cg_b": ("B街道城管中队", DepartmentKind.CITY_MANAGEMENT, "street_b"),
    }
    async with database.transaction() as session:
        for key, (name, kind, org) in specs.items():
            row = await create_department(session, world.orgs[org], name=name, kind=kind)
            found.rows[key] = row
            found.staff[key] = await create_staff(session, row, username=f"{key}_staff")
    found.tokens = {key: token_for(tokens, account) for key, account in found.staff.items()}
    return found


async def dispatch(
    client: httpx.AsyncClient, token: str, petition_id: str, **values: Any
) -> dict[str, Any]:
    """The raw response of dispatching the petition (inspect `errors` yourself)."""
    return await execute(
        client, DISPATCH, {"input": {"petitionId": petition_id} | values}, token=token
    )


async def dispatched(
    client: httpx.AsyncClient, token: str, petition_id: str, **values: Any
) -> list[dict[str, Any]]:
    """Dispatch it, asserting success; the new dispatches, the lead's first."""
    body = await dispatch(client, token, petition_id, **values)
    assert "errors" not in body, body
    result: list[dict[str, Any]] = body["data"]["dispatchPetition"]["dispatches"]
    return result


async def dispatch_step(
    client: httpx.AsyncClient, token: str, action: str, dispatch_id: str, **extra: Any
) -> dict[str, Any]:
    """The raw response of one dispatch step (inspect `errors` yourself)."""
    field_name, input_type = STEPS[action]
    document = (
        f"mutation ($input: {input_type}!) {{ {field_name}(input: $input) {{ "
        f"dispatch {{ {DISPATCH_FIELDS} }} petition {{ {PETITION_FIELDS} }} }} }}"
    )
    values = {"id": dispatch_id} | STEP_INPUT.get(action, {}) | extra
    return await execute(client, document, {"input": values}, token=token)


async def stepped(
    client: httpx.AsyncClient, token: str, action: str, dispatch_id: str, **extra: Any
) -> dict[str, Any]:
    """Take the step, asserting success; {dispatch, petition} after it."""
    body = await dispatch_step(client, token, action, dispatch_id, **extra)
    assert "errors" not in body, (action, body)
    result: dict[str, Any] = next(iter(body["data"].values()))
    return result


async def dispatch_statuses(database: Database, petition_id: str) -> list[DispatchStatus]:
    """The petition's dispatches' statuses as stored, oldest first."""
    async with database.transaction() as session:
        found = await session.scalars(
            select(DispatchRow.status)
            .where(DispatchRow.petition_id == from_global_id(petition_id)[1])
            .order_by(DispatchRow.id)
        )
        return list(found)


async def recount_figures(database: Database) -> dict[int, tuple[int, ...]]:
    """Each department's figures from the dispatches and their petitions, brute force."""
    found: dict[int, list[int]] = {}
    async with database.transaction() as session:
        rows = await session.execute(
            select(DispatchRow, PetitionRow.satisfaction).join(
                PetitionRow, PetitionRow.id == DispatchRow.petition_id
            )
        )
        for dispatch, rating in rows:
            figures = found.setdefault(dispatch.department_id, [0] * len(FIGURES))
            reported_at = dispatch.reported_at
            confirmed = dispatch.status is DispatchStatus.CONFIRMED
            score = rating if confirmed and rating is not None else 0
            for index, amount in enumerate(
                (
                    1,
                    int(dispatch.status is DispatchStatus.RETURNED),
                    int(reported_at is not None),
                    int(reported_at is not None and reported_at <= dispatch.deadline_at),
                    int(confirmed),
                    int(score > 0),
                    int(score >= SATISFIED),
                    score,
                )
            ):
                figures[index] += amount
    return {key: tuple(value) for key, value in found.items()}


async def kept_figures(database: Database) -> dict[int, tuple[int, ...]]:
    """Each department's kept figures (departments with none yet left out)."""
    async with database.transaction() as session:
        rows = (await session.scalars(select(DepartmentTallyRow))).all()
        return {row.department_id: tuple(getattr(row, name) for name in FIGURES) for row in rows}
