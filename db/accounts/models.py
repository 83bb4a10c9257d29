"""Accounts and their role bindings on organisation nodes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, UtcDateTime, utcnow
from db.enums import string_enum
from db.members.models import MemberRow, MemberStatus
from db.organizations.models import OrganizationRow


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    SECRETARY = "secretary"
    GRID_WORKER = "grid_worker"
    STATION_STAFF = "station_staff"
    RESIDENT = "resident"
    PARTNER = "partner"
    # Acts for a co-building unit (db/units): its bindings are the communities it serves.
    UNIT = "unit"
    # A party member 党员 signed in as themself (`member_accounts`): a binding on their branch
    # is derived from their record, never stored, so it follows a transfer.
    MEMBER = "member"
    # Acts for a functional department 职能部门 (db/departments): bound to the department's own
    # place, outside the tree, so it sees the petitions dispatched to it and nothing else.
    DEPARTMENT = "department"


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RoleBindingRow(Base):
    __tablename__ = "role_bindings"
    __table_args__ = (UniqueConstraint("account_id", "organization_id", "role"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[Role] = mapped_column(string_enum(Role, "role"))


class MemberAccountRow(Base):
    """An account that is one party member's own (the `member` role): at most one each way."""

    __tablename__ = "member_accounts"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), unique=True)


async def get_active_account_as_member(
    session: AsyncSession, account_id: int
) -> tuple[AccountRow, tuple[int, int, str, bool] | None] | None:
    """The active account, and (member id, branch id, branch path, whether they left the
    platform 已转出) of the party member it is, if it is one's own; in one statement (it runs
    on every sign-in of a token)."""
    result = await session.execute(
        select(AccountRow, MemberRow.id, MemberRow.branch_id, MemberRow.org_path, MemberRow.status)
        .outerjoin(MemberAccountRow, MemberAccountRow.account_id == AccountRow.id)
        .outerjoin(MemberRow, MemberRow.id == MemberAccountRow.member_id)
        .where(AccountRow.id == account_id, AccountRow.is_active.is_(True))
    )
    row = result.first()
    if row is None:
        return None
    account, member_id, branch_id, path, status = row
    if member_id is None:
        return account, None
    return account, (member_id, branch_id, path, status is MemberStatus.TRANSFERRED_OUT)


async def get_account_by_username(session: AsyncSession, username: str) -> AccountRow | None:
    return await session.scalar(select(AccountRow).where(AccountRow.username == username))


async def get_active_account(session: AsyncSession, account_id: int) -> AccountRow | None:
    return await session.scalar(
        select(AccountRow).where(AccountRow.id == account_id, AccountRow.is_active.is_(True))
    )


async def get_bindings_with_paths(
    session: AsyncSession, account_id: int
) -> list[tuple[Role, int, str]]:
    """The account's bindings as (role, organisation id, organisation path)."""
    rows = await session.execute(
        select(RoleBindingRow.role, OrganizationRow.id, OrganizationRow.path)
        .join(OrganizationRow, OrganizationRow.id == RoleBindingRow.organization_id)
        .where(RoleBindingRow.account_id == account_id)
        .order_by(OrganizationRow.path)
    )
    return [(role, org_id, path) for role, org_id, path in rows]


async def set_account_active(session: AsyncSession, account_id: int, active: bool) -> bool:
    """Enable or disable the account; False when it already was so."""
    result = await session.execute(
        update(AccountRow)
        .where(AccountRow.id == account_id, AccountRow.is_active != active)
        .values(is_active=active)
        .returning(AccountRow.id)
    )
    return result.first() is not None
