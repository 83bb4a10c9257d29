"""A member's development status 发展阶段: one legal step at a time along the pipeline."""

from __future__ import annotations

from datetime import date

from db.base import utcnow
from db.members.models import MemberRow, MemberStatus
from db.members.tallies import member_tallies, retally
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict
from resolvers.members.reads import ENTITY
from resolvers.members.writes import _check_member, _check_version, _load_for_write

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
    current = await _load_for_write(context, member_id, global_id)
    allowed = next_status(current.status)
    if status != allowed:
        step = f"the next step is {allowed.name}" if allowed else "FULL is the last step"
        raise BadUserInput(
            f"A member cannot go from {current.status.name} to {status.name}: {step}.",
            field="status",
        )
    joined = join_date or current.join_date
    if status == MemberStatus.PROBATIONARY:
        _check_member(
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
        row = await changes.session.get_one(MemberRow, member_id, with_for_update=True)
        _check_version(row, expected_version)
        if row.status != current.status:
            raise Conflict(
                f"The member's status changed to {row.status.name} meanwhile; reload and retry."
            )
        before = (row.org_path, member_tallies(row))
        row.status, row.join_date, row.status_changed_at = status, joined, utcnow()
        row.version += 1
        await changes.session.flush()
        await retally(changes.session, before, (row.org_path, member_tallies(row)))
        await changes.record(
            event_type="member.status_changed",
            org_path=row.org_path,
            entity_type=ENTITY,
            entity_id=row.id,
            changes={"from": current.status.value, "to": status.value},
        )
    return row
