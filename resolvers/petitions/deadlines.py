"""The deadline job: mark overdue petitions and escalate each, exactly once, to the parent.

Every instance runs it. Each overdue petition is claimed by a conditional UPDATE
(`… WHERE id = :id AND overdue_at IS NULL`) as the first statement of its own transaction;
only the instance whose UPDATE changed the row writes the timeline steps and events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import write_audit_entries
from db.base import utcnow
from db.events.log import append_event
from db.organizations.models import OrganizationRow
from db.petitions.models import (
    OPEN_STATUSES,
    PetitionAction,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
)
from db.petitions.tallies import placement, retally_petition
from resolvers.context import Services
from resolvers.petitions.reads import ENTITY

SYSTEM = "系统"
BATCH = 200


async def escalate_overdue(services: Services, *, now: datetime | None = None) -> int:
    """Escalate the open petitions past their deadline; how many this call escalated."""
    now = now or utcnow()
    async with services.database.session() as session:
        candidates = list(
            await session.scalars(
                select(PetitionRow.id)
                .where(
                    PetitionRow.status.in_(OPEN_STATUSES),
                    PetitionRow.deadline_at < now,
                    PetitionRow.overdue_at.is_(None),
                )
                .order_by(PetitionRow.deadline_at)
                .limit(BATCH)
            )
        )
    escalated = 0
    for petition_id in candidates:
        event_ids = await _claim_and_escalate(services, petition_id, now)
        if event_ids:
            escalated += 1
            await services.hub.publish(event_ids)
    return escalated


async def _claim_and_escalate(services: Services, petition_id: int, now: datetime) -> list[int]:
    async with services.database.transaction() as session:
        claimed = await session.execute(
            update(PetitionRow)
            .where(
                PetitionRow.id == petition_id,
                PetitionRow.overdue_at.is_(None),
                PetitionRow.status.in_(OPEN_STATUSES),
            )
            .values(overdue_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            return []
        row = await session.get_one(PetitionRow, petition_id)
        handling = await session.get(OrganizationRow, row.handling_org_id)
        parent = (
            await session.get(OrganizationRow, handling.parent_id)
            if handling and handling.parent_id
            else None
        )
        status = row.status
        before = placement(row)
        steps: list[tuple[PetitionAction, PetitionStatus, dict[str, Any]]] = [
            (PetitionAction.OVERDUE, status, {"from": status.value, "to": status.value})
        ]
        if parent is not None:
            to = (
                PetitionStatus.SUBMITTED
                if status is PetitionStatus.SUBMITTED
                else PetitionStatus.ACCEPTED
            )
            row.status = to
            row.handling_org_id, row.handling_org_path = parent.id, parent.path
            row.handler_account_id = row.handler_name = None
            row.escalations += 1
            changes = {
                "from": status.value,
                "to": to.value,
                "fromOrganizationId": handling.id if handling else None,
                "toOrganizationId": parent.id,
                "automatic": True,
            }
            steps.append((PetitionAction.ESCALATE, to, changes))
        row.version += 1
        row.updated_at = now
        await session.flush()
        await retally_petition(session, before, placement(row))
        return [
            await _record(session, row, action, to, changes, now) for action, to, changes in steps
        ]


async def _record(
    session: AsyncSession,
    row: PetitionRow,
    action: PetitionAction,
    to: PetitionStatus,
    changes: dict[str, Any],
    now: datetime,
) -> int:
    session.add(
        PetitionStepRow(
            petition_id=row.id,
            action=action,
            from_status=PetitionStatus(changes["from"]),
            to_status=to,
            actor_account_id=None,
            actor_name=SYSTEM,
            organization_id=row.handling_org_id,
            note="超过办理时限" if action is PetitionAction.OVERDUE else "超期自动升级至上级组织",
            at=now,
        )
    )
    changes = changes | {"categoryId": row.category_id, "version": row.version}
    event_type = f"petition.{'overdue' if action is PetitionAction.OVERDUE else 'escalated'}"
    await write_audit_entries(
        session,
        [
            {
                "account_id": None,
                "action": event_type,
                "entity_type": ENTITY,
                "entity_id": row.id,
                "detail": changes,
            }
        ],
    )
    event = await append_event(
        session,
        type=event_type,
        org_path=row.org_path,
        entity_type=ENTITY,
        entity_id=row.id,
        account_id=None,
        payload={"changes": changes},
    )
    return event.id
