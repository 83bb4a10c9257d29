"""Merging a duplicate report into a master petition 重复诉求合并, and the reports following it.

How the figures count it (decided here, relied on by the statistics): a merged report is a
petition received (it stays in totals) but not an open problem of its own: its status becomes
MERGED, which no open or overdue figure counts, and the master counts the residents who
reported the problem (`reporters`). When the master is resolved or rejected, every report
still merged into it takes the same outcome in the same transaction (its own step, its
resident told once), so each resident may rate the resolution of their own report, and
resolution, on-time and satisfaction figures count every resident's report once. When the
master, reopened, is resolved or rejected again, the reports that took its earlier outcome keep
their status, rating and figures; each gets the step on its timeline (a resolution replaces
theirs) and its resident is told again, once per outcome as the first time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.base import utcnow
from db.events.types import EventType
from db.petitions.merges import merged_reports
from db.petitions.models import OPEN_STATUSES, PetitionAction, PetitionRow, PetitionStatus
from db.petitions.queries import PetitionRecord
from db.petitions.writes import Step, apply_petition_step
from resolvers.access import Permission
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.petitions.dispatched import refuse_if_held
from resolvers.petitions.reads import resolve_petition_by_id
from resolvers.petitions.submitters import tell_submitter
from resolvers.validation import clean_text

S = PetitionStatus
A = PetitionAction
# The master's steps its merged reports follow, and the status they take.
FOLLOWED = {A.RESOLVE: S.RESOLVED, A.REJECT: S.REJECTED}


@dataclass(frozen=True, slots=True)
class MergeRequest:
    report_id: int
    report_global_id: str
    master_id: int
    master_global_id: str
    expected_version: int | None = None
    note: str | None = None


async def _petition(context: Context, key: int, global_id: str, field: str) -> PetitionRecord:
    row = await resolve_petition_by_id(context, key)
    if row is None:
        raise not_found("petition", global_id, field=field)
    return row


def _check(context: Context, report: PetitionRecord, master: PetitionRecord) -> None:
    for row in (report, master):
        if not context.viewer.can(Permission.HANDLE_PETITIONS, row.handling_org_path):
            raise Forbidden(
                "Only the handlers of both petitions may merge them; ask whoever holds "
                f"《{row.title}》 now."
            )
    if report.id == master.id:
        raise BadUserInput("A petition cannot be merged into itself.", field="masterId")
    if report.grid_id != master.grid_id:
        raise BadUserInput(
            "Only reports of the same grid 网格 can be merged; pick a master from "
            "`duplicateCandidates`.",
            field="masterId",
        )
    if report.status not in OPEN_STATUSES or report.reporters > 1:
        raise BadUserInput(
            "Only an open report that no other report was merged into can be merged; merge "
            "the others into it the other way round.",
            field="id",
        )
    if master.status not in OPEN_STATUSES or master.master_id is not None:
        raise BadUserInput(
            "The master must be an open petition that was not merged itself; pick an open one.",
            field="masterId",
        )


def _stale(row: PetitionRecord) -> Conflict:
    return Conflict(
        f"《{row.title}》 changed meanwhile (it was at version {row.version}); reload both "
        "petitions and merge again."
    )


async def merge_petition(context: Context, request: MergeRequest) -> PetitionRow:
    """The report becomes MERGED, pointing at the master; the master counts one more resident.
    Both are conditional on the versions read, so a concurrent step or merge makes it CONFLICT."""
    account_id = context.require_account()
    report = await _petition(context, request.report_id, request.report_global_id, "id")
    master = await _petition(context, request.master_id, request.master_global_id, "masterId")
    if request.expected_version is not None and request.expected_version != report.version:
        raise _stale(report)
    _check(context, report, master)
    await refuse_if_held(context, report, A.MERGE)
    extra = clean_text(request.note or "", field="note", max_length=500, required=False)
    now = utcnow()
    actor = context.viewer.display_name
    reporters = master.reporters + 1
    into = Step(
        action=A.MERGE,
        from_status=report.status,
        to_status=S.MERGED,
        actor_account_id=account_id,
        actor_name=actor,
        organization_id=master.handling_org_id,
        note=f"并入诉求《{master.title}》" + (f"：{extra}" if extra else ""),
        at=now,
    )
    joined = Step(
        action=A.MERGE,
        from_status=master.status,
        to_status=master.status,
        actor_account_id=account_id,
        actor_name=actor,
        organization_id=master.handling_org_id,
        note=f"合并重复诉求《{report.title}》，共 {reporters} 位居民反映",
        at=now,
    )
    async with change(context, account_id, conflict="The petitions changed meanwhile.") as changes:
        values = {"status": S.MERGED, "master_id": master.id}
        fresh = await apply_petition_step(changes.session, report, values, [into], now)
        if fresh is None:
            raise _stale(report)
        grown = await apply_petition_step(
            changes.session, master, {"reporters": reporters}, [joined], now
        )
        if grown is None:
            raise _stale(master)
        changes.record(
            EventType.PETITION_MERGED,
            report.id,
            at=report.org_path,
            changes={"masterId": master.id, "reporters": reporters, "version": fresh.version},
            also_at=[report.handling_org_path, master.handling_org_path],
        )
        tell_submitter(
            changes, report.id, report.submitter_account_id, A.MERGE.value, S.MERGED.value
        )
    return fresh


def _outcome(action: A, master: PetitionRow, report: PetitionRow, now: datetime) -> dict[str, Any]:
    if action is A.RESOLVE:
        return {
            "resolution": master.resolution,
            "resolved_at": now,
            "handling_seconds": max(0, int((now - report.created_at).total_seconds())),
        }
    return {"reject_reason": master.reject_reason, "closed_at": now}


async def follow_master(
    changes: ChangeSet, master: PetitionRow, action: A, actor: str | None, now: datetime
) -> int:
    """Within the master's step: its merged reports take the outcome, each resident told once
    (a resident who reported twice hears once; the master's own resident heard of its step).
    How many reports followed."""
    to = FOLLOWED.get(action)
    if to is None or master.reporters <= 1:
        return 0
    told = {master.submitter_account_id}
    reports = await merged_reports(changes.session, master.id)
    outcome = master.resolution if action is A.RESOLVE else master.reject_reason
    for report in reports:
        again = report.status is not S.MERGED
        status = report.status if again else to
        values: dict[str, Any] = {"resolution": master.resolution} if action is A.RESOLVE else {}
        if not again:
            values = _outcome(action, master, report, now) | {"status": to}
        step = Step(
            action=action,
            from_status=report.status,
            to_status=status,
            actor_account_id=changes.account_id,
            actor_name=actor,
            organization_id=master.handling_org_id,
            note=f"随主诉求《{master.title}》{'再次' if again else ''}：{outcome}",
            at=now,
        )
        fresh = await apply_petition_step(changes.session, report, values, [step], now)
        if fresh is None:
            raise Conflict("A merged report changed meanwhile; take the step again.")
        changes.record(
            EventType.PETITION_TRANSITIONED,
            report.id,
            at=report.org_path,
            changes={"action": action.value, "from": report.status.value, "to": status.value,
                     "categoryId": report.category_id, "version": fresh.version,
                     "masterId": master.id},
        )  # fmt: skip
        if report.submitter_account_id not in told:
            told.add(report.submitter_account_id)
            tell_submitter(
                changes, report.id, report.submitter_account_id, action.value, status.value
            )
    return len(reports)
