"""Demo members elsewhere: mobile members' whereabouts 流动党员 and registrations with the
community members live in 双报到.

Every Party member the demo flagged mobile gets whereabouts (a city, an employer or a site,
since some months or years, a few moved once since) with their timeline. About half of the
members in service whose residence community is not their own branch's have registered with
it 双报到 over the last three years, a few of those registrations ended. Deterministic for a
seed; idempotent (nothing is written when the subtree has any already).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.base import china_day
from db.bulk import insert_rows, next_id, reset_id_sequences
from db.engine import Session
from db.members.models import Occupation
from db.mobility.models import (
    CommunityRegistrationRow,
    MobilityAction,
    MobilityRow,
    MobilityStepRow,
    RegistrationAction,
    RegistrationStepRow,
)
from db.mobility.seeding import any_elsewhere_under, party_members_with_residence

PLACES = (
    "广东省深圳市南山区科技园（务工）",
    "上海市浦东新区张江高科技园区",
    "江苏省苏州市工业园区",
    "北京市海淀区中关村（软件公司）",
    "浙江省宁波市北仑港（物流企业）",
    "广东省广州市天河区（外贸公司）",
    "四川省成都市高新区（建筑工地）",
    "湖北省武汉市光谷（研发中心）",
    "新疆喀什地区（援疆干部）",
    "西藏林芝市（援藏教师）",
    "海南省三亚市（季节性务工）",
    "江州市外出经商：云南省昆明市",
)
IN_SERVICE = (
    Occupation.WORKER,
    Occupation.PROFESSIONAL,
    Occupation.MANAGER,
    Occupation.CIVIL_SERVANT,
    Occupation.OTHER,
)
END_REASONS = ("搬离本社区", "工作调动，改到新居住地社区报到", "组织关系转出")


@dataclass(frozen=True)
class ElsewhereSeed:
    mobile: int
    registrations: int


async def seed_members_elsewhere(
    session: Session, *, root_path: str, seed: int, now: datetime
) -> ElsewhereSeed | None:
    """Whereabouts and registrations for the subtree (once); None when it has them already."""
    if await any_elsewhere_under(session, root_path):
        return None
    rng = random.Random(seed * 31 + 13)
    today = china_day(now)
    places = await party_members_with_residence(session, root_path)
    whereabouts: list[dict[str, object]] = []
    steps: list[dict[str, object]] = []
    for place in places:
        if not place.is_mobile:
            continue
        since = today - timedelta(days=rng.randint(30, 3 * 365))
        first, last = rng.sample(PLACES, 2)
        moved = rng.random() < 0.2
        moved_on = since + timedelta(days=(today - since).days // 2)
        whereabouts.append({
            "member_id": place.member_id, "whereabouts": last if moved else first,
            "organization_id": None, "since": moved_on if moved else since,
            "version": 2 if moved else 1, "updated_at": now,
        })  # fmt: skip
        steps.append(_step(place.member_id, MobilityAction.MARKED, first, since, now))
        if moved:
            steps.append(_step(place.member_id, MobilityAction.MOVED, last, moved_on, now))
    await insert_rows(session, MobilityRow, whereabouts)
    await insert_rows(session, MobilityStepRow, steps)

    registration_id = await next_id(session, CommunityRegistrationRow.__tablename__)
    registrations: list[dict[str, object]] = []
    registration_steps: list[dict[str, object]] = []
    for place in places:
        away = place.residence_path is not None and not place.org_path.startswith(
            place.residence_path
        )
        if not away or place.occupation not in IN_SERVICE or rng.random() >= 0.5:
            continue
        registered_on = today - timedelta(days=rng.randint(7, 3 * 365))
        ended_on: date | None = None
        if rng.random() < 0.08:
            ended_on = registered_on + timedelta(days=rng.randint(1, (today - registered_on).days))
        reason = rng.choice(END_REASONS) if ended_on else None
        registrations.append({
            "id": registration_id, "member_id": place.member_id,
            "active_member_id": None if ended_on else place.member_id,
            "active": 0 if ended_on else 1, "community_id": place.residence_id,
            "community_path": place.residence_path, "registered_on": registered_on,
            "ended_on": ended_on, "end_reason": reason, "version": 2 if ended_on else 1,
            "created_at": now,
        })  # fmt: skip
        registration_steps.append({
            "registration_id": registration_id, "action": RegistrationAction.REGISTERED,
            "effective_on": registered_on, "actor_id": None, "recorded_at": now, "note": None,
        })  # fmt: skip
        if ended_on:
            registration_steps.append({
                "registration_id": registration_id, "action": RegistrationAction.ENDED,
                "effective_on": ended_on, "actor_id": None, "recorded_at": now, "note": reason,
            })  # fmt: skip
        registration_id += 1
    await insert_rows(session, CommunityRegistrationRow, registrations)
    await insert_rows(session, RegistrationStepRow, registration_steps)
    await reset_id_sequences(session, (CommunityRegistrationRow.__tablename__,))
    return ElsewhereSeed(len(whereabouts), len(registrations))


def _step(
    member_id: int, action: MobilityAction, where: str, on: date, now: datetime
) -> dict[str, object]:
    return {
        "member_id": member_id, "action": action, "whereabouts": where, "organization_id": None,
        "effective_on": on, "actor_id": None, "recorded_at": now, "note": None,
    }  # fmt: skip
