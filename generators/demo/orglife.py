"""Demo organisational life 组织生活: the demo account `member`, a party member's own, and a
year of meetings for the branches of the demo community's street.

Idempotent (nothing is written when the account, or the meetings, exist) and deterministic
(seeded; dates reckoned from `now`). The account is the first full member (by id) of a branch of
锦绣社区, the community every scoped demo account is bound to.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from db.accounts.models import AccountRow, MemberAccountRow
from db.base import CHINA_STANDARD_TIME
from db.bulk import (
    accounts_by_username,
    any_under,
    insert_rows,
    members_under,
    next_id,
    organizations_under,
    reset_id_sequences,
)
from db.engine import Session
from db.meetings.kinds import DEFAULT_KINDS, ensure_default_kinds
from db.meetings.models import (
    AttendanceStatus,
    Cadence,
    CheckInMethod,
    MeetingAction,
    MeetingAttendanceRow,
    MeetingRow,
    MeetingStatus,
    MeetingStepRow,
)
from db.meetings.subtree_rebuild import rebuild_compliance_tallies
from db.meetings.tallies import rebuild_meeting_tallies
from db.members.models import MemberStatus
from db.organizations.models import GovernanceLevel, PartyOrgKind
from generators.demo.names import DEMO_COMMUNITY, DEMO_MEMBER_ACCOUNT
from generators.demo.pocket import SINCE_MONTHS as POCKET_MONTHS
from generators.demo.pocket import is_pocket_member


async def demo_community_path(session: Session, root_path: str) -> str | None:
    """The path of 锦绣社区, the demo's own community."""
    for row in await organizations_under(session, root_path, GovernanceLevel.COMMUNITY):
        if row.name.startswith(DEMO_COMMUNITY):
            return row.path
    return None


async def seed_member_account(
    session: Session, *, root_path: str, password_hash: str, now: datetime
) -> int | None:
    """Create the demo account `member` once; the member id it is bound to (None if none was
    created: it exists already, or the demo community has no full member)."""
    username = DEMO_MEMBER_ACCOUNT.username
    if username in await accounts_by_username(session, [username]):
        return None
    community = await demo_community_path(session, root_path)
    members = await members_under(session, community) if community else []
    if not members:
        return None
    member_id, name, _branch, _path = members[0]
    account_id = await next_id(session, AccountRow.__tablename__)
    await insert_rows(
        session,
        AccountRow,
        [
            {
                "id": account_id,
                "username": username,
                "display_name": f"{name}{DEMO_MEMBER_ACCOUNT.display_name}",
                "password_hash": password_hash,
                "is_active": True,
                "created_at": now,
            }
        ],
    )
    await insert_rows(
        session, MemberAccountRow, [{"account_id": account_id, "member_id": member_id}]
    )
    return member_id


# A branch meets at 14:30 China time (06:30 UTC) on a day of the month, per kind.
_DAY_OF = {"branch_committee": 5, "group_meeting": 12, "party_day": 20, "branch_assembly": 25,
           "party_lecture": 27}  # fmt: skip
_QUARTER_MONTH = {"branch_assembly": 2, "party_lecture": 3}  # which month of the quarter
_LEAVE_REASONS = ("出差在外", "身体不适", "家中有事", "单位加班", "外出学习")
_TABLES = ("meetings", "meeting_attendances", "meeting_steps")


@dataclass(frozen=True, slots=True)
class MeetingSeed:
    created: bool
    meetings: int = 0
    attendances: int = 0


def _months(now: datetime, count: int) -> list[tuple[int, int]]:
    local = now.astimezone(CHINA_STANDARD_TIME)
    year, month = local.year, local.month
    found = []
    for _ in range(count):
        found.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(found))


def _quarter_of(year: int, month: int) -> tuple[int, int]:
    return year, (month - 1) // 3


def _held_before(now: datetime, order: int) -> datetime | None:
    """A time this month (China time) at least a quarter of an hour before `now`, the
    `order`-th of four spread over the month so far; None in a month's first minutes."""
    local = now.astimezone(CHINA_STANDARD_TIME)
    start = local.replace(day=1, hour=0, minute=5, second=0, microsecond=0).astimezone(UTC)
    latest = now - timedelta(minutes=15)
    if latest <= start:
        return None
    return start + (latest - start) * (order + 1) / 4


