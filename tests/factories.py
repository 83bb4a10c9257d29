"""Plain `create_<entity>(session, **overrides)` helpers for building test data."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.accounts.models import AccountRow, MemberAccountRow, Role, RoleBindingRow
from db.activities.models import ActivityAudience, ActivityKind, ActivityRow, ActivityStatus
from db.members.models import Education, Gender, MemberRow, MemberStatus, Occupation
from db.members.tallies import member_tallies, retally
from db.organizations.models import OrganizationRow, PartyOrgKind
from db.paths import child_path
from db.resources.models import ResourceCategory, ResourceRow, ResourceStatus
from db.units.models import AgreementRow, UnitAccountRow, UnitRow, UnitSector
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


async def bind_member(session: AsyncSession, account: AccountRow, member: MemberRow) -> None:
    """Make the account that party member's own (the `member` role)."""
    session.add(MemberAccountRow(account_id=account.id, member_id=member.id))
    await session.flush()


async def create_unit(session: AsyncSession, home: OrganizationRow, **overrides: Any) -> UnitRow:
    serial = next(_sequence)
    values: dict[str, Any] = {
        "name": f"共建单位{serial}",
        "sector": UnitSector.ENTERPRISE,
        "contact_name": "联络员",
        "contact_phone": "0571-87654321",
        "address": f"测试路{serial}号",
        "longitude": home.longitude or 120.15,
        "latitude": home.latitude or 30.28,
        "home_org_id": home.id,
        "home_path": home.path,
    } | overrides
    row = UnitRow(**values)
    session.add(row)
    await session.flush()
    return row


async def create_agreement(
    session: AsyncSession, unit: UnitRow, community: OrganizationRow, **overrides: Any
) -> AgreementRow:
    values: dict[str, Any] = {
        "unit_id": unit.id,
        "community_id": community.id,
        "community_path": community.path,
        "starts_on": date.today() - timedelta(days=30),
        "ends_on": None,
    } | overrides
    row = AgreementRow(**values)
    session.add(row)
    await session.flush()
    return row


async def bind_unit(session: AsyncSession, account: AccountRow, unit: UnitRow) -> None:
    session.add(UnitAccountRow(account_id=account.id, unit_id=unit.id))
    await session.flush()


async def create_activity(
    session: AsyncSession, host: OrganizationRow, **overrides: Any
) -> ActivityRow:
    serial = next(_sequence)
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "title": f"测试活动{serial}",
        "kind": ActivityKind.VOLUNTEER_SERVICE,
        "description": "清理楼道杂物",
        "organization_id": host.id,
        "org_path": host.path,
        "address": "社区广场",
        "longitude": 120.15,
        "latitude": 30.28,
        "starts_at": now + timedelta(hours=2),
        "ends_at": now + timedelta(hours=4),
        "capacity": 10,
        "audience": ActivityAudience.EVERYONE,
        "credits_hours": True,
        "check_in_radius_meters": 300,
        "status": ActivityStatus.SCHEDULED,
    } | overrides
    row = ActivityRow(**values)
    session.add(row)
    await session.flush()
    return row


async def create_resource(session: AsyncSession, unit: UnitRow, **overrides: Any) -> ResourceRow:
    serial = next(_sequence)
    values: dict[str, Any] = {
        "unit_id": unit.id,
        "category": ResourceCategory.HEALTH,
        "title": f"资源{serial}",
        "description": "医生到社区为老人测量血压",
        "quantity": 10,
        "quantity_unit": "场",
        "available_from": date.today() - timedelta(days=10),
        "available_until": None,
        "longitude": unit.longitude,
        "latitude": unit.latitude,
        "status": ResourceStatus.OPEN,
        "terms": ["医生", "社区", "老人", "测量", "血压"],
    } | overrides
    row = ResourceRow(**values)
    session.add(row)
    await session.flush()
    return row
