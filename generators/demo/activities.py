"""Demo activities and volunteers: a season of activities in the first district's communities
(the last 45 days and the next 10), with sign-ups, attendance and the hours it credited; and,
every time the demo starts, activities running now (whatever the hour) and later today, so the
map always shows one running.

Volunteers are demo accounts that cannot sign in (no password hash matches), one in four a
party member linked to their record (双报到: their hours count where they live), plus the demo
`resident`. Deterministic for a given seed and `now`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.accounts.models import AccountRow
from db.activities.models import (
    ActivityAudience,
    ActivityRow,
    ActivityStatus,
    AttendanceMethod,
    RegistrationRow,
    RegistrationStatus,
)
from db.base import CHINA_STANDARD_TIME, china_day
from db.bulk import (
    accounts_by_username,
    any_under,
    insert_rows,
    members_by_residence,
    next_id,
    organizations_under,
    reset_id_sequences,
    running_under,
    stations_of,
    volunteers_of,
)
from db.engine import Session
from db.organizations.models import GovernanceLevel, OrganizationRow
from db.stations.models import StationRow
from db.volunteers.ledger import rebuild_hour_tallies
from db.volunteers.models import EntryKind, HoursEntryRow, VolunteerRow
from generators.demo import cobuilding_texts as texts
from generators.demo.names import DEMO_COMMUNITY
from resolvers.activities.attendance import attended_minutes
from resolvers.activities.signups import CODE_ALPHABET

VOLUNTEERS_PER_COMMUNITY = 24
SEASON_PAST_DAYS = 45
SEASON_FUTURE_DAYS = 10
NO_PASSWORD = "!demo-volunteer: cannot sign in"
_TABLES = ("accounts", "volunteers", "activities", "activity_registrations", "volunteer_hours")
_SKILLS = (
    "理发",
    "家电维修",
    "法律咨询",
    "心理疏导",
    "书法",
    "摄影",
    "驾驶",
    "医疗护理",
    "外语",
    "编程",
)
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = (
    "建国", "秀英", "志强", "丽华", "海燕", "国庆", "明", "静", "伟", "芳", "磊", "婷", "军",
)  # fmt: skip


@dataclass(frozen=True)
class ActivitiesSummary:
    volunteers: int
    activities: int
    registrations: int
    entries: int


class _Rows:
    def __init__(self, ids: dict[str, int]) -> None:
        self.ids = ids
        self.activities: list[dict[str, Any]] = []
        self.registrations: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []
        self.codes: set[str] = set()

    def next(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] += 1
        return value


def _code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


async def _places(
    session: Session, root_path: str
) -> tuple[list[OrganizationRow], dict[int, StationRow]]:
    streets = await organizations_under(session, root_path, GovernanceLevel.STREET)
    hosts = {s.id for s in streets if s.depth == 2}
    communities = [
        c
        for c in await organizations_under(session, root_path, GovernanceLevel.COMMUNITY)
        if c.parent_id in hosts
    ][:8]
    return communities, await stations_of(session, [c.id for c in communities])


def _activity(
    rows: _Rows,
    rng: random.Random,
    community: OrganizationRow,
    station: StationRow | None,
    kind: Any,
    title: str,
    description: str,
    capacity: int,
    starts: datetime,
    hours: float,
    credits: bool,
    now: datetime,
) -> dict[str, Any]:
    ends = starts + timedelta(hours=hours)
    row: dict[str, Any] = {
        "id": rows.next("activities"), "title": title, "kind": kind, "description": description,
        "organization_id": community.id, "org_path": community.path, "unit_id": None,
        "station_id": station.id if station else None,
        "address": station.address if station else f"{community.name}广场",
        "longitude": station.longitude if station else community.longitude,
        "latitude": station.latitude if station else community.latitude,
        "starts_at": starts, "ends_at": ends, "capacity": capacity,
        "audience": ActivityAudience.EVERYONE, "credits_hours": credits,
        "check_in_radius_meters": 300, "status": ActivityStatus.SCHEDULED, "signed_up": 0,
        "waitlisted": 0, "checked_in": 0, "feedback_count": 0, "feedback_sum": 0,
        "started_at": starts if starts <= now else None, "ended_at": ends if ends <= now else None,
        "version": 1, "created_by_account_id": None,
        "created_at": starts - timedelta(days=7), "updated_at": starts - timedelta(days=7),
    }  # fmt: skip
    rows.activities.append(row)
    return row


def _sign_up(
    rows: _Rows,
    rng: random.Random,
    activity: dict[str, Any],
    volunteers: list[dict[str, Any]],
    now: datetime,
    fill: float,
) -> None:
    """Sign-ups (a waiting list when over capacity), attendance and hours for what is past."""
    wanted = min(len(volunteers), int(activity["capacity"] * fill) + rng.randint(0, 3))
    for order, volunteer in enumerate(rng.sample(volunteers, wanted)):
        queued = activity["starts_at"] - timedelta(days=2, minutes=order * 7)
        seat = order < activity["capacity"]
        registration: dict[str, Any] = {
            "id": rows.next("activity_registrations"), "activity_id": activity["id"],
            "account_id": volunteer["account_id"], "volunteer_id": volunteer["id"],
            "status": RegistrationStatus.CONFIRMED if seat else RegistrationStatus.WAITLISTED,
            "code": _code(rng, rows.codes), "queued_at": queued,
            "confirmed_at": queued if seat else None, "cancelled_at": None,
            "checked_in_at": None, "check_in_method": None, "checked_out_at": None,
            "check_out_method": None, "minutes": None, "feedback_score": None,
            "feedback_comment": None,
        }  # fmt: skip
        activity["signed_up" if seat else "waitlisted"] += 1
        started = activity["starts_at"] <= now
        if seat and started and rng.random() < 0.85:
            arrived = activity["starts_at"] + timedelta(minutes=rng.randint(-15, 10))
            registration |= {
                "checked_in_at": min(arrived, now),
                "check_in_method": rng.choice(list(AttendanceMethod)),
            }
            activity["checked_in"] += 1
            if activity["ends_at"] <= now:
                left = activity["ends_at"] + timedelta(minutes=rng.randint(-20, 15))
                minutes = attended_minutes(
                    activity["starts_at"], activity["ends_at"], registration["checked_in_at"], left
                )
                registration |= {
                    "checked_out_at": left,
                    "check_out_method": registration["check_in_method"],
                    "minutes": minutes,
                }
                if rng.random() < 0.5:
                    score = rng.choice((4, 5, 5, 5, 3))
                    registration["feedback_score"] = score
                    activity["feedback_count"] += 1
                    activity["feedback_sum"] += score
                if activity["credits_hours"] and minutes:
                    rows.entries.append(_entry(rows, volunteer, activity, registration, minutes))
        rows.registrations.append(registration)


def _entry(
    rows: _Rows,
    volunteer: dict[str, Any],
    activity: dict[str, Any],
    registration: dict[str, Any],
    minutes: int,
) -> dict[str, Any]:
    volunteer["total_minutes"] += minutes
    return {
        "id": rows.next("volunteer_hours"), "volunteer_id": volunteer["id"],
        "organization_id": volunteer["organization_id"], "org_path": volunteer["org_path"],
        "day": china_day(activity["starts_at"]), "minutes": minutes,
        "kind": EntryKind.ATTENDANCE, "activity_id": activity["id"], "reverses_entry_id": None,
        "idempotency_key": f"attendance:{registration['id']}", "note": activity["title"],
        "created_by_account_id": None, "created_at": registration["checked_out_at"],
    }  # fmt: skip


def _volunteers(
    rows: _Rows,
    rng: random.Random,
    communities: list[OrganizationRow],
    members: dict[int, list[tuple[int, int]]],
    now: datetime,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Accounts (that cannot sign in) and volunteer records for each community; one in four a
    party member whose hours count where they live (双报到)."""
    accounts: list[dict[str, Any]] = []
    volunteers: list[dict[str, Any]] = []
    for community in communities:
        living_here = list(members.get(community.id, []))
        rng.shuffle(living_here)
        for number in range(VOLUNTEERS_PER_COMMUNITY):
            account_id = rows.next("accounts")
            name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
            accounts.append(
                {
                    "id": account_id, "username": f"volunteer-{community.id}-{number + 1:02d}",
                    "display_name": name, "password_hash": NO_PASSWORD, "is_active": True,
                    "created_at": now - timedelta(days=200),
                }
            )  # fmt: skip
            member_id = living_here.pop()[0] if living_here and number % 4 == 0 else None
            volunteers.append(
                {
                    "id": rows.next("volunteers"), "account_id": account_id, "name": name,
                    "organization_id": community.id, "org_path": community.path,
                    "member_id": member_id, "skills": sorted(rng.sample(_SKILLS, 2)),
                    "availability": rng.choice(("周末全天", "工作日晚上", "周末上午", "随时")),
                    "total_minutes": 0, "created_at": now - timedelta(days=rng.randint(60, 400)),
                    "updated_at": now - timedelta(days=30),
                }
            )  # fmt: skip
    return accounts, volunteers


