"""Organisation writes: create, update and move within the tree, all-or-nothing."""

from __future__ import annotations

from dataclasses import dataclass

from db.events.types import EventType
from db.moves import move_subtree
from db.organizations.models import GovernanceLevel, OrganizationRow, PartyOrgKind, Sector
from db.organizations.queries import OrganizationRecord
from db.organizations.writes import change_organization, insert_organization
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.validation import check_coordinates, clean_code, clean_text

LEVEL_ORDER = list(GovernanceLevel)


@dataclass(frozen=True, slots=True)
class OrganizationDraft:
    parent_id: int
    parent_global_id: str
    name: str
    code: str
    kind: PartyOrgKind
    level: GovernanceLevel | None = None
    sector: Sector = Sector.GOVERNANCE
    longitude: float | None = None
    latitude: float | None = None


def _check_level(level: GovernanceLevel | None, parent: OrganizationRecord) -> None:
    if level is None:
        return
    expected = (
        LEVEL_ORDER[LEVEL_ORDER.index(parent.level) + 1]
        if parent.level is not None and parent.level != GovernanceLevel.GRID
        else None
    )
    if level != expected:
        allowed = f"`{expected.name}`" if expected else "no governance level (null)"
        raise BadUserInput(
            f"A {level.name} node cannot sit under {parent.name} "
            f"(level {parent.level.name if parent.level else 'none'}): use {allowed}, or "
            "choose a parent one level up.",
            field="level",
        )


async def _load_for_write(
    context: Context, org_id: int, global_id: str, field: str
) -> OrganizationRecord:
    row = await resolve_organization_by_id(context, org_id)
    if row is None:
        raise not_found("organization", global_id, field=field)
    context.require(Permission.WRITE_ORGANIZATIONS, row.path, action=f"change {row.name}")
    return row


async def create_organization(context: Context, draft: OrganizationDraft) -> OrganizationRow:
    name = clean_text(draft.name, field="name", max_length=200)
    code = clean_code(draft.code, field="code")
    check_coordinates(draft.longitude, draft.latitude)
    parent = await _load_for_write(context, draft.parent_id, draft.parent_global_id, "parentId")
    _check_level(draft.level, parent)
    account_id = context.require_account()
    async with change(
        context, account_id, conflict=f"The code {code!r} is taken; choose another code."
    ) as changes:
        values = {
            "name": name,
            "code": code,
            "level": draft.level,
            "kind": draft.kind,
            "sector": draft.sector,
            "longitude": draft.longitude,
            "latitude": draft.latitude,
        }
        row = await insert_organization(changes.session, parent, values)
        changes.record(
            EventType.ORGANIZATION_CREATED,
            row.id,
            at=row.path,
            changes={"name": name, "code": code, "parentId": parent.id},
        )
    return row


@dataclass(frozen=True, slots=True)
class OrganizationChanges:
    """Fields to change; None leaves a field as it is."""

    name: str | None = None
    code: str | None = None
    kind: PartyOrgKind | None = None
    longitude: float | None = None
    latitude: float | None = None


async def update_organization(
    context: Context, org_id: int, global_id: str, edits: OrganizationChanges
) -> OrganizationRow:
    current = await _load_for_write(context, org_id, global_id, "id")
    values: dict[str, object] = {}
    if edits.name is not None:
        values["name"] = clean_text(edits.name, field="name", max_length=200)
    if edits.code is not None:
        values["code"] = clean_code(edits.code, field="code")
    if edits.kind is not None:
        values["kind"] = edits.kind
    if edits.longitude is not None or edits.latitude is not None:
        longitude = current.longitude if edits.longitude is None else edits.longitude
        latitude = current.latitude if edits.latitude is None else edits.latitude
        check_coordinates(longitude, latitude)
        values |= {"longitude": longitude, "latitude": latitude}
    if not values:
        raise BadUserInput("Nothing to change: give at least one field to update.", field="id")
    account_id = context.require_account()
    async with change(
        context, account_id, conflict=f"The code {values.get('code')!r} is taken; choose another."
    ) as changes:
        row = await change_organization(changes.session, org_id, values)
        changes.record(
            EventType.ORGANIZATION_UPDATED,
            row.id,
            at=row.path,
            changes={key: str(value) for key, value in values.items()},
        )
    return row


async def move_organization(
    context: Context, org_id: int, global_id: str, new_parent_id: int, new_parent_global_id: str
) -> OrganizationRow:
    node = await _load_for_write(context, org_id, global_id, "id")
    new_parent = await _load_for_write(context, new_parent_id, new_parent_global_id, "newParentId")
    if node.parent_id is None:
        raise BadUserInput("The root organisation cannot be moved.", field="id")
    if new_parent.path.startswith(node.path):
        raise BadUserInput(
            f"{new_parent.name} lies inside {node.name}'s own subtree; choose a parent outside it.",
            field="newParentId",
        )
    _check_level(node.level, new_parent)
    account_id = context.require_account()
    async with change(
        context, account_id, conflict="The tree changed meanwhile; retry."
    ) as changes:
        move = await move_subtree(changes.session, org_id, new_parent)
        old_parent_path = move.old_path.removesuffix(f"{org_id}/")
        # It concerns the subtree it joined and the one it left: viewers of either hear of it.
        changes.record(
            EventType.ORGANIZATION_MOVED,
            org_id,
            at=move.new_path,
            also_at=[old_parent_path],
            changes={
                "fromParentId": node.parent_id,
                "toParentId": new_parent.id,
                "fromPath": move.old_path,
            },
        )
    context.services.viewers.forget_all()  # bindings in the subtree now have other paths
    return move.node
