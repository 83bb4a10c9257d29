"""A transfer out of the platform completed (the receipt 回执 is back): the member leaves, in
the step's transaction. Their record stays, as `TRANSFERRED_OUT` 已转出, with every history
(development timeline, dues ledger, study archive, presence months, meeting attendance, this
transfer and its timeline); what counts them no longer does:

- their kept tallies leave the branch's ancestors (db/members/writes.py `change_member`):
  `memberCount` and the portrait drop them, `membersByStatus` counts them as TRANSFERRED_OUT;
- their dues account closes after the month they left (db/dues/closing.py): nothing is due
  after it, the collection figures stop counting them, no arrears list or reminder names them;
- a mobile member's whereabouts are cleared and an active 双报到 registration ends, each on its
  own timeline, so no list shows them as away or registered;
- the meetings not yet held no longer expect them (db/meetings/membership.py); those held
  keep their attendance as it was;
- lists, the absent list, the funnel, study requirements and reminders read the status and
  leave them out; their own account keeps its sign-in and their own records but
  loses its binding to the branch (resolvers/accounts/identities.py `load_viewer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.base import china_day
from db.dues.amounts import declared_changes
from db.dues.closing import close_dues_account
from db.dues.queries import all_brackets, bases_of_member
from db.engine import Session
from db.events.types import EventType
from db.meetings.membership import follow_membership
from db.members.models import MemberStatus
from db.members.writes import change_member, lock_member
from db.mobility.models import MobilityAction
from db.mobility.registrations import RegistrationStep, active_registration, end_registration
from db.mobility.whereabouts import MobilityStep, clear_mobile, current_whereabouts
from db.transfers.models import TransferRow
from resolvers.changes import ChangeSet
from resolvers.errors import Conflict

LEFT = "组织关系转出平台"
MOVED_MEANWHILE = "The member's whereabouts or registration changed meanwhile; try again."


@dataclass(frozen=True, slots=True)
class Left:
    """What a member's leaving changed, for its event."""

    member_id: int
    org_path: str
    before: MemberStatus
    registered_at: str | None  # the community they were registered with 双报到, if any


async def take_member_out(
    session: Session, member_id: int, source_branch_id: int, at: datetime, account_id: int | None
) -> Left:
    """The member leaves the platform at `at` from the branch the transfer left (CONFLICT when
    they are no longer a party member there)."""
    member = await lock_member(session, member_id)
    if member.branch_id != source_branch_id or not member.status.is_party_member:
        raise Conflict(
            "The member changed branch or stage since the transfer was asked; cancel it and "
            "ask anew."
        )
    day = china_day(at)
    before = member.status
    whereabouts = await current_whereabouts(session, member.id)
    values: dict[str, object] = {"status": MemberStatus.TRANSFERRED_OUT, "status_changed_at": at}
    if whereabouts is None and member.is_mobile:  # flagged without whereabouts (bulk data)
        values["is_mobile"] = False
    await change_member(session, member, values)
    await follow_membership(session, member, at)
    bases = await bases_of_member(session, member.id)
    if bases:
        due = declared_changes(bases, await all_brackets(session))
        await close_dues_account(session, member.id, day.replace(day=1), due)
    if whereabouts is not None:
        step = MobilityStep(MobilityAction.CLEARED, day, account_id, at, LEFT)
        if not await clear_mobile(session, whereabouts, step):
            raise Conflict(MOVED_MEANWHILE)
    registration = await active_registration(session, member.id)
    if registration is not None:
        ended = RegistrationStep(day, account_id, at, LEFT)
        if await end_registration(session, registration, LEFT, ended) is None:
            raise Conflict(MOVED_MEANWHILE)
    path = registration.community_path if registration is not None else None
    return Left(member.id, member.org_path, before, path)


async def leave_platform(changes: ChangeSet, transfer: TransferRow, account_id: int) -> None:
    """The completed transfer's member leaves, heard where they were (and where registered)."""
    assert transfer.destination_branch_id is None, "completed: a transfer out of the platform"
    assert transfer.finished_at is not None, "completed: the transfer is finished"
    at = transfer.finished_at
    left = await take_member_out(
        changes.session, transfer.member_id, transfer.source_branch_id, at, account_id
    )
    changes.record(
        EventType.MEMBER_STATUS_CHANGED,
        left.member_id,
        at=left.org_path,
        also_at=[left.registered_at] if left.registered_at else [],
        changes={
            "from": left.before.value,
            "to": MemberStatus.TRANSFERRED_OUT.value,
            "action": "transfer_out",
            "on": china_day(at).isoformat(),
        },
    )