def _one_step_from_compliant(
    code: str, year: int, month: int, now: datetime, starts_at: datetime
) -> datetime | None:
    """The branch the demo `secretary` acts for keeps this quarter's cadence but for its
    支部党员大会, so that holding one turns it compliant on the screen whatever the day: its
    meetings of the current month are held already, the quarter's 党课 among them; None for
    the assembly of this quarter (left for the secretary)."""
    local = now.astimezone(CHINA_STANDARD_TIME)
    if _quarter_of(year, month) != _quarter_of(local.year, local.month):
        return starts_at
    if code == "branch_assembly":
        return None
    if (year, month) != (local.year, local.month) or starts_at < now - timedelta(minutes=15):
        return starts_at
    order = ("branch_committee", "group_meeting", "party_day", "party_lecture").index(code)
    return _held_before(now, order) or starts_at


async def seed_meetings(
    session: Session, *, root_path: str, seed: int, now: datetime, months: int = 12
) -> MeetingSeed:
    """A year of meetings 三会一课 and 主题党日 for the branches of the demo community's street,
    with attendance, leave, minutes and timelines, once (nothing when meetings exist). Most
    branches keep every cadence; a few miss a month or a 党课, so the upper organisation's
    behind list shows something true. Meetings still to come this month are scheduled."""
    await ensure_default_kinds(session)
    community = await demo_community_path(session, root_path)
    if community is None or await any_under(session, "meetings", root_path):
        return MeetingSeed(created=False)
    street = community.rsplit("/", 2)[0] + "/"
    rng = random.Random(seed * 18 + 1)
    branches = [
        row for row in await organizations_under(session, street) if row.kind is PartyOrgKind.BRANCH
    ]
    attending = (MemberStatus.FULL, MemberStatus.PROBATIONARY)
    members: dict[int, list[int]] = {}
    for key, _name, branch_id, _path in await members_under(session, street, attending):
        members.setdefault(branch_id, []).append(key)
    own = await members_under(session, community)  # the demo member is its first full member
    pocket = {
        key
        for keys in members.values()
        for key in keys
        if is_pocket_member(key, seed) and (not own or key != own[0][0])
    }
    gone_since = now - timedelta(days=31 * POCKET_MONTHS)
    ids = {table: await next_id(session, table) for table in _TABLES}
    meetings: list[dict[str, Any]] = []
    attendances: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []

    def step(meeting: int, action: MeetingAction, before: MeetingStatus | None,
             after: MeetingStatus, at: datetime, member: int | None = None,
             note: str | None = None) -> None:  # fmt: skip
        steps.append({"id": ids["meeting_steps"] + len(steps), "meeting_id": meeting,
                      "action": action, "from_status": before, "to_status": after,
                      "member_id": member, "actor_account_id": None, "note": note,
                      "at": at})  # fmt: skip

    ready = min((b.id for b in branches if b.path.startswith(community)), default=None)
    local = now.astimezone(CHINA_STANDARD_TIME)
    for branch in branches:
        attendees = members.get(branch.id, [])
        # this branch sometimes misses a meeting (never the one a step from compliant)
        lagging = rng.random() < 0.25 and branch.id != ready
        for year, month in _months(now, months):
            for code, _name, cadence in DEFAULT_KINDS:
                lecture_now = (
                    branch.id == ready
                    and code == "party_lecture"
                    and (year, month) == (local.year, local.month)
                )
                quarter_month = (month - 1) % 3 + 1
                off_month = cadence is Cadence.QUARTERLY and quarter_month != _QUARTER_MONTH[code]
                if off_month and not lecture_now:
                    continue
                if lagging and rng.random() < 0.2:
                    continue
                planned = datetime(year, month, _DAY_OF[code], 6, 30, tzinfo=UTC)
                if branch.id == ready:
                    moved = _one_step_from_compliant(code, year, month, now, planned)
                    if moved is None:
                        continue
                    planned = moved
                starts_at = planned
                meeting_id = ids["meetings"] + len(meetings)
                held = starts_at < now
                status = MeetingStatus.CLOSED if held else MeetingStatus.SCHEDULED
                scheduled_at = min(starts_at - timedelta(days=7), now)
                step(meeting_id, MeetingAction.SCHEDULE, None, MeetingStatus.SCHEDULED,
                     scheduled_at)  # fmt: skip
                excused = present = 0
                for member in attendees:
                    roll = rng.random()
                    state, reason, checked = AttendanceStatus.EXPECTED, None, None
                    if roll < 0.06:
                        state, reason = AttendanceStatus.EXCUSED, rng.choice(_LEAVE_REASONS)
                        excused += 1
                        step(meeting_id, MeetingAction.REQUEST_LEAVE, MeetingStatus.SCHEDULED,
                             MeetingStatus.SCHEDULED, scheduled_at + timedelta(days=2), member,
                             reason)  # fmt: skip
                        step(meeting_id, MeetingAction.APPROVE_LEAVE, MeetingStatus.SCHEDULED,
                             MeetingStatus.SCHEDULED, scheduled_at + timedelta(days=3),
                             member)  # fmt: skip
                    elif (
                        held and roll < 0.92 and not (member in pocket and starts_at >= gone_since)
                    ):  # a pocket member 口袋党员 stopped coming
                        state = AttendanceStatus.PRESENT
                        checked = starts_at + timedelta(minutes=rng.randint(-25, 10))
                        present += 1
                    attendances.append({
                        "id": ids["meeting_attendances"] + len(attendances),
                        "meeting_id": meeting_id, "member_id": member, "status": state,
                        "leave_reason": reason, "checked_in_at": checked,
                        "check_in_method": CheckInMethod.SELF if checked else None, "version": 1,
                    })  # fmt: skip
                topic = rng.choice(TOPICS[code])
                minutes = resolutions = None
                if held:
                    minutes = (
                        f"{topic}。应到{len(attendees)}人，请假{excused}人，实到{present}人。"
                        "会议由支部书记主持，与会党员结合实际逐一发言，查摆不足，明确整改措施。"
                    )
                    resolutions = "一、会议精神传达到每名党员；二、整改事项列入下月支部工作计划。"
                    step(meeting_id, MeetingAction.HOLD, MeetingStatus.SCHEDULED,
                         MeetingStatus.HELD, starts_at + timedelta(minutes=5))  # fmt: skip
                    step(meeting_id, MeetingAction.RECORD_MINUTES, MeetingStatus.HELD,
                         MeetingStatus.HELD, starts_at + timedelta(hours=2))  # fmt: skip
                    closed = starts_at + timedelta(hours=2, minutes=5)
                    step(meeting_id, MeetingAction.CLOSE, MeetingStatus.HELD,
                         MeetingStatus.CLOSED, closed)  # fmt: skip
                meetings.append({
                    "id": meeting_id, "kind_code": code, "organization_id": branch.id,
                    "org_path": branch.path, "topic": topic, "starts_at": starts_at,
                    "station_id": None, "address": f"{branch.name}党员活动室",
                    "status": status, "minutes": minutes, "resolutions": resolutions,
                    "attendees": len(attendees), "excused": excused, "present": present,
                    "held_at": starts_at + timedelta(minutes=5) if held else None,
                    "closed_at": starts_at + timedelta(hours=2, minutes=5) if held else None,
                    "version": 4 if held else 1, "created_by_account_id": None,
                    "created_at": scheduled_at,
                    "updated_at": min(now, starts_at + timedelta(hours=2)),
                })  # fmt: skip
    await insert_rows(session, MeetingRow, meetings)
    await insert_rows(session, MeetingAttendanceRow, attendances)
    await insert_rows(session, MeetingStepRow, steps)
    await reset_id_sequences(session, _TABLES)
    await rebuild_meeting_tallies(session)
    await rebuild_compliance_tallies(session)
    return MeetingSeed(True, len(meetings), len(attendances))


TOPICS: dict[str, tuple[str, ...]] = {
    "branch_assembly": ("学习贯彻党的二十大精神专题会议", "支部年度工作总结与计划", "民主评议党员",
                        "发展党员票决", "组织生活会"),
    "branch_committee": ("研究本月支部工作安排", "讨论党员发展计划", "研究社区重点民生诉求办理",
                         "部署主题党日活动"),
    "group_meeting": ("学习党章党规", "交流学习心得", "传达上级会议精神", "讨论网格服务事项"),
    "party_lecture": ("书记讲党课：践行全心全意为人民服务", "党课：弘扬伟大建党精神",
                      "党课：基层治理中的党员担当"),
    "party_day": ("主题党日：走访困难群众", "主题党日：社区环境整治志愿服务",
                  "主题党日：重温入党誓词", "主题党日：红色教育基地参观学习"),
}  # fmt: skip
