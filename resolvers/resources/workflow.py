"""The exchange 对接 state machine: legal steps as data (status × action × side → next
status), each step a conditional UPDATE on the version read (stale: CONFLICT), recorded on
the exchange's timeline with the actor, the time and a note.

Sides: UNIT, the unit's own accounts; COMMUNITY, who may post needs where the exchange's
community is. An exchange starts CLAIMED when a unit claims a need 认领, or POSTED when a
community requests a resource (the unit then accepts or declines); then SCHEDULED,
DELIVERED, rated by each side (in either order) and EVALUATED; or WITHDRAWN on the way.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.base import china_day, utcnow
from db.events.types import EventType
from db.resources.models import (
    ExchangeAction,
    ExchangeRow,
    ExchangeStatus,
    NeedStatus,
    ResourceStatus,
)
from db.resources.queries import ExchangeRecord, NeedRecord
from db.resources.writes import (
    ExchangeStep,
    apply_exchange_step,
    find_exchange,
    insert_exchange,
    set_need_status,
)
from resolvers.access import Permission
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.resources.reads import (
    resolve_exchange_by_id,
    resolve_need_by_id,
    resolve_resource_by_id,
)
from resolvers.units.reads import is_own_unit
from resolvers.validation import check_range, clean_idempotency_key, clean_text

S = ExchangeStatus
A = ExchangeAction


class Side(enum.StrEnum):
    UNIT = "unit"
    COMMUNITY = "community"


TRANSITIONS: dict[tuple[ExchangeStatus, ExchangeAction], dict[Side, ExchangeStatus]] = {
    (S.POSTED, A.ACCEPT): {Side.UNIT: S.CLAIMED},
    (S.POSTED, A.WITHDRAW): {Side.UNIT: S.WITHDRAWN, Side.COMMUNITY: S.WITHDRAWN},
    (S.CLAIMED, A.SCHEDULE): {Side.UNIT: S.SCHEDULED, Side.COMMUNITY: S.SCHEDULED},
    (S.CLAIMED, A.WITHDRAW): {Side.UNIT: S.WITHDRAWN, Side.COMMUNITY: S.WITHDRAWN},
    (S.SCHEDULED, A.SCHEDULE): {Side.UNIT: S.SCHEDULED, Side.COMMUNITY: S.SCHEDULED},
    (S.SCHEDULED, A.DELIVER): {Side.UNIT: S.DELIVERED},
    (S.SCHEDULED, A.WITHDRAW): {Side.UNIT: S.WITHDRAWN, Side.COMMUNITY: S.WITHDRAWN},
    (S.DELIVERED, A.RATE): {Side.UNIT: S.RATED_BY_UNIT, Side.COMMUNITY: S.RATED_BY_COMMUNITY},
    (S.RATED_BY_UNIT, A.RATE): {Side.COMMUNITY: S.EVALUATED},
    (S.RATED_BY_COMMUNITY, A.RATE): {Side.UNIT: S.EVALUATED},
}
# What an exchange's need becomes when the exchange reaches a status.
NEED_FOLLOWS = {
    S.DELIVERED: (NeedStatus.FULFILLED, (NeedStatus.CLAIMED,)),
    S.WITHDRAWN: (NeedStatus.OPEN, (NeedStatus.CLAIMED,)),
}
SIDE_NAMES = {Side.UNIT: "共建单位", Side.COMMUNITY: "社区"}


def sides_of(context: Context, row: ExchangeRecord) -> set[Side]:
    sides = set()
    if is_own_unit(context, row.unit_id):
        sides.add(Side.UNIT)
    if context.viewer.can(Permission.POST_NEEDS, row.org_path):
        sides.add(Side.COMMUNITY)
    return sides


def next_actions(context: Context, row: ExchangeRecord) -> list[ExchangeAction]:
    """The steps the viewer may take now."""
    mine = sides_of(context, row)
    return [
        action
        for (status, action), by_side in TRANSITIONS.items()
        if status is row.status and mine & set(by_side)
    ]


@dataclass(frozen=True, slots=True)
class StepInput:
    expected_version: int | None = None
    note: str | None = None
    scheduled_for: datetime | None = None
    rating: int | None = None
    comment: str | None = None


def _note(step: StepInput) -> str | None:
    return clean_text(step.note or "", field="note", max_length=500, required=False) or None


def _values(action: A, side: Side, step: StepInput, now: datetime) -> dict[str, Any]:
    if action is A.SCHEDULE:
        when = step.scheduled_for
        if when is None or when < now - timedelta(days=1):
            raise BadUserInput(
                "`scheduledFor` must be given, and not in the past.", field="scheduledFor"
            )
        return {"scheduled_for": when}
    if action is A.DELIVER:
        return {"delivered_at": now}
    if action is A.RATE:
        if step.rating is None:
            raise BadUserInput("`rating` must be 1 (poor) to 5 (excellent).", field="rating")
        check_range(step.rating, field="rating", low=1, high=5, what="(1 poor … 5 excellent)")
        comment = clean_text(step.comment or "", field="comment", max_length=500, required=False)
        prefix = "unit" if side is Side.UNIT else "community"
        return {f"{prefix}_rating": step.rating, f"{prefix}_comment": comment or None}
    return {}


def _stale(expected: int, current: int) -> str:
    return (
        f"The exchange changed meanwhile (you had version {expected}, it is now {current}); "
        "reload it and decide again."
    )


def _timeline_note(action: A, values: dict[str, Any], note: str | None) -> str | None:
    rating = values.get("unit_rating") or values.get("community_rating")
    if action is A.RATE and rating is not None:
        comment = values.get("unit_comment") or values.get("community_comment")
        return f"评分 {rating}/5" + (f"：{comment}" if comment else "")
    if action is A.SCHEDULE:
        return f"约定时间 {values['scheduled_for'].isoformat()}" + (f"；{note}" if note else "")
    return note


async def _follow_need(
    changes: ChangeSet, row: ExchangeRecord | ExchangeRow, to: ExchangeStatus, now: datetime
) -> None:
    if row.need_id is None or to not in NEED_FOLLOWS:
        return
    status, only_from = NEED_FOLLOWS[to]
    moved = await set_need_status(changes.session, row.need_id, status, now, only_from=only_from)
    if moved is not None:
        changes.record(
            EventType.NEED_CHANGED,
            moved.id,
            at=moved.org_path,
            changes={"from": only_from[0].value, "to": status.value},
        )


async def take_step(
    context: Context, exchange_id: int, global_id: str, action: A, step: StepInput
) -> ExchangeRow:
    """One step: legal from the current status, by a side that may take it, on a fresh
    version; the need follows (fulfilled on delivery, open again on withdrawal)."""
    account_id = context.require_account()
    row = await resolve_exchange_by_id(context, exchange_id)
    if row is None:
        raise not_found("exchange", global_id)
    if step.expected_version is not None and step.expected_version != row.version:
        raise Conflict(_stale(step.expected_version, row.version))
    by_side = TRANSITIONS.get((row.status, action))
    if by_side is None:
        allowed = (
            ", ".join(a.name for (status, a) in TRANSITIONS if status is row.status)
            or "none (it is finished)"
        )
        raise BadUserInput(
            f"{action.name} is not a step a {row.status.name} exchange can take; the steps it "
            f"can take now: {allowed}.",
            field="id",
        )
    sides = [side for side in by_side if side in sides_of(context, row)]
    if not sides:
        who = " or ".join(SIDE_NAMES[side] for side in by_side)
        raise Forbidden(f"Only the {who} side may {action.value} this exchange now.")
    side = sides[0]
    to = by_side[side]
    now = utcnow()
    values = _values(action, side, step, now) | {"status": to}
    note = _note(step)
    record = ExchangeStep(
        action=action,
        side=side.value,
        from_status=row.status,
        to_status=to,
        actor_account_id=account_id,
        actor_name=context.viewer.display_name,
        note=_timeline_note(action, values, note),
        at=now,
    )
    async with change(context, account_id, conflict="The exchange changed meanwhile.") as changes:
        fresh = await apply_exchange_step(changes.session, row, values, record)
        if fresh is None:
            raise Conflict(_stale(row.version, row.version + 1))
        await _follow_need(changes, row, to, now)
        changes.record(
            EventType.EXCHANGE_STEPPED,
            row.id,
            at=row.org_path,
            changes={
                "action": action.value,
                "side": side.value,
                "from": row.status.value,
                "to": to.value,
                "version": fresh.version,
            },
        )
    return fresh


async def _earlier(context: Context, account_id: int, key: str | None) -> ExchangeRow | None:
    if key is None:
        return None
    async with context.services.database.session() as session:
        return await find_exchange(session, account_id, key)


async def claim_need(
    context: Context,
    need_id: int,
    need_global_id: str,
    resource_id: int | None,
    resource_global_id: str | None,
    note: str | None,
    idempotency_key: str | None,
) -> ExchangeRow:
    """A unit claims an open need of a community it serves, optionally with one of its
    resources; of two units claiming at once, one wins and the other gets CONFLICT."""
    account_id = context.require_account()
    key = clean_idempotency_key(idempotency_key)
    if (earlier := await _earlier(context, account_id, key)) is not None:
        return earlier
    unit_id = context.viewer.unit_id
    need = await resolve_need_by_id(context, need_id)
    if need is None:
        raise not_found("need", need_global_id, field="needId")
    if unit_id is None or not context.viewer.can(Permission.CLAIM_NEEDS, need.org_path):
        raise Forbidden("Only a co-building unit serving this community may claim its needs.")
    if resource_id is not None:
        resource = await resolve_resource_by_id(context, resource_id)
        if resource is None or resource.unit_id != unit_id:
            raise not_found("resource of your unit", resource_global_id or "", field="resourceId")
        if resource.status is not ResourceStatus.OPEN:
            raise BadUserInput("That resource is withdrawn; offer an open one.", field="resourceId")
    parties = {
        "unit_id": unit_id,
        "need_id": need.id,
        "resource_id": resource_id,
        "organization_id": need.organization_id,
        "org_path": need.org_path,
    }
    return await _create(
        context, account_id, parties, need, S.CLAIMED, A.CLAIM, Side.UNIT, note, key
    )


async def request_resource(
    context: Context,
    resource_id: int,
    resource_global_id: str,
    organization_id: int,
    organization_global_id: str,
    need_id: int | None,
    need_global_id: str | None,
    note: str | None,
    idempotency_key: str | None,
) -> ExchangeRow:
    """A community (or grid) asks a unit serving it for one of its resources, optionally for
    one of its open needs; the unit then accepts (CLAIMED) or declines (WITHDRAWN)."""
    account_id = context.require_account()
    key = clean_idempotency_key(idempotency_key)
    if (earlier := await _earlier(context, account_id, key)) is not None:
        return earlier
    resource = await resolve_resource_by_id(context, resource_id)
    if resource is None or resource.status is not ResourceStatus.OPEN:
        raise not_found("open resource", resource_global_id, field="resourceId")
    place = await resolve_organization_by_id(context, organization_id)
    if place is None:
        raise not_found("organization", organization_global_id, field="organizationId")
    context.require(Permission.POST_NEEDS, place.path, action="request resources")
    served = await context.loaders.units.agreements.load(resource.unit_id)
    today = china_day(utcnow())
    if not any(a.in_force(today) and place.path.startswith(a.community_path) for a in served):
        raise BadUserInput(
            "This resource's unit has no agreement in force with that community; request "
            "resources of the units serving it.",
            field="organizationId",
        )
    need: NeedRecord | None = None
    if need_id is not None:
        need = await resolve_need_by_id(context, need_id)
        if need is None or not need.org_path.startswith(place.path):
            raise not_found("need of that organisation", need_global_id or "", field="needId")
    parties = {
        "unit_id": resource.unit_id,
        "need_id": need.id if need else None,
        "resource_id": resource.id,
        "organization_id": place.id,
        "org_path": place.path,
    }
    return await _create(
        context, account_id, parties, need, S.POSTED, A.REQUEST, Side.COMMUNITY, note, key
    )


async def _create(
    context: Context,
    account_id: int,
    parties: dict[str, Any],
    need: NeedRecord | None,
    to: ExchangeStatus,
    action: A,
    side: Side,
    note: str | None,
    key: str | None,
) -> ExchangeRow:
    now = utcnow()
    text = clean_text(note or "", field="note", max_length=500, required=False) or None
    step = ExchangeStep(
        action=action,
        side=side.value,
        from_status=None,
        to_status=to,
        actor_account_id=account_id,
        actor_name=context.viewer.display_name,
        note=text,
        at=now,
    )
    values = parties | {
        "status": to,
        "version": 1,
        "created_by_account_id": account_id,
        "idempotency_key": key,
        "created_at": now,
        "updated_at": now,
    }
    try:
        async with change(context, account_id, conflict="duplicate exchange") as changes:
            if need is not None:
                claimed = await set_need_status(
                    changes.session, need.id, NeedStatus.CLAIMED, now, only_from=[NeedStatus.OPEN]
                )
                if claimed is None:
                    raise Conflict(
                        "This need was claimed by another unit (or withdrawn) meanwhile; "
                        "reload the wall.",
                        field="needId",
                    )
                changes.record(
                    EventType.NEED_CHANGED,
                    need.id,
                    at=need.org_path,
                    changes={"from": NeedStatus.OPEN.value, "to": NeedStatus.CLAIMED.value},
                )
            row = await insert_exchange(changes.session, values, step)
            changes.record(
                EventType.EXCHANGE_OPENED,
                row.id,
                at=row.org_path,
                changes={"action": action.value, "status": to.value, "needId": row.need_id},
            )
    except Conflict:
        if (earlier := await _earlier(context, account_id, key)) is not None:
            return earlier
        raise
    return row
