"""Registering co-building units, signing their agreements, binding their accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.events.types import EventType
from db.organizations.models import GovernanceLevel
from db.units.models import AgreementRow, UnitRow, UnitSector
from db.units.writes import bind_unit_account, insert_agreement, insert_unit
from resolvers.access import Permission
from resolvers.accounts.named import resolve_account_by_username
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.units.reads import resolve_unit_by_id
from resolvers.validation import check_coordinates, clean_phone, clean_text


@dataclass(frozen=True, slots=True)
class UnitDraft:
    name: str
    sector: UnitSector
    contact_name: str
    contact_phone: str
    home_org_id: int
    home_global_id: str
    address: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    party_org_id: int | None = None
    party_org_global_id: str | None = None


async def register_unit(context: Context, draft: UnitDraft) -> UnitRow:
    """A new unit, registered with an organisation where the viewer manages units."""
    home = await resolve_organization_by_id(context, draft.home_org_id)
    if home is None:
        raise not_found("organization", draft.home_global_id, field="homeOrganizationId")
    account_id = context.require(Permission.MANAGE_UNITS, home.path, action="register units")
    check_coordinates(draft.longitude, draft.latitude)
    party_org_id = None
    if draft.party_org_id is not None:
        party = await resolve_organization_by_id(context, draft.party_org_id)
        if party is None:
            raise not_found(
                "organization", draft.party_org_global_id or "", field="partyOrganizationId"
            )
        party_org_id = party.id
    values = {
        "name": clean_text(draft.name, field="name", max_length=200),
        "sector": draft.sector,
        "contact_name": clean_text(draft.contact_name, field="contactName", max_length=64),
        "contact_phone": clean_phone(draft.contact_phone, field="contactPhone"),
        "address": clean_text(draft.address or "", field="address", max_length=200, required=False)
        or None,
        "longitude": draft.longitude,
        "latitude": draft.latitude,
        "home_org_id": home.id,
        "home_path": home.path,
        "party_org_id": party_org_id,
    }
    async with change(
        context, account_id, conflict="A unit of that name is registered already."
    ) as changes:
        row = await insert_unit(changes.session, values)
        changes.record(
            EventType.UNIT_REGISTERED,
            row.id,
            at=home.path,
            changes={"name": row.name, "sector": row.sector.value},
        )
    return row


async def sign_agreement(
    context: Context,
    unit_id: int,
    unit_global_id: str,
    community_id: int,
    community_global_id: str,
    starts_on: date,
    ends_on: date | None,
    content: str | None,
) -> AgreementRow:
    """A co-building agreement between a unit and a community the viewer manages units in."""
    unit = await resolve_unit_by_id(context, unit_id)
    if unit is None:
        raise not_found("co-building unit", unit_global_id, field="unitId")
    community = await resolve_organization_by_id(context, community_id)
    if community is None:
        raise not_found("organization", community_global_id, field="communityId")
    account_id = context.require(
        Permission.MANAGE_UNITS, community.path, action="sign co-building agreements"
    )
    if community.level is not GovernanceLevel.COMMUNITY:
        raise BadUserInput(
            "`communityId` must be a community 社区: agreements are signed with communities.",
            field="communityId",
        )
    if ends_on is not None and ends_on < starts_on:
        raise BadUserInput("`endsOn` must not be before `startsOn`.", field="endsOn")
    values = {
        "unit_id": unit.id,
        "community_id": community.id,
        "community_path": community.path,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "content": clean_text(content or "", field="content", max_length=2000, required=False)
        or None,
    }
    async with change(
        context,
        account_id,
        conflict="This unit already has an agreement with this community from that day.",
    ) as changes:
        row = await insert_agreement(changes.session, values)
        changes.record(
            EventType.UNIT_AGREEMENT_SIGNED,
            unit.id,
            at=community.path,
            changes={"agreementId": row.id, "communityId": community.id},
        )
    # Accounts of the unit gain the community at their next sign-in or cache expiry.
    context.services.viewers.forget_all()
    return row


async def bind_account_to_unit(
    context: Context, unit_id: int, unit_global_id: str, username: str
) -> UnitRow:
    """Let an existing account act for the unit (the `unit` role)."""
    unit = await resolve_unit_by_id(context, unit_id)
    if unit is None:
        raise not_found("co-building unit", unit_global_id, field="unitId")
    account_id = context.require(
        Permission.MANAGE_UNITS, unit.home_path, action="bind accounts to this unit"
    )
    account = await resolve_account_by_username(context, username)
    async with change(
        context, account_id, conflict="That account already acts for a unit."
    ) as changes:
        row = await bind_unit_account(changes.session, account.id, unit.id)
        changes.record(
            EventType.UNIT_ACCOUNT_BOUND,
            unit.id,
            at=unit.home_path,
            changes={"accountId": account.id},
        )
    context.services.viewers.forget_all()
    return row
