"""Dues test data: the default brackets (PostgreSQL's leg truncates the migration's seed)."""

from __future__ import annotations

from typing import Any

import httpx

from db.dues.brackets import ensure_default_brackets
from db.engine import Database
from resolvers.accounts.tokens import TokenService
from resolvers.dues.months import add_months, current_month, format_month
from tests.factories import bind_member, create_account, token_for
from tests.graphql import execute
from tests.world import World


async def ensure_brackets(database: Database) -> None:
    async with database.transaction() as session:
        await ensure_default_brackets(session)


DECLARE = """
mutation ($input: DeclareDuesBaseInput!) {
  declareDuesBase(input: $input) { account { firstMonth monthlyAmountFen monthsOwed } }
}
"""
PAY = """
mutation ($input: PayDuesInput!) {
  payDues(input: $input) {
    payment { id kind amountFen months reversesPaymentId }
    account { monthsPaid monthsOwed paidFen arrearsMonths inArrears }
  }
}
"""
REVERSE = """
mutation ($input: ReverseDuesPaymentInput!) {
  reverseDuesPayment(input: $input) {
    payment { id kind amountFen months reversesPaymentId }
    account { monthsPaid monthsOwed paidFen }
  }
}
"""
ACCOUNT = """
query ($member: ID!) {
  duesAccount(memberId: $member) {
    category baseFen rateBasisPoints monthlyAmountFen firstMonth monthsPaid monthsOwed owedFen
    arrearsMonths inArrears paidFen months { month amountFen paid }
    payments { totalCount nodes { kind amountFen months } }
  }
}
"""


async def declare(
    client: httpx.AsyncClient,
    world: World,
    member: str,
    *,
    months_back: int,
    base_fen: int = 400_000,
    category: str = "IN_SERVICE",
    role: str = "secretary",
) -> dict[str, Any]:
    month = format_month(add_months(current_month(), -months_back))
    variables = {
        "input": {
            "memberId": world.member_id(member),
            "category": category,
            "baseFen": base_fen,
            "effectiveMonth": month,
        }
    }
    return await execute(client, DECLARE, variables, token=world.tokens[role])


async def pay(
    client: httpx.AsyncClient,
    world: World,
    member: str,
    key: str,
    months: list[str] | None = None,
    role: str = "secretary",
) -> dict[str, Any]:
    variables: dict[str, Any] = {"memberId": world.member_id(member), "idempotencyKey": key}
    if months is not None:
        variables["months"] = months
    return await execute(client, PAY, {"input": variables}, token=world.tokens[role])


async def account(
    client: httpx.AsyncClient, world: World, member: str, role: str = "secretary"
) -> dict[str, Any] | None:
    body = await execute(
        client, ACCOUNT, {"member": world.member_id(member)}, token=world.tokens[role]
    )
    assert "errors" not in body, body
    found: dict[str, Any] | None = body["data"]["duesAccount"]
    return found


def month_back(count: int) -> str:
    return format_month(add_months(current_month(), -count))


async def member_token(database: Database, world: World, tokens: TokenService, member: str) -> str:
    """A party member's own account (the `member` role) for world member `member`."""
    async with database.transaction() as session:
        account = await create_account(session, [], username=f"member_{member}")
        await bind_member(session, account, world.members[member])
    world.tokens[f"member_{member}"] = token_for(tokens, account)
    return world.tokens[f"member_{member}"]