async def seed_activities(
    session: Session, *, root_path: str, seed: int, now: datetime
) -> ActivitiesSummary:
    """Volunteers and a season of activities, once (none when the city has activities)."""
    if await any_under(session, ActivityRow.__tablename__, root_path):
        return ActivitiesSummary(0, 0, 0, 0)
    rng = random.Random(seed * 17 + 3)
    communities, stations = await _places(session, root_path)
    rows = _Rows({table: await next_id(session, table) for table in _TABLES})
    members = await members_by_residence(session, [c.id for c in communities])
    accounts, volunteers = _volunteers(rows, rng, communities, members, now)
    resident = (await accounts_by_username(session, ["resident"])).get("resident")
    home = next((c for c in communities if c.name.startswith(DEMO_COMMUNITY)), communities[0])
    if resident is not None:
        volunteers.append(
            {
                "id": rows.next("volunteers"), "account_id": resident[0],
                "name": resident[1].split("（")[0], "organization_id": home.id,
                "org_path": home.path, "member_id": None, "skills": ["摄影", "外语"],
                "availability": "周末上午", "total_minutes": 0,
                "created_at": now - timedelta(days=90), "updated_at": now - timedelta(days=30),
            }
        )  # fmt: skip
    by_community = {
        c.id: [v for v in volunteers if v["organization_id"] == c.id] for c in communities
    }
    for community in communities:
        local = by_community[community.id]
        for day in range(-SEASON_PAST_DAYS, SEASON_FUTURE_DAYS, 3):
            kind, title, description, capacity, hours, credits = rng.choice(texts.ACTIVITIES)
            local_start = (
                (now + timedelta(days=day))
                .astimezone(CHINA_STANDARD_TIME)
                .replace(hour=rng.choice((9, 14, 19)), minute=0, second=0, microsecond=0)
            )
            activity = _activity(
                rows, rng, community, stations.get(community.id), kind, title, description,
                capacity, local_start, hours, credits, now,
            )  # fmt: skip
            _sign_up(rows, rng, activity, local, now, rng.uniform(0.5, 1.1))
    await insert_rows(session, AccountRow, accounts)
    await insert_rows(session, VolunteerRow, volunteers)
    _around_now(rows, rng, communities, stations, by_community, now)
    await _write(session, rows)
    return ActivitiesSummary(
        len(volunteers), len(rows.activities), len(rows.registrations), len(rows.entries)
    )


