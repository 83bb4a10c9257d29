"""The deadline job: escalate overdue petitions up the chain 逐级上报, once per level.

Every instance runs it (jobs/petitions.py). A petition holds a deadline at the level that has
it (`level_deadline_at`: its category's deadline at first). Past it, the petition is marked
overdue there and handed to the parent with the parent's own deadline from the policy; overdue
again, it climbs again, up to the district and never above (overdue at the district, it is
marked overdue once more and stays). A petition dispatched to a department is the
department's while its dispatch is within the dispatch's deadline: the job passes it by (the
department's own overdue handling is that deadline). Once the department is late too, the
petition climbs as any other, still held by the department (status and handler as they are):
the level above may wait for its report, or withdraw the dispatch and handle it.

Each petition is claimed by a conditional UPDATE on its escalation count
(`claim_overdue_petition`) as the first statement of its own transaction; only the instance
whose UPDATE changed the row writes the timeline steps, the events and the handlers' reminders.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db.base import utcnow
from db.departments.queries import has_live_dispatch
from db.events.types import EventType
from db.organizations.models import OrganizationRow
from db.petitions.models import PetitionAction, PetitionRow, PetitionStatus
from db.petitions.writes import (
    Step,
    apply_petition_step,
    claim_overdue_petition,
    holder_and_parent,
    overdue_petition_ids,
)
from resolvers.changes import ChangeSet, recording
from resolvers.context import Services
from resolvers.petitions.notices import tell_new_level
from resolvers.petitions.policy import climbs_from
from resolvers.petitions.submitters import tell_submitter

SYSTEM = "系统"
BATCH = 200
OVERDUE_NOTE = "超过办理时限"
ESCALATED_NOTE = "超期自动升级至上级组织"

# (event, timeline action, status after it, note, what changed)
Planned = tuple[EventType, PetitionAction, PetitionStatus, str, dict[str, Any]]


async def escalate_overdue(services: Services, *, now: datetime | None = None) -> int:
    """Mark and escalate the open petitions past their level's deadline; how many this call
    claimed (escalated, or marked overdue at the top)."""
    now = now or utcnow()
    async with services.database.session() as session:
        candidates = await overdue_petition_ids(session, now, BATCH)
    claimed = 0
    for petition_id, escalations in candidates:
        claimed += await _claim_and_escalate(services, petition_id, escalations, now)
    return claimed


def _escalation(
    row: PetitionRow,
    holder: OrganizationRow | None,
    parent: OrganizationRow,
    level_deadline: datetime | None,
    dispatched: bool,
) -> tuple[dict[str, Any], Planned]:
    """What handing the petition up to `parent` (with its level's deadline) sets, and its
    step; one a department still holds (`dispatched`) keeps its status and handler."""
    status = row.status
    # Handed up as it stands: a petition nobody accepted yet stays SUBMITTED.
    to = PetitionStatus.SUBMITTED if status is PetitionStatus.SUBMITTED else PetitionStatus.ACCEPTED
    values: dict[str, Any] = {
        "handling_org_id": parent.id,
        "handling_org_path": parent.path,
        "escalations": row.escalations + 1,
        "level_deadline_at": level_deadline,
    }
    if dispatched:
        to = status
    else:
        values |= {"status": to, "handler_account_id": None, "handler_name": None}
    changed = {
        "from": status.value,
        "to": to.value,
        "fromOrganizationId": holder.id if holder else None,
        "toOrganizationId": parent.id,
        "level": parent.level.value if parent.level else None,
        "automatic": True,
    }
    return values, (
        EventType.PETITION_ESCALATED,
        PetitionAction.ESCALATE,
        to,
        ESCALATED_NOTE,
        changed,
    )


async def _claim_and_escalate(
    services: Services, petition_id: int, escalations: int, now: datetime
) -> bool:
    """Mark the petition overdue at its level and hand it to the parent of its holder when it
    may climb, with a step and an event each; False when another instance claimed it first."""
    async with recording(services.database, services.hub.publish) as changes:
        row = await claim_overdue_petition(changes.session, petition_id, escalations, now)
        if row is None:
            return False
        holder, parent = await holder_and_parent(changes.session, row)
        status, old_path = row.status, row.handling_org_path  # `row` is refreshed below
        steps: list[Planned] = [
            (
                EventType.PETITION_OVERDUE,
                PetitionAction.OVERDUE,
                status,
                OVERDUE_NOTE,
                {"from": status.value, "to": status.value, "escalations": row.escalations},
            )
        ]
        values: dict[str, Any] = {}
        # Where it goes: the parent, below the district's and never into the city; else nowhere.
        target = None
        if parent is not None and holder is not None and climbs_from(holder.level, parent.level):
            target = parent
        if target is not None:
            level_deadline = services.petitions.level_deadline(target.level, now)
            dispatched = await has_live_dispatch(changes.session, row.id)
            values, escalation = _escalation(row, holder, target, level_deadline, dispatched)
            steps.append(escalation)
        holding = target or holder
        timeline = [
            Step(action, status, after, None, SYSTEM, holding.id if holding else None, note, now)
            for _event, action, after, note, _changes in steps
        ]
        fresh = await apply_petition_step(changes.session, row, values, timeline, now)
        # The claim holds the row until commit, so no writer can have changed it meanwhile.
        assert fresh is not None
        places = [old_path, fresh.handling_org_path] if target is not None else []
        _record(changes, fresh, steps, places)
        if target is not None:
            await tell_new_level(changes, fresh, target.name, now)
    return True


def _record(
    changes: ChangeSet, fresh: PetitionRow, steps: list[Planned], places: list[str]
) -> None:
    """Each step's event, heard by the grid's subtree and by the old and new holders' (an
    escalation concerns both), and told to the resident who raised it."""
    for event_type, action, after, _note, changed in steps:
        changes.record(
            event_type,
            fresh.id,
            at=fresh.org_path,
            changes=changed | {"categoryId": fresh.category_id, "version": fresh.version},
            also_at=places if event_type is EventType.PETITION_ESCALATED else (),
        )
        tell_submitter(changes, fresh.id, fresh.submitter_account_id, action.value, after.value)
