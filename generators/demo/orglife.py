"""Demo organisational life 组织生活: the demo account `member`, a party member's own.

Idempotent (nothing is written when the account exists). The account is the first full member
(by id) of a branch of 锦绣社区, the community every scoped demo account is bound to.
"""

from __future__ import annotations

from datetime import datetime

from db.accounts.models import AccountRow, MemberAccountRow
from db.bulk import (
    accounts_by_username,
    insert_rows,
    members_under,
    next_id,
    organizations_under,
)
from db.engine import Session
from db.organizations.models import GovernanceLevel
from generators.demo.names import DEMO_COMMUNITY, DEMO_MEMBER_ACCOUNT


async def demo_community_path(session: Session, root_path: str) -> str | None:
    """The path of 锦绣社区, the demo's own community."""
    for row in await organizations_under(session, root_path, GovernanceLevel.COMMUNITY):
        if row.name.startswith(DEMO_COMMUNITY):
            return row.path
    return None


async def seed_member_account(
    session: Session, *, root_path: str, password_hash: str, now: datetime
) -> int | None:
    """Create the demo account `member` once; the member id it is bound to (None if none was
    created: it exists already, or the demo community has no full member)."""
    username = DEMO_MEMBER_ACCOUNT.username
    if username in await accounts_by_username(session, [username]):
        return None
    community = await demo_community_path(session, root_path)
    members = await members_under(session, community) if community else []
    if not members:
        return None
    member_id, name, _branch, _path = members[0]
    account_id = await next_id(session, AccountRow.__tablename__)
    await insert_rows(
        session,
        AccountRow,
        [
            {
                "id": account_id,
                "username": username,
                "display_name": f"{name}{DEMO_MEMBER_ACCOUNT.display_name}",
                "password_hash": password_hash,
                "is_active": True,
                "created_at": now,
            }
        ],
    )
    await insert_rows(
        session, MemberAccountRow, [{"account_id": account_id, "member_id": member_id}]
    )
    return member_id