def _around_now(
    rows: _Rows,
    rng: random.Random,
    communities: list[OrganizationRow],
    stations: dict[int, StationRow],
    by_community: dict[int, list[dict[str, Any]]],
    now: datetime,
) -> int:
    """Activities running now (whatever the hour) in the first four communities, and one more
    later today in each: what a screen shows as 活动进行中."""
    band = texts.hour_band(now.astimezone(CHINA_STANDARD_TIME).hour)
    made = 0
    for community in communities[:4]:
        kind, title, description = rng.choice(texts.AROUND_THE_CLOCK[band])
        start = now - timedelta(minutes=rng.randint(20, 80))
        activity = _activity(
            rows, rng, community, stations.get(community.id), kind, title, description, 20,
            start, 3.0, True, now,
        )  # fmt: skip
        _sign_up(rows, rng, activity, by_community.get(community.id, []), now, 0.6)
        later = now + timedelta(hours=rng.uniform(1.5, 3))
        kind, title, description = rng.choice(
            texts.AROUND_THE_CLOCK[texts.hour_band(later.astimezone(CHINA_STANDARD_TIME).hour)]
        )
        activity = _activity(
            rows, rng, community, stations.get(community.id), kind, title, description, 15,
            later, 2.0, True, now,
        )  # fmt: skip
        _sign_up(rows, rng, activity, by_community.get(community.id, []), now, 0.4)
        made += 2
    return made


async def _write(session: Session, rows: _Rows) -> None:
    await insert_rows(session, ActivityRow, rows.activities)
    await insert_rows(session, RegistrationRow, rows.registrations)
    await insert_rows(session, HoursEntryRow, rows.entries)
    await rebuild_hour_tallies(session)
    await reset_id_sequences(session, _TABLES)


async def ensure_running_activities(
    session: Session, *, root_path: str, seed: int, now: datetime
) -> int:
    """When the demo starts again and nothing runs now, add activities running now (and later
    today) for its volunteers, so the map shows one running whatever the hour; how many."""
    if await running_under(session, root_path, now):
        return 0
    communities, stations = await _places(session, root_path)
    if not communities:
        return 0
    rng = random.Random(seed + int(now.timestamp()) // 3600)
    rows = _Rows({table: await next_id(session, table) for table in _TABLES})
    volunteers = await volunteers_of(session, [c.id for c in communities])
    made = _around_now(rows, rng, communities, stations, volunteers, now)
    await _write(session, rows)
    return made
