"""The meetings' reminder rules:

- `meeting_starting_soon`: each expected attendee with an account hears, once, that a meeting
  of their branch starts within a day (those excused or already checked in do not);
- `branch_behind_cadence`: from the 20th (China time), the secretaries nearest above a branch
  that has not yet held this month's monthly kinds (支委会, 党小组会, 主题党日), or, in a
  quarter's last month, this quarter's 支部党员大会 or 党课, hear once per branch and month
  what it still has to hold. The kept per-subtree flags (db/meetings/subtree_tallies.py)
  name the branches not yet met, and only those not yet reminded are judged from their
  tallies (resolvers/meetings/compliance.py `judge`), as the compliance query judges.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from db.base import CHINA_STANDARD_TIME, china_day
from db.engine import Session
from db.meetings.compliance import BranchRef, tallies_under
from db.meetings.models import Cadence
from db.meetings.queries import meeting_kinds
from db.meetings.reminders import attendees_to_remind, branches_not_met
from db.meetings.tallies import month_of
from db.reminders.recipients import reminded_in_period, secretary_bindings
from resolvers.meetings.compliance import Period, judge
from resolvers.reminders.recipients import Secretaries
from resolvers.reminders.rules import ReminderDraft, ReminderRule

STARTS_WITHIN = timedelta(hours=24)


RULE = "meeting_starting_soon"
BEHIND_RULE = "branch_behind_cadence"
BEHIND_FROM_DAY = 20


async def _meetings_starting_soon(session: Session, now: datetime) -> list[ReminderDraft]:
    found = await attendees_to_remind(session, RULE, now, now + STARTS_WITHIN)
    return [
        ReminderDraft(
            account_id=account_id,
            period=starts_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            subject_key=str(meeting_id),
            subject_type="Meeting",
            subject_id=meeting_id,
            title=f"{kind}即将召开",
            body=f"{kind}《{topic}》将于 "
            f"{starts_at.astimezone(CHINA_STANDARD_TIME):%m月%d日 %H:%M} 在{address}召开，"
            "请准时参加并签到；不能参加请提前请假。",
            due_at=starts_at,
        )
        for meeting_id, kind, topic, address, starts_at, account_id in found
    ]


MEETING_STARTING_SOON = ReminderRule(RULE, _meetings_starting_soon)


def _this_month(month: str) -> Period:
    """The month as the rule judges it: its monthly kinds; the quarterly ones only in the
    quarter's last month (earlier, the quarter still has time)."""
    year, number = int(month[:4]), int(month[5:])
    if number % 3:
        return Period(month, (month,), ())
    first = number - 2
    return Period(
        month, (month,), (tuple(f"{year:04d}-{m:02d}" for m in range(first, number + 1)),)
    )


def _month_end(month: str) -> datetime:
    """Midnight China time after the month's last day: when the reminder is due."""
    year, number = int(month[:4]), int(month[5:])
    return datetime(year + number // 12, number % 12 + 1, 1, tzinfo=CHINA_STANDARD_TIME)


_CHUNK = 200  # branches whose tallies one statement reads


async def _branches_behind(session: Session, now: datetime) -> list[ReminderDraft]:
    """The kept flags name the branches that have not met the month yet (no branch's meetings
    read); those whose secretaries were all reminded this month drop out; only the rest have
    their tallies read, to say what they miss."""
    if china_day(now).day < BEHIND_FROM_DAY:
        return []
    secretaries = Secretaries(await secretary_bindings(session))
    roots = secretaries.roots
    if not roots:
        return []
    month = month_of(now)
    period = _this_month(month)
    candidates = await branches_not_met(session, roots, month, quarter_end=bool(period.quarters))
    done = await reminded_in_period(session, BEHIND_RULE, month)
    waiting = {
        key: (path, name, [a for a in secretaries.nearest(path) if (a, str(key)) not in done])
        for key, path, name in candidates
    }
    waiting = {key: found for key, found in waiting.items() if found[2]}
    if not waiting:
        return []
    kinds = await meeting_kinds(session)
    months = sorted({month, *(m for quarter in period.quarters for m in quarter)})
    branches = [BranchRef(key, path) for key, (path, _n, _a) in waiting.items()]
    tallies = []
    for start in range(0, len(branches), _CHUNK):
        paths = [branch.path for branch in branches[start : start + _CHUNK]]
        tallies += await tallies_under(session, paths, months)
    names = {
        kind.code: f"{kind.name}（{'本季度' if kind.cadence is Cadence.QUARTERLY else '本月'}）"
        for kind in kinds
    }
    due_at = _month_end(month)
    return [
        ReminderDraft(
            account_id=account_id,
            period=month,
            subject_key=str(branch.branch_id),
            subject_type="Organization",
            subject_id=branch.branch_id,
            title="支部组织生活未达标",
            body=f"{waiting[branch.branch_id][1]}尚未召开："
            f"{'、'.join(names[code] for code in branch.missing)}。"
            "请在月底前安排召开并记录（meetingCompliance 可查全部支部）。",
            due_at=due_at,
        )
        for branch in judge(branches, tallies, kinds, period).behind
        for account_id in waiting[branch.branch_id][2]
    ]


BRANCH_BEHIND_CADENCE = ReminderRule(BEHIND_RULE, _branches_behind)
