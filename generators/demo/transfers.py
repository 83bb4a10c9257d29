"""Demo transfers 组织关系转接 in every state, around the demo community 锦绣社区 and branches of
other districts, so its secretary's lists hold work on both sides from the first start:

- out of the community: one asked (waits for the secretary's approval and letter), one
  approved and waiting for its destination, one out of the platform waiting for its receipt,
  one out of the platform done (that member is on record as 已转出, counted nowhere, their
  dues closed: resolvers/transfers/leaving.py), one returned with a reason, one cancelled by
  the member;
- into the community: one approved and waiting for the secretary to accept (try it: the
  member moves with their statistics and dues), one past its answer date (the reminder rule
  tells the secretary), and one done (that member belongs to the community now).

Rows that are done name members already where the transfer left them, so the kept tallies
and dues figures stay as seeded. The demo `member` account's own member has none (they can
ask for one themself). Deterministic for a seed; written once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from db.base import china_day
from db.bulk import insert_rows, members_under, next_id, organizations_under, reset_id_sequences
from db.dues.queries import members_in_arrears
from db.engine import Session
from db.members.models import MemberStatus
from db.organizations.models import OrganizationRow, PartyOrgKind
from db.paths import ancestor_paths
from db.transfers.models import TransferAction, TransferRow, TransferStatus, TransferStepRow
from db.transfers.queries import any_transfer_under
from generators.demo.city import REFERENCE_DATE
from generators.demo.orglife import demo_community_path
from resolvers.transfers.leaving import take_member_out
from resolvers.transfers.workflow import ANSWER_WITHIN

S, A = TransferStatus, TransferAction
_PARTY = (MemberStatus.FULL, MemberStatus.PROBATIONARY)
_REASONS = ("工作调动", "随子女迁居", "退休后回原籍居住", "考入外区事业单位", "购房迁居")
_RETURNED = "介绍信抬头单位名称有误，请更正后重新开具"
_ELSEWHERE = "浙江省杭州市西湖区委组织部"
_REFERENCE = datetime.combine(REFERENCE_DATE, time(), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class _Plan:
    """One demo transfer: who, from where to where, how far it went, how many days ago."""

    member: tuple[int, str, int, str]  # (id, name, branch id, branch path)
    source: tuple[int, str]  # (branch id, path)
    destination: tuple[int, str] | None  # None: out of the platform
    status: TransferStatus
    days_ago: int


def _steps(plan: _Plan) -> list[tuple[TransferAction, TransferStatus | None, TransferStatus]]:
    path: list[tuple[TransferAction, TransferStatus | None, TransferStatus]] = [
        (A.REQUEST, None, S.REQUESTED)
    ]
    if plan.status is S.REQUESTED:
        return path
    if plan.status is S.CANCELLED:
        return [*path, (A.CANCEL, S.REQUESTED, S.CANCELLED)]
    path.append((A.APPROVE, S.REQUESTED, S.APPROVED))
    if plan.status is S.RETURNED:
        path.append((A.RETURN, S.APPROVED, S.RETURNED))
    elif plan.status is S.DONE:
        path.append((A.ACCEPT if plan.destination else A.COMPLETE, S.APPROVED, S.DONE))
    return path


def _rows(plan: _Plan, key: int, now: datetime, rng: random.Random) -> dict[str, Any]:
    asked = now - timedelta(days=plan.days_ago, hours=rng.randint(1, 8))
    approved = asked + timedelta(days=2) if plan.status is not S.REQUESTED else None
    if plan.status is S.CANCELLED:
        approved = None
    finished = (
        approved + timedelta(days=5) if approved and plan.status in (S.DONE, S.RETURNED) else None
    )
    if plan.status is S.CANCELLED:
        finished = asked + timedelta(days=1)
    within = plan.destination is not None
    return {
        "id": key,
        "member_id": plan.member[0],
        "source_branch_id": plan.source[0],
        "source_path": plan.source[1],
        "destination_branch_id": plan.destination[0] if plan.destination else None,
        "destination_path": plan.destination[1] if plan.destination else None,
        "destination_text": None if within else _ELSEWHERE,
        "reason": rng.choice(_REASONS),
        "status": plan.status,
        "letter_number": f"江组转字〔{asked.year}〕{key:03d}号" if approved else None,
        "return_reason": _RETURNED if plan.status is S.RETURNED else None,
        "requested_at": asked,
        "approved_at": approved,
        "answer_due_at": approved + ANSWER_WITHIN if approved and within else None,
        "finished_at": finished,
        "version": len(_steps(plan)),
        "created_by_account_id": None,
        "updated_at": finished or approved or asked,
    }


async def seed_transfers(session: Session, *, root_path: str, seed: int, now: datetime) -> int:
    """The demo transfers (once); how many were written."""
    community = await demo_community_path(session, root_path)
    if community is None or await any_transfer_under(session, root_path):
        return 0
    district = ancestor_paths(community)[1]
    branches = [
        row
        for row in await organizations_under(session, root_path)
        if row.kind is PartyOrgKind.BRANCH
    ]
    ours = [b for b in branches if b.path.startswith(community)]
    theirs = [b for b in branches if not b.path.startswith(district)]
    # the community's first full member is the demo `member` account's own: left free to
    # ask for a transfer themself
    own = (await members_under(session, community))[:1]
    home = [m for m in await members_under(session, community, _PARTY) if m not in own]
    away = [
        m for m in await members_under(session, root_path, _PARTY) if not m[3].startswith(district)
    ]
    # who leaves the platform owes nothing: the community's members in arrears stay, so its
    # secretary keeps arrears to act on
    this_month = china_day(now).replace(day=1)
    owing = await members_in_arrears(session, [community], this_month, 1)
    if len(ours) < 2 or len(theirs) < 2 or len(home) < 9 or len(away) < 3:
        return 0
    rng = random.Random(seed + 13)
    leaving = rng.choice([m for m in home if m[0] not in owing] or home)
    home = [*rng.sample([m for m in home if m != leaving], 8), leaving]
    away = rng.sample(away, 3)

    def at(branch: OrganizationRow) -> tuple[int, str]:
        return branch.id, branch.path

    def other(member: tuple[int, str, int, str]) -> tuple[int, str]:
        return at(rng.choice([b for b in ours if b.id != member[2]]))

    out = [at(b) for b in rng.sample(theirs, 2)]
    plans = [
        _Plan(home[0], (home[0][2], home[0][3]), out[0], S.REQUESTED, 1),
        _Plan(home[1], (home[1][2], home[1][3]), out[1], S.APPROVED, 4),
        _Plan(home[2], (home[2][2], home[2][3]), None, S.APPROVED, 6),
        _Plan(home[3], (home[3][2], home[3][3]), out[0], S.RETURNED, 20),
        _Plan(home[4], (home[4][2], home[4][3]), out[1], S.CANCELLED, 12),
        # done: they came into the community from another district
        _Plan(home[5], out[0], (home[5][2], home[5][3]), S.DONE, 60),
        _Plan(away[0], (away[0][2], away[0][3]), other(away[0]), S.APPROVED, 3),
        _Plan(away[1], (away[1][2], away[1][3]), other(away[1]), S.APPROVED, 45),  # overdue
        # done: they left the community for another district
        _Plan(away[2], other(away[2]), (away[2][2], away[2][3]), S.DONE, 90),
        # done: they left the platform (on record as 已转出)
        _Plan(home[8], (home[8][2], home[8][3]), None, S.DONE, 40),
    ]
    first = await next_id(session, TransferRow.__tablename__)
    step_key = await next_id(session, TransferStepRow.__tablename__)
    transfers, steps = [], []
    for offset, plan in enumerate(plans):
        # the member who left: dated from the demo's reference day, as the members' own dates
        # are, so the same seed gives the same member rows whenever it runs
        gone = plan.destination is None and plan.status is S.DONE
        row = _rows(plan, first + offset, _REFERENCE if gone else now, rng)
        transfers.append(row)
        moments = [row["requested_at"], row["approved_at"], row["finished_at"]]
        if plan.status is S.CANCELLED:
            moments = [row["requested_at"], row["finished_at"]]
        for (action, before, after), moment in zip(_steps(plan), moments, strict=False):
            steps.append({
                "id": step_key, "transfer_id": row["id"], "action": action,
                "from_status": before, "to_status": after, "actor_account_id": None,
                "note": _RETURNED if action is A.RETURN else None, "at": moment,
            })  # fmt: skip
            step_key += 1
    await insert_rows(session, TransferRow, transfers)
    await insert_rows(session, TransferStepRow, steps)
    for plan, row in zip(plans, transfers, strict=True):
        if plan.destination is None and plan.status is S.DONE:
            await take_member_out(session, plan.member[0], plan.source[0], row["finished_at"], None)
    # ids were assigned here: PostgreSQL's sequences continue past them
    await reset_id_sequences(session, (TransferRow.__tablename__, TransferStepRow.__tablename__))
    return len(transfers)
