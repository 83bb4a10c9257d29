"""Transfer test helpers: the documents, a request and a step as one call each, and the
accounts of each side (world member m1 leaves grid a1 in community A for grid b1 in
community B: `secretary` is the source's, `outsider` the destination's)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.accounts.models import Role
from db.base import utcnow
from db.engine import Database
from db.members.models import MemberRow
from db.organizations.models import OrganizationRow
from db.transfers.models import TransferRow, TransferStatus
from resolvers.accounts.tokens import TokenService
from tests.factories import create_account, token_for
from tests.graphql import execute
from tests.world import World

FIELDS = """
id status version letterNumber returnReason outOfPlatform destinationText answerDueAt
overdue finishedAt memberName sourceName destinationName allowedSteps
"""
REQUEST = f"""
mutation ($input: RequestTransferInput!) {{ requestTransfer(input: $input) {{ transfer {{
  {FIELDS} }} }} }}
"""
ADVANCE = f"""
mutation ($input: AdvanceTransferInput!) {{ advanceTransfer(input: $input) {{ transfer {{
  {FIELDS} }} }} }}
"""
TRANSFER = f"""
query ($id: ID!) {{ transfer(id: $id) {{ {FIELDS}
  timeline {{ nodes {{ action fromStatus toStatus note actorAccountId }} }} }} }}
"""


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def request(
    client: httpx.AsyncClient,
    world: World,
    token: str,
    *,
    member: str | None = "m1",
    destination: str | None = "grid_b1",
    text: str | None = None,
    reason: str = "工作调动到B区",
) -> dict[str, Any]:
    given: dict[str, Any] = {"reason": reason}
    if member is not None:
        given["memberId"] = world.member_id(member)
    if destination is not None:
        given["destinationId"] = world.org_id(destination)
    if text is not None:
        given["destinationText"] = text
    return await execute(client, REQUEST, {"input": given}, token=token)


async def advance(
    client: httpx.AsyncClient, token: str, transfer_id: str, step: str, **given: Any
) -> dict[str, Any]:
    return await execute(
        client, ADVANCE, {"input": {"id": transfer_id, "step": step, **given}}, token=token
    )


def transfer_of(body: dict[str, Any], mutation: str) -> dict[str, Any]:
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"][mutation]["transfer"]
    return found


async def requested(
    client: httpx.AsyncClient, world: World, source: str = "secretary", **given: Any
) -> dict[str, Any]:
    """A transfer (of m1 to grid b1 unless told), asked by the source's secretary."""
    token = world.tokens[source]
    return transfer_of(await request(client, world, token, **given), "requestTransfer")


async def approved(
    client: httpx.AsyncClient, world: World, source: str = "secretary", **given: Any
) -> dict[str, Any]:
    found = await requested(client, world, source, **given)
    body = await advance(
        client, world.tokens[source], found["id"], "APPROVE", letterNumber="江组转字001号"
    )
    return transfer_of(body, "advanceTransfer")


async def accepted(client: httpx.AsyncClient, world: World) -> dict[str, Any]:
    found = await approved(client, world)
    body = await advance(client, world.tokens["outsider"], found["id"], "ACCEPT")
    return transfer_of(body, "advanceTransfer")


async def secretary_of(database: Database, world: World, tokens: TokenService, org: str) -> str:
    """A token of a secretary bound at `org`."""
    async with database.transaction() as session:
        account = await create_account(session, [(Role.SECRETARY, world.orgs[org])])
    return token_for(tokens, account)


async def create_transfer(
    session: AsyncSession,
    member: MemberRow,
    destination: OrganizationRow | None,
    **overrides: Any,
) -> TransferRow:
    """A transfer row as the workflow leaves it after its request (overrides for later ones)."""
    values: dict[str, Any] = {
        "member_id": member.id,
        "source_branch_id": member.branch_id,
        "source_path": member.org_path,
        "destination_branch_id": destination.id if destination else None,
        "destination_path": destination.path if destination else None,
        "destination_text": None if destination else "外省某县委组织部",
        "reason": "工作调动",
        "status": TransferStatus.REQUESTED,
        "requested_at": utcnow(),
        "version": 1,
    } | overrides
    row = TransferRow(**values)
    session.add(row)
    await session.flush()
    return row
