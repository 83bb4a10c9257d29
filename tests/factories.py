"""Plain `create_<entity>(session, **overrides)` helpers for building test data."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.accounts.models import AccountRow, Role, RoleBindingRow
from db.members.models import Education, Gender, MemberRow, MemberStatus, Occupation
from db.members.tallies import member_tallies, retally
from db.organizations.models import OrganizationRow, PartyOrgKind
from db.paths import child_path
from resolvers.accounts.passwords import hash_password
from resolvers.accounts.tokens import TokenService
from resolvers.members.identity import check_digit

_sequence = itertools.count(1)
PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = hash_password(PASSWORD)


def make_id_card(birth_date: date, gender: Gender, serial: int | None = None) -> str:
    serial = next(_sequence) if serial is None else serial
    order = (serial % 499) * 2 + (1 if gender == Gender.MALE else 0)
    first17 = f"330106{birth_date:%Y%m%d}{order:03d}"
    return first17 + check_digit(first17)


async def create_organization(
    session: AsyncSession, parent: OrganizationRow | None = None, **overrides: Any
) -> OrganizationRow:
    serial = next(_sequence)
    values: dict[str, Any] = {
        "name": f"测试组织{serial}",
        "code": f"T-{serial}",
        "kind": PartyOrgKind.BRANCH,
        "level": None,
        "parent_id": parent.id if parent else None,
        "depth": parent.depth + 1 if parent else 0,
        "path": f"~pending-{serial}",
    } | overrides
    row = OrganizationRow(**values)
    session.add(row)
    await session.flush()
    row.path = child_path(parent.path if parent else None, row.id)
    await session.flush()
    return row


async def create_member(
    session: AsyncSession, branch: OrganizationRow, **overrides: Any
) -> MemberRow:
    serial = next(_sequence)
    gender = overrides.get("gender", Gender.FEMALE if serial % 3 == 0 else Gender.MALE)
    birth_date = overrides.get("birth_date", date(1960, 1, 1) + timedelta(days=serial * 97 % 15000))
    values: dict[str, Any] = {
        "name": f"党员{serial}",
        "gender": gender,
        "birth_date": birth_date,
        "ethnicity": "汉族",
        "education": Education.BACHELOR,
        "occupation": Occupation.PROFESSIONAL,
        "join_date": birth_date + timedelta(days=25 * 366),
        "status": MemberStatus.FULL,
        "branch_id": branch.id,
        "org_path": branch.path,
        "is_mobile": False,
        "id_card_number": make_id_card(birth_date, gender, serial),
        "phone": f"139{serial:08d}",
        "address": f"江州市测试路{serial}号",
    } | overrides
    row = MemberRow(**values)
    session.add(row)
    await session.flush()
    await retally(session, None, (row.org_path, member_tallies(row)))
    return row


async def create_account(
    session: AsyncSession,
    roles: list[tuple[Role, OrganizationRow]] = (),  # type: ignore[assignment]
    **overrides: Any,
) -> AccountRow:
    serial = next(_sequence)
    values: dict[str, Any] = {
        "username": f"user{serial}",
        "display_name": f"用户{serial}",
        "password_hash": _PASSWORD_HASH,
    } | overrides
    account = AccountRow(**values)
    session.add(account)
    await session.flush()
    for role, organization in roles:
        session.add(
            RoleBindingRow(account_id=account.id, organization_id=organization.id, role=role)
        )
    await session.flush()
    return account


def token_for(tokens: TokenService, account: AccountRow) -> str:
    return tokens.issue(account.id)[0]
