"""Publishing resources (a unit, or whoever manages units where it is registered) and posting
needs (community staff, for the community, a grid, or a resident)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from db.base import utcnow
from db.events.types import EventType
from db.organizations.models import GovernanceLevel
from db.resources.models import (
    NeedRow,
    NeedStatus,
    ResourceCategory,
    ResourceRow,
    ResourceStatus,
)
from db.resources.writes import (
    change_resource,
    find_need,
    insert_need,
    insert_resource,
    set_need_status,
)
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.resources.reads import resolve_need_by_id, resolve_resource_by_id
from resolvers.resources.terms import segment
from resolvers.units.reads import is_own_unit, resolve_unit_by_id
from resolvers.validation import (
    check_coordinates,
    check_range,
    clean_idempotency_key,
    clean_text,
)

MAX_DESCRIPTION = 2000


@dataclass(frozen=True, slots=True)
class ResourceDraft:
    unit_id: int
    unit_global_id: str
    category: ResourceCategory
    title: str
    description: str
    quantity: int
    quantity_unit: str
    available_from: date
    available_until: date | None = None
    address: str | None = None
    longitude: float | None = None
    latitude: float | None = None


async def _unit_for_writing(context: Context, unit_id: int, global_id: str) -> tuple[int, Any]:
    account_id = context.require_account()
    unit = await resolve_unit_by_id(context, unit_id)
    if unit is None:
        raise not_found("co-building unit", global_id, field="unitId")
    if not is_own_unit(context, unit.id) and not context.viewer.can(
        Permission.MANAGE_UNITS, unit.home_path
    ):
        raise Forbidden("Only the unit's own accounts, or who manages its units, may do this.")
    return account_id, unit


def _when(available_from: date, available_until: date | None) -> None:
    if available_until is not None and available_until < available_from:
        raise BadUserInput(
            "`availableUntil` must not be before `availableFrom`.", field="availableUntil"
        )


async def publish_resource(context: Context, draft: ResourceDraft) -> ResourceRow:
    account_id, unit = await _unit_for_writing(context, draft.unit_id, draft.unit_global_id)
    check_coordinates(draft.longitude, draft.latitude)
    check_range(draft.quantity, field="quantity", low=1, high=1_000_000, what="(how many)")
    _when(draft.available_from, draft.available_until)
    title = clean_text(draft.title, field="title", max_length=100)
    description = clean_text(draft.description, field="description", max_length=MAX_DESCRIPTION)
    located = draft.longitude is not None
    values = {
        "unit_id": unit.id,
        "category": draft.category,
        "title": title,
        "description": description,
        "quantity": draft.quantity,
        "quantity_unit": clean_text(draft.quantity_unit, field="quantityUnit", max_length=16),
        "available_from": draft.available_from,
        "available_until": draft.available_until,
        "address": clean_text(draft.address or "", field="address", max_length=200, required=False)
        or unit.address,
        "longitude": draft.longitude if located else unit.longitude,
        "latitude": draft.latitude if located else unit.latitude,
        "status": ResourceStatus.OPEN,
        "terms": await segment(title, description),
        "created_by_account_id": account_id,
    }
    async with change(context, account_id, conflict="The resource changed meanwhile.") as changes:
        row = await insert_resource(changes.session, values)
        changes.record(
            EventType.RESOURCE_PUBLISHED,
            row.id,
            at=unit.home_path,
            changes={"unitId": unit.id, "category": row.category.value},
        )
    return row


async def withdraw_resource(
    context: Context, resource_id: int, global_id: str, expected_version: int | None
) -> ResourceRow:
    """Take a resource off the wall (its exchanges under way go on)."""
    row = await resolve_resource_by_id(context, resource_id)
    if row is None:
        raise not_found("resource", global_id)
    account_id, unit = await _unit_for_writing(context, row.unit_id, global_id)
    if expected_version is not None and expected_version != row.version:
        raise Conflict("The resource changed meanwhile; reload it and decide again.")
    if row.status is ResourceStatus.WITHDRAWN:
        raise BadUserInput("The resource is withdrawn already.", field="id")
    async with change(context, account_id, conflict="The resource changed meanwhile.") as changes:
        fresh = await change_resource(
            changes.session, row.id, row.version, {"status": ResourceStatus.WITHDRAWN}
        )
        if fresh is None:
            raise Conflict("The resource changed meanwhile; reload it and decide again.")
        changes.record(
            EventType.RESOURCE_CHANGED,
            row.id,
            at=unit.home_path,
            changes={"status": ResourceStatus.WITHDRAWN.value},
        )
    return fresh


@dataclass(frozen=True, slots=True)
class NeedDraft:
    organization_id: int
    organization_global_id: str
    category: ResourceCategory
    title: str
    description: str
    people: int
    needed_from: date
    needed_until: date
    requested_for: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    idempotency_key: str | None = None


_NEED_LEVELS = (GovernanceLevel.COMMUNITY, GovernanceLevel.GRID)


async def post_need(context: Context, draft: NeedDraft) -> NeedRow:
    """A need of a community or grid on the wall; the same idempotency key again answers with
    the need first posted."""
    account_id = context.require_account()
    key = clean_idempotency_key(draft.idempotency_key)
    if key is not None:
        async with context.services.database.session() as session:
            earlier = await find_need(session, account_id, key)
        if earlier is not None:
            return earlier
    place = await resolve_organization_by_id(context, draft.organization_id)
    if place is None:
        raise not_found("organization", draft.organization_global_id, field="organizationId")
    context.require(Permission.POST_NEEDS, place.path, action="post needs")
    if place.level not in _NEED_LEVELS:
        raise BadUserInput(
            "`organizationId` must be a community 社区 or a grid 网格: needs are theirs.",
            field="organizationId",
        )
    check_coordinates(draft.longitude, draft.latitude)
    check_range(draft.people, field="people", low=1, high=100_000, what="people")
    if draft.needed_until < draft.needed_from:
        raise BadUserInput("`neededUntil` must not be before `neededFrom`.", field="neededUntil")
    title = clean_text(draft.title, field="title", max_length=100)
    description = clean_text(draft.description, field="description", max_length=MAX_DESCRIPTION)
    located = draft.longitude is not None
    values = {
        "organization_id": place.id,
        "org_path": place.path,
        "category": draft.category,
        "title": title,
        "description": description,
        "people": draft.people,
        "needed_from": draft.needed_from,
        "needed_until": draft.needed_until,
        "requested_for": clean_text(
            draft.requested_for or "", field="requestedFor", max_length=100, required=False
        )
        or None,
        "longitude": draft.longitude if located else place.longitude,
        "latitude": draft.latitude if located else place.latitude,
        "status": NeedStatus.OPEN,
        "terms": await segment(title, description),
        "created_by_account_id": account_id,
        "idempotency_key": key,
    }
    try:
        async with change(context, account_id, conflict="duplicate need") as changes:
            row = await insert_need(changes.session, values)
            changes.record(
                EventType.NEED_POSTED,
                row.id,
                at=place.path,
                changes={"category": row.category.value, "people": row.people},
            )
    except Conflict:
        if key is None:
            raise
        async with context.services.database.session() as session:
            earlier = await find_need(session, account_id, key)
        if earlier is None:
            raise
        return earlier
    return row


async def withdraw_need(context: Context, need_id: int, global_id: str) -> NeedRow:
    """Take an open need off the wall (one under way is withdrawn through its exchange)."""
    row = await resolve_need_by_id(context, need_id)
    if row is None:
        raise not_found("need", global_id)
    account_id = context.require(Permission.POST_NEEDS, row.org_path, action="withdraw needs")
    async with change(context, account_id, conflict="The need changed meanwhile.") as changes:
        fresh = await set_need_status(
            changes.session, row.id, NeedStatus.WITHDRAWN, utcnow(), only_from=[NeedStatus.OPEN]
        )
        if fresh is None:
            raise Conflict(
                f"Only an open need can be withdrawn; this one is {row.status.name}. Withdraw "
                "its exchange instead.",
                field="id",
            )
        changes.record(
            EventType.NEED_CHANGED,
            row.id,
            at=row.org_path,
            changes={"from": row.status.value, "to": NeedStatus.WITHDRAWN.value},
        )
    return fresh
