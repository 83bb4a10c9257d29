"""Telling handlers that a petition needs them now, through the one reminder mechanism
(智慧提醒): when a petition climbs to a new level, the handlers bound there hear of it; when
an upper level supervises it (督办), its handler does (or, with none assigned, the handlers of
the organisation holding it). Stored in the step's own transaction, once per petition, person
and step (the period names the escalation level or the supervision's number)."""

from __future__ import annotations

from datetime import datetime

from db.base import CHINA_STANDARD_TIME
from db.petitions.models import PetitionRow
from db.petitions.reminders import nearest_handlers
from resolvers.access import ROLE_PERMISSIONS, Permission
from resolvers.changes import ChangeSet
from resolvers.reminders.produce import remind_within
from resolvers.reminders.rules import ReminderDraft

ESCALATED_RULE = "petition_escalated"
SUPERVISED_RULE = "petition_supervised"
_HANDLING_ROLES = tuple(
    role for role, granted in ROLE_PERMISSIONS.items() if Permission.HANDLE_PETITIONS in granted
)


def _local(at: datetime) -> str:
    return f"{at.astimezone(CHINA_STANDARD_TIME):%m月%d日 %H:%M}"


async def _recipients(changes: ChangeSet, petition: PetitionRow) -> list[int]:
    """Its handler; with none assigned, the handlers of the organisation holding it (or of the
    nearest one above it that has any), never the person acting."""
    if petition.handler_account_id is not None:
        handler = petition.handler_account_id
        return [] if handler == changes.account_id else [handler]
    return await nearest_handlers(
        changes.session,
        petition.handling_org_path,
        _HANDLING_ROLES,
        exclude=changes.account_id,
    )


async def tell_new_level(
    changes: ChangeSet,
    petition: PetitionRow,
    organization_name: str,
    now: datetime,
    *,
    automatic: bool = True,
) -> list[int]:
    """The petition just arrived at `organization_name` by escalation (the deadline job's, or
    a handler's 上报): its handlers there."""
    why = "超期未办结，已升级至" if automatic else "已由下级上报至"
    due = petition.level_deadline_at
    until = f"，请于 {_local(due)} 前办结" if due else "，请尽快办结"
    drafts = [
        ReminderDraft(
            account_id=account,
            period=f"level-{petition.escalations}",
            subject_key=str(petition.id),
            subject_type="Petition",
            subject_id=petition.id,
            title="诉求超期升级" if automatic else "诉求上报",
            body=f"诉求《{petition.title}》{why}{organization_name}{until}。",
            due_at=due,
        )
        for account in await _recipients(changes, petition)
    ]
    return await remind_within(changes, ESCALATED_RULE, drafts, now)


async def tell_supervised(
    changes: ChangeSet, petition: PetitionRow, supervisor: str, now: datetime
) -> list[int]:
    """An upper level supervises the petition 督办: its handler (or its holders)."""
    due = petition.level_deadline_at
    note = f"：{petition.supervision_note}" if petition.supervision_note else ""
    drafts = [
        ReminderDraft(
            account_id=account,
            period=f"supervision-{petition.supervisions}",
            subject_key=str(petition.id),
            subject_type="Petition",
            subject_id=petition.id,
            title="诉求督办",
            body=f"{supervisor}督办诉求《{petition.title}》{note}",
            due_at=due,
        )
        for account in await _recipients(changes, petition)
    ]
    return await remind_within(changes, SUPERVISED_RULE, drafts, now)
