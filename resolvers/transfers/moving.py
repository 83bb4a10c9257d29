"""A transfer accepted: the member moves to the destination branch with everything that
follows them, in the step's transaction.

- the member's branch and path (their kept tallies move from the old branch's ancestors to
  the new one's: statistics and portraits follow, db/members/writes.py `change_member`);
- their dues account and ledger with the kept collection figures, and their study account
  with its kept completion figures (resolvers/members/following.py);
- the meetings not yet held: the branch left no longer expects them, the one joined does
  (db/meetings/membership.py);
- their own account's binding, which is derived from the member record (resolvers/context.py);
- and the move is heard at both places (the member's event names the branch left as well).
"""

from __future__ import annotations

from db.base import utcnow
from db.events.types import EventType
from db.meetings.membership import follow_membership
from db.members.writes import change_member, lock_member
from db.transfers.models import TransferRow
from resolvers.changes import ChangeSet
from resolvers.errors import Conflict
from resolvers.members.following import move_what_follows_member


async def move_member(changes: ChangeSet, transfer: TransferRow) -> None:
    session = changes.session
    destination_id, destination_path = transfer.destination_branch_id, transfer.destination_path
    assert destination_id is not None, "accepted: a transfer within the city"
    assert destination_path is not None, "accepted: a transfer within the city"
    member = await lock_member(session, transfer.member_id)
    if member.branch_id != transfer.source_branch_id:
        raise Conflict(
            "The member changed branch since the transfer was asked; cancel it and ask anew."
        )
    left = member.org_path
    await change_member(
        session, member, {"branch_id": destination_id, "org_path": destination_path}
    )
    await move_what_follows_member(session, member.id, destination_id, destination_path)
    await follow_membership(session, member, utcnow())
    changes.record(
        EventType.MEMBER_UPDATED,
        member.id,
        at=member.org_path,
        also_at=[left],
        changes={"fields": ["branchId"], "transferred": True},
    )
