"""A member's development status 发展阶段: one legal step at a time along the pipeline."""

from __future__ import annotations

from datetime import date

from db.base import utcnow
from db.events.types import EventType
from db.members.models import MemberRow, MemberStatus
from db.members.writes import change_member, lock_member
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict
from resolvers.members.writes import check_member, check_version, load_for_write

PIPELINE = list(MemberStatus)


def next_status(status: MemberStatus) -> MemberStatus | None:
    position = PIPELINE.index(status)
    return PIPELINE[position + 1] if position + 1 < len(PIPELINE) else None


async def change_member_status(
    context: Context,
    member_id: int,
    global_id: str,
    status: MemberStatus,
    join_date: date | None,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    current = await load_for_write(context, member_id, global_id)
    allowed = next_status(current.status)
    if status != allowed:
        step = f"the next step is {allowed.name}" if allowed else "FULL is the last step"
        raise BadUserInput(
            f"A member cannot go from {current.status.name} to {status.name}: {step}.",
            field="status",
        )
    joined = join_date or current.join_date
    if status == MemberStatus.PROBATIONARY:
        check_member(
            {
                "birth_date": current.birth_date,
                "id_card_number": current.id_card_number,
                "gender": current.gender,
                "phone": current.phone,
                "status": status,
                "join_date": joined,
            },
            today,
        )
    account_id = context.require_account()
    async with change(
        context, account_id, conflict="The member changed meanwhile; retry."
    ) as changes:
        row = await lock_member(changes.session, member_id)
        check_version(row, expected_version)
        if row.status != current.status:
            raise Conflict(
                f"The member's status changed to {row.status.name} meanwhile; reload and retry."
            )
        values = {"status": status, "join_date": joined, "status_changed_at": utcnow()}
        await change_member(changes.session, row, values)
        changes.record(
            EventType.MEMBER_STATUS_CHANGED,
            row.id,
            at=row.org_path,
            changes={"from": current.status.value, "to": status.value},
        )
    return row
