"""City-scale co-building for the benchmarks: a unit per community with its agreement and
resources, needs, a year of activities with registrations, volunteers and their hours ledger.

Records for COPY, built from the communities of the scale city; deterministic (seeded).
Each attendance credits one ledger entry with the registration's minutes, so the ledger equals
the attendances here too; the day tallies are rebuilt from the ledger after the load.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.activities.models import (
    ActivityAudience,
    ActivityKind,
    ActivityStatus,
    AttendanceMethod,
    RegistrationStatus,
)
from db.base import china_day
from db.resources.models import NeedStatus, ResourceCategory, ResourceStatus
from db.units.models import UnitSector
from db.volunteers.models import EntryKind

ACCOUNT_COLUMNS = ("id", "username", "display_name", "password_hash", "is_active", "created_at")
UNIT_COLUMNS = ("id", "name", "sector", "contact_name", "contact_phone", "address", "longitude",
                "latitude", "home_org_id", "home_path", "party_org_id", "created_at",
                "updated_at")  # fmt: skip
AGREEMENT_COLUMNS = ("id", "unit_id", "community_id", "community_path", "starts_on", "ends_on",
                     "content", "created_at")  # fmt: skip
RESOURCE_COLUMNS = ("id", "unit_id", "category", "title", "description", "quantity",
                    "quantity_unit", "available_from", "available_until", "address", "longitude",
                    "latitude", "status", "terms", "version", "created_by_account_id",
                    "created_at", "updated_at")  # fmt: skip
NEED_COLUMNS = ("id", "organization_id", "org_path", "category", "title", "description", "people",
                "needed_from", "needed_until", "requested_for", "longitude", "latitude", "status",
                "terms", "version", "created_by_account_id", "idempotency_key", "created_at",
                "updated_at")  # fmt: skip
VOLUNTEER_COLUMNS = ("id", "account_id", "name", "organization_id", "org_path", "member_id",
                     "skills", "availability", "total_minutes", "created_at",
                     "updated_at")  # fmt: skip
ACTIVITY_COLUMNS = ("id", "title", "kind", "description", "organization_id", "org_path",
                    "unit_id", "station_id", "address", "longitude", "latitude", "starts_at",
                    "ends_at", "capacity", "audience", "credits_hours", "check_in_radius_meters",
                    "status", "signed_up", "waitlisted", "checked_in", "feedback_count",
                    "feedback_sum", "started_at", "ended_at", "version", "created_by_account_id",
                    "created_at", "updated_at")  # fmt: skip
REGISTRATION_COLUMNS = ("id", "activity_id", "account_id", "volunteer_id", "status", "code",
                        "queued_at", "confirmed_at", "cancelled_at", "checked_in_at",
                        "check_in_method", "checked_out_at", "check_out_method", "minutes",
                        "feedback_score", "feedback_comment")  # fmt: skip
ENTRY_COLUMNS = ("id", "volunteer_id", "organization_id", "org_path", "day", "minutes", "kind",
                 "activity_id", "reverses_entry_id", "idempotency_key", "note",
                 "created_by_account_id", "created_at")  # fmt: skip
NO_PASSWORD = "!scale-volunteer: cannot sign in"
_CATEGORIES = tuple(ResourceCategory)
_WORDS = ("老人", "儿童", "健康", "法律", "文化", "环境", "就业", "志愿", "场地", "党建")


@dataclass(frozen=True)
class Place:
    id: int
    path: str
    longitude: float
    latitude: float


@dataclass(frozen=True)
class Firsts:
    """The first free id of each table."""

    account: int
    unit: int
    agreement: int
    resource: int
    need: int
    volunteer: int
    activity: int
    registration: int
    entry: int


class CoBuildingRecords:
    """The records of every table, generated per community on demand (COPY reads them once)."""

    def __init__(
        self,
        communities: Sequence[Place],
        firsts: Firsts,
        now: datetime,
        *,
        volunteers_per_community: int,
        activities_per_community: int,
        days: int,
        seed: int = 14,
    ) -> None:
        self.communities = communities
        self.firsts = firsts
        self.now = now
        self.per_community = volunteers_per_community
        self.activities_per_community = activities_per_community
        self.days = days
        self.seed = seed
        self.registrations: list[tuple[Any, ...]] = []
        self.entries: list[tuple[Any, ...]] = []

    def volunteer_id(self, community: int, number: int) -> int:
        return self.firsts.volunteer + community * self.per_community + number

    def accounts(self) -> Iterator[tuple[Any, ...]]:
        created = self.now - timedelta(days=self.days)
        for c, place in enumerate(self.communities):
            for n in range(self.per_community):
                key = c * self.per_community + n
                yield (self.firsts.account + key, f"scale-volunteer-{place.id}-{n}",
                       f"志愿者{key}", NO_PASSWORD, True, created)  # fmt: skip

    def volunteers(self) -> Iterator[tuple[Any, ...]]:
        created = self.now - timedelta(days=self.days)
        skills = json.dumps(["维修", "陪伴"], ensure_ascii=False)
        for c, place in enumerate(self.communities):
            for n in range(self.per_community):
                key = c * self.per_community + n
                yield (self.volunteer_id(c, n), self.firsts.account + key, f"志愿者{key}",
                       place.id, place.path, None, skills, "周末", 0, created, created)  # fmt: skip

    def units(self) -> Iterator[tuple[Any, ...]]:
        created = self.now - timedelta(days=400)
        sectors = tuple(UnitSector)
        for c, place in enumerate(self.communities):
            yield (self.firsts.unit + c, f"共建单位{place.id}", sectors[c % len(sectors)],
                   "联络员", "0571-88000000", None, place.longitude, place.latitude, place.id,
                   place.path, None, created, created)  # fmt: skip

    def agreements(self) -> Iterator[tuple[Any, ...]]:
        today = china_day(self.now)
        for c, place in enumerate(self.communities):
            yield (self.firsts.agreement + c, self.firsts.unit + c, place.id, place.path,
                   today - timedelta(days=300), today + timedelta(days=400), None,
                   self.now)  # fmt: skip

    def resources(self) -> Iterator[tuple[Any, ...]]:
        today = china_day(self.now)
        for c, place in enumerate(self.communities):
            for r in range(3):
                category = _CATEGORIES[(c + r) % len(_CATEGORIES)]
                word = _WORDS[(c + r) % len(_WORDS)]
                yield (self.firsts.resource + c * 3 + r, self.firsts.unit + c, category,
                       f"{word}服务", f"为社区提供{word}相关服务", 10, "次",
                       today - timedelta(days=100), None, None, place.longitude, place.latitude,
                       ResourceStatus.OPEN, json.dumps([word, "服务", "社区"], ensure_ascii=False),
                       1, None, self.now, self.now)  # fmt: skip

    def needs(self, creator: int) -> Iterator[tuple[Any, ...]]:
        today = china_day(self.now)
        statuses = (NeedStatus.OPEN, NeedStatus.OPEN, NeedStatus.CLAIMED, NeedStatus.FULFILLED)
        for c, place in enumerate(self.communities):
            for n in range(10):
                word = _WORDS[(c * 7 + n) % len(_WORDS)]
                yield (self.firsts.need + c * 10 + n, place.id, place.path,
                       _CATEGORIES[(c + n) % len(_CATEGORIES)], f"需要{word}帮助",
                       f"社区居民需要{word}方面的支持", 20, today, today + timedelta(days=30), None,
                       place.longitude, place.latitude, statuses[n % len(statuses)],
                       json.dumps([word, "社区", "居民"], ensure_ascii=False), 1, creator, None,
                       self.now, self.now)  # fmt: skip

    def activities(self) -> Iterator[tuple[Any, ...]]:
        """The activities, spread over the days; each yields its registrations and entries
        into `registrations` and `entries` (drained by the loader after the activities)."""
        rng = random.Random(self.seed)
        key = self.firsts.activity
        for c, place in enumerate(self.communities):
            for a in range(self.activities_per_community):
                starts = self.now - timedelta(
                    days=self.days * (a + rng.random()) / self.activities_per_community,
                    hours=rng.uniform(-12, 12),
                )
                ends = starts + timedelta(hours=2)
                over = ends <= self.now
                attended = self._registrations(rng, key, c, starts, ends, over)
                yield (key, f"志愿服务{a}", ActivityKind.VOLUNTEER_SERVICE, "社区志愿服务",
                       place.id, place.path, None, None, "社区广场", place.longitude,
                       place.latitude, starts, ends, 20, ActivityAudience.EVERYONE, True, 300,
                       ActivityStatus.SCHEDULED, 10, 0, attended, 0, 0,
                       starts if starts <= self.now else None, ends if over else None, 1, None,
                       starts - timedelta(days=7), starts - timedelta(days=7))  # fmt: skip
                key += 1

    def _registrations(
        self,
        rng: random.Random,
        activity: int,
        c: int,
        starts: datetime,
        ends: datetime,
        over: bool,
    ) -> int:
        attended = 0
        for number in rng.sample(range(self.per_community), min(10, self.per_community)):
            key = self.firsts.registration + len(self.registrations)
            volunteer = self.volunteer_id(c, number)
            account = self.firsts.account + c * self.per_community + number
            minutes = 120 if over else None
            self.registrations.append(
                (
                    key,
                    activity,
                    account,
                    volunteer,
                    RegistrationStatus.CONFIRMED,
                    f"S{key:014d}",
                    starts - timedelta(days=2),
                    starts - timedelta(days=2),
                    None,
                    starts if over else None,
                    AttendanceMethod.SELF if over else None,
                    ends if over else None,
                    AttendanceMethod.SELF if over else None,
                    minutes,
                    None,
                    None,
                )
            )
            if over:
                attended += 1
                place = self.communities[c]
                self.entries.append(
                    (
                        self.firsts.entry + len(self.entries),
                        volunteer,
                        place.id,
                        place.path,
                        china_day(starts),
                        120,
                        EntryKind.ATTENDANCE,
                        activity,
                        None,
                        f"attendance:{key}",
                        None,
                        None,
                        ends,
                    )
                )
        return attended
