"""A small organisation tree with one account per role, shared by the API tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.accounts.models import AccountRow, Role
from db.engine import Database
from db.members.models import MemberRow
from db.organizations.models import GovernanceLevel as Level
from db.organizations.models import OrganizationRow
from db.organizations.models import PartyOrgKind as Kind
from resolvers.accounts.tokens import TokenService
from schema.relay import to_global_id
from tests.factories import create_account, create_member, create_organization, token_for


@dataclass
class World:
    """city ─ district A ─ street A1 ─ community A1a ─ grids g1 (2 members), g2 (1 member)
    city ─ district B ─ street B1 ─ community B1a ─ grid b1 (1 member)"""

    orgs: dict[str, OrganizationRow] = field(default_factory=dict)
    members: dict[str, MemberRow] = field(default_factory=dict)
    accounts: dict[str, AccountRow] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def org_id(self, name: str) -> str:
        return to_global_id("Organization", self.orgs[name].id)

    def member_id(self, name: str) -> str:
        return to_global_id("Member", self.members[name].id)


ROLE_ACCOUNTS = {
    "admin": (Role.ADMINISTRATOR, "city"),
    "secretary": (Role.SECRETARY, "community_a"),
    "grid_worker": (Role.GRID_WORKER, "grid_a1"),
    "station_staff": (Role.STATION_STAFF, "community_a"),
    "resident": (Role.RESIDENT, "community_a"),
    "partner": (Role.PARTNER, "district_a"),
    "outsider": (Role.SECRETARY, "community_b"),
}


async def build_world(database: Database, tokens: TokenService) -> World:
    world = World()
    async with database.transaction() as session:
        o = world.orgs
        o["city"] = await create_organization(
            session, name="江州市委", code="W", level=Level.CITY, kind=Kind.COMMITTEE
        )
        for side in ("a", "b"):
            o[f"district_{side}"] = await create_organization(
                session,
                o["city"],
                name=f"{side.upper()}区委",
                code=f"W-{side}",
                level=Level.DISTRICT,
                kind=Kind.COMMITTEE,
            )
            o[f"street_{side}"] = await create_organization(
                session,
                o[f"district_{side}"],
                name=f"{side.upper()}街道党工委",
                code=f"W-{side}-1",
                level=Level.STREET,
                kind=Kind.WORKING_COMMITTEE,
            )
            o[f"community_{side}"] = await create_organization(
                session,
                o[f"street_{side}"],
                name=f"{side.upper()}社区党委",
                code=f"W-{side}-1-1",
                level=Level.COMMUNITY,
                kind=Kind.COMMITTEE,
            )
        for name, parent in (
            ("grid_a1", "community_a"),
            ("grid_a2", "community_a"),
            ("grid_b1", "community_b"),
        ):
            o[name] = await create_organization(
                session,
                o[parent],
                name=f"{name}网格党支部",
                code=f"W-{name}",
                level=Level.GRID,
                kind=Kind.BRANCH,
            )
        for name, branch in (
            ("m1", "grid_a1"),
            ("m2", "grid_a1"),
            ("m3", "grid_a2"),
            ("m4", "grid_b1"),
        ):
            world.members[name] = await create_member(
                session, o[branch], residence_community_id=o[branch].parent_id
            )
        for username, (role, org) in ROLE_ACCOUNTS.items():
            world.accounts[username] = await create_account(
                session, [(role, o[org])], username=username
            )
    world.tokens = {name: token_for(tokens, account) for name, account in world.accounts.items()}
    return world
