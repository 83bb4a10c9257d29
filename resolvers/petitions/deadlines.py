"""The deadline job: mark overdue petitions and escalate each, exactly once, to the parent.

Every instance runs it (jobs/petitions.py). Each overdue petition is claimed by a conditional
UPDATE (`claim_overdue_petition`) as the first statement of its own transaction; only the
instance whose UPDATE changed the row writes the timeline steps and records the events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db.base import utcnow
from db.events.types import EventType
from db.petitions.models import PetitionAction, PetitionStatus
from db.petitions.writes import (
    Step,
    apply_petition_step,
    claim_overdue_petition,
    holder_and_parent,
    overdue_petition_ids,
)
from resolvers.changes import recording
from resolvers.context import Services
from resolvers.petitions.submitters import tell_submitter

SYSTEM = "系统"
BATCH = 200
OVERDUE_NOTE = "超过办理时限"
ESCALATED_NOTE = "超期自动升级至上级组织"


async def escalate_overdue(services: Services, *, now: datetime | None = None) -> int:
    """Escalate the open petitions past their deadline; how many this call escalated."""
    now = now or utcnow()
    async with services.database.session() as session:
        candidates = await overdue_petition_ids(session, now, BATCH)
    escalated = 0
    for petition_id in candidates:
        escalated += await _claim_and_escalate(services, petition_id, now)
    return escalated


async def _claim_and_escalate(services: Services, petition_id: int, now: datetime) -> bool:
    """Mark the petition overdue and hand it to the parent of its holder (if any), with a step
    and an event each; False when another instance claimed it first."""
    async with recording(services.database, services.hub.publish) as changes:
        row = await claim_overdue_petition(changes.session, petition_id, now)
        if row is None:
            return False
        holder, parent = await holder_and_parent(changes.session, row)
        status = row.status
        # (event, timeline action, status after it, note, what changed)
        steps: list[tuple[EventType, PetitionAction, PetitionStatus, str, dict[str, Any]]] = [
            (
                EventType.PETITION_OVERDUE,
                PetitionAction.OVERDUE,
                status,
                OVERDUE_NOTE,
                {"from": status.value, "to": status.value},
            )
        ]
        values: dict[str, Any] = {}
        if parent is not None:
            # Handed up as it stands: a petition nobody accepted yet stays SUBMITTED.
            submitted = status is PetitionStatus.SUBMITTED
            to = PetitionStatus.SUBMITTED if submitted else PetitionStatus.ACCEPTED
            values = {
                "status": to,
                "handling_org_id": parent.id,
                "handling_org_path": parent.path,
                "handler_account_id": None,
                "handler_name": None,
                "escalations": row.escalations + 1,
            }
            escalated = {
                "from": status.value,
                "to": to.value,
                "fromOrganizationId": holder.id if holder else None,
                "toOrganizationId": parent.id,
                "automatic": True,
            }
            steps.append(
                (
                    EventType.PETITION_ESCALATED,
                    PetitionAction.ESCALATE,
                    to,
                    ESCALATED_NOTE,
                    escalated,
                )
            )
        holding = parent.id if parent is not None else row.handling_org_id
        timeline = [
            Step(action, status, after, None, SYSTEM, holding, note, now)
            for _event, action, after, note, _changes in steps
        ]
        fresh = await apply_petition_step(changes.session, row, values, timeline, now)
        # The claim holds the row until commit, so no writer can have changed it meanwhile.
        assert fresh is not None
        for event_type, action, after, _note, changed in steps:
            changes.record(
                event_type,
                fresh.id,
                at=fresh.org_path,
                changes=changed | {"categoryId": fresh.category_id, "version": fresh.version},
            )
            tell_submitter(changes, fresh.id, fresh.submitter_account_id, action.value, after.value)
    return True
