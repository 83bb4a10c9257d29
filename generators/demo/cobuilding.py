"""Demo co-building 区域化党建: units with agreements and resources, needs across categories,
exchanges at every stage with their timelines, and the demo account `unit`.

Deterministic (seeded; dates reckoned from `now`), idempotent (nothing is written when the city
already has units) and written with ids assigned here. The unit account acts for the first
unit (a hospital serving 锦绣社区 and its neighbours).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.accounts.models import AccountRow
from db.base import china_day
from db.bulk import accounts_by_username, insert_rows, next_id, organizations_under
from db.engine import Session
from db.organizations.models import GovernanceLevel, OrganizationRow
from db.resources.models import (
    ExchangeAction,
    ExchangeRow,
    ExchangeStatus,
    ExchangeStepRow,
    NeedRow,
    NeedStatus,
    ResourceRow,
    ResourceStatus,
)
from db.units.models import AgreementRow, UnitAccountRow, UnitRow
from generators.demo import cobuilding_texts as texts
from generators.demo.names import DEMO_COMMUNITY, DEMO_UNIT_ACCOUNT
from resolvers.resources.terms import terms_of

_TABLES = (
    "co_building_units",
    "co_building_agreements",
    "co_building_resources",
    "co_building_needs",
    "co_building_exchanges",
    "co_building_exchange_steps",
)
S = ExchangeStatus
A = ExchangeAction
# How far each exchange got, and the steps that took it there: (action, side, to).
_PATHS: tuple[tuple[tuple[A, str, S], ...], ...] = (
    ((A.CLAIM, "unit", S.CLAIMED),),
    ((A.CLAIM, "unit", S.CLAIMED), (A.SCHEDULE, "community", S.SCHEDULED)),
    (
        (A.CLAIM, "unit", S.CLAIMED),
        (A.SCHEDULE, "unit", S.SCHEDULED),
        (A.DELIVER, "unit", S.DELIVERED),
    ),
    (
        (A.CLAIM, "unit", S.CLAIMED),
        (A.SCHEDULE, "unit", S.SCHEDULED),
        (A.DELIVER, "unit", S.DELIVERED),
        (A.RATE, "community", S.RATED_BY_COMMUNITY),
        (A.RATE, "unit", S.EVALUATED),
    ),
    ((A.REQUEST, "community", S.POSTED),),
    ((A.CLAIM, "unit", S.CLAIMED), (A.WITHDRAW, "unit", S.WITHDRAWN)),
)
_NEED_AFTER = {
    S.CLAIMED: NeedStatus.CLAIMED,
    S.SCHEDULED: NeedStatus.CLAIMED,
    S.POSTED: NeedStatus.CLAIMED,
    S.DELIVERED: NeedStatus.FULFILLED,
    S.EVALUATED: NeedStatus.FULFILLED,
    S.WITHDRAWN: NeedStatus.OPEN,
}
_COMMENTS = ("服务细致，居民很满意", "准时到位，配合默契", "希望长期合作", "组织有序，效果很好")


@dataclass(frozen=True)
class CoBuildingSummary:
    created: bool
    units: int
    resources: int
    needs: int
    exchanges: int


def _near(rng: random.Random, row: OrganizationRow, spread: float) -> tuple[float, float]:
    return (
        round((row.longitude or 120.15) + rng.uniform(-spread, spread), 6),
        round((row.latitude or 30.28) + rng.uniform(-spread, spread) * 0.85, 6),
    )


async def seed_cobuilding(
    session: Session, *, root_path: str, seed: int, now: datetime, password_hash: str
) -> CoBuildingSummary:
    """Units, resources, needs and exchanges in the first district's streets, once."""
    if await next_id(session, UnitRow.__tablename__) > 1:
        return CoBuildingSummary(False, 0, 0, 0, 0)
    rng = random.Random(seed * 13 + 5)
    streets = await organizations_under(session, root_path, GovernanceLevel.STREET)
    communities = await organizations_under(session, root_path, GovernanceLevel.COMMUNITY)
    hosts = [s for s in streets if s.depth == 2][:2]
    served_by_street = {
        street.id: [c for c in communities if c.parent_id == street.id] for street in hosts
    }
    today = china_day(now)
    ids = {table: await next_id(session, table) for table in _TABLES}
    units: list[dict[str, Any]] = []
    agreements: list[dict[str, Any]] = []
    resources: list[dict[str, Any]] = []
    unit_communities: dict[int, list[OrganizationRow]] = {}
    for index, (name, sector, contact, offers) in enumerate(texts.UNITS):
        street = hosts[0] if index < 8 else hosts[-1]
        longitude, latitude = _near(rng, street, 0.012)
        unit_id = ids["co_building_units"] + index
        units.append(
            {
                "id": unit_id, "name": name, "sector": sector, "contact_name": contact,
                "contact_phone": f"0571-8{rng.randint(1000000, 9999999)}",
                "address": f"{street.name.removesuffix('党工委')}{rng.randint(1, 300)}号",
                "longitude": longitude, "latitude": latitude, "home_org_id": street.id,
                "home_path": street.path, "party_org_id": None,
                "created_at": now - timedelta(days=200), "updated_at": now - timedelta(days=200),
            }
        )  # fmt: skip
        pool = served_by_street[street.id]
        first = [c for c in pool if c.name.startswith(DEMO_COMMUNITY)]
        others = [c for c in pool if c not in first]
        chosen = (first if index < 4 else []) + rng.sample(others, min(len(others), 2))
        unit_communities[unit_id] = chosen
        for community in chosen:
            short = community.name.removesuffix("党委").removesuffix("党总支")
            agreements.append(
                {
                    "id": ids["co_building_agreements"] + len(agreements), "unit_id": unit_id,
                    "community_id": community.id, "community_path": community.path,
                    "starts_on": today - timedelta(days=rng.randint(120, 400)),
                    "ends_on": today + timedelta(days=rng.randint(200, 700)),
                    "content": f"{name}与{short}签订区域化党建共建协议：资源共享、活动共办。",
                    "created_at": now - timedelta(days=150),
                }
            )  # fmt: skip
        for category, title, description, quantity, unit_label in offers:
            resources.append(
                {
                    "id": ids["co_building_resources"] + len(resources), "unit_id": unit_id,
                    "category": category, "title": title, "description": description,
                    "quantity": quantity, "quantity_unit": unit_label,
                    "available_from": today - timedelta(days=rng.randint(30, 120)),
                    "available_until": today + timedelta(days=rng.randint(60, 300)),
                    "address": units[-1]["address"], "longitude": longitude,
                    "latitude": latitude, "status": ResourceStatus.OPEN,
                    "terms": terms_of(f"{title}\n{description}"), "version": 1,
                    "created_by_account_id": None,
                    "created_at": now - timedelta(days=rng.randint(10, 90)),
                    "updated_at": now - timedelta(days=5),
                }
            )  # fmt: skip
    await insert_rows(session, UnitRow, units)
    await insert_rows(session, AgreementRow, agreements)
    await insert_rows(session, ResourceRow, resources)
    admin = (await accounts_by_username(session, ["admin"]))["admin"][0]
    needs, exchanges, steps = _needs_and_exchanges(
        rng, ids, now, admin, served_by_street, unit_communities, resources
    )
    await insert_rows(session, NeedRow, needs)
    await insert_rows(session, ExchangeRow, exchanges)
    await insert_rows(session, ExchangeStepRow, steps)
    await _unit_account(session, units[0]["id"], password_hash, now)
    return CoBuildingSummary(True, len(units), len(resources), len(needs), len(exchanges))


def _needs_and_exchanges(
    rng: random.Random,
    ids: dict[str, int],
    now: datetime,
    creator: int,
    served_by_street: dict[int, list[OrganizationRow]],
    unit_communities: dict[int, list[OrganizationRow]],
    resources: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    today = china_day(now)
    needs: list[dict[str, Any]] = []
    exchanges: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    communities = [c for pool in served_by_street.values() for c in pool]
    for community in communities:
        for category, title, description, people in rng.sample(texts.NEEDS, 6):
            need_id = ids["co_building_needs"] + len(needs)
            posted = now - timedelta(days=rng.uniform(1, 40))
            longitude, latitude = _near(rng, community, 0.004)
            start = china_day(posted) + timedelta(days=rng.randint(3, 20))
            need: dict[str, Any] = {
                "id": need_id, "organization_id": community.id, "org_path": community.path,
                "category": category, "title": title, "description": description,
                "people": people, "needed_from": start,
                "needed_until": start + timedelta(days=rng.randint(7, 60)),
                "requested_for": None, "longitude": longitude, "latitude": latitude,
                "status": NeedStatus.OPEN, "terms": terms_of(f"{title}\n{description}"),
                "version": 1, "created_by_account_id": creator, "idempotency_key": None,
                "created_at": posted, "updated_at": posted,
            }  # fmt: skip
            needs.append(need)
            serving = [u for u, served in unit_communities.items() if community in served]
            if not serving or rng.random() < 0.45:
                continue  # still open on the wall
            unit_id = rng.choice(serving)
            offers = [r for r in resources if r["unit_id"] == unit_id]
            path = rng.choice(_PATHS)
            exchange_id = ids["co_building_exchanges"] + len(exchanges)
            at = posted + timedelta(hours=rng.uniform(4, 72))
            exchange: dict[str, Any] = {
                "id": exchange_id, "unit_id": unit_id, "need_id": need_id,
                "resource_id": rng.choice(offers)["id"] if offers else None,
                "organization_id": community.id, "org_path": community.path,
                "status": path[-1][2], "scheduled_for": None, "delivered_at": None,
                "community_rating": None, "community_comment": None, "unit_rating": None,
                "unit_comment": None, "version": len(path), "created_by_account_id": creator,
                "idempotency_key": None, "created_at": at, "updated_at": at,
            }  # fmt: skip
            before: S | None = None
            for action, side, to in path:
                note = None
                if action is A.SCHEDULE:
                    when = datetime.combine(
                        max(need["needed_from"], today - timedelta(days=3)), datetime.min.time()
                    ).replace(tzinfo=now.tzinfo) + timedelta(hours=1)
                    exchange["scheduled_for"] = when
                    note = f"约定时间 {when.isoformat()}"
                elif action is A.DELIVER:
                    exchange["delivered_at"] = at
                elif action is A.RATE:
                    rating = rng.choice((4, 5, 5))
                    comment = rng.choice(_COMMENTS)
                    exchange[f"{side}_rating"] = rating
                    exchange[f"{side}_comment"] = comment
                    note = f"评分 {rating}/5：{comment}"
                steps.append(
                    {
                        "id": ids["co_building_exchange_steps"] + len(steps),
                        "exchange_id": exchange_id, "action": action, "side": side,
                        "from_status": before, "to_status": to, "actor_account_id": None,
                        "actor_name": "共建单位联络员" if side == "unit" else "社区工作人员",
                        "note": note, "at": min(at, now),
                    }
                )  # fmt: skip
                before = to
                at += timedelta(hours=rng.uniform(6, 60))
            exchange["updated_at"] = min(at, now)
            exchanges.append(exchange)
            need["status"] = _NEED_AFTER[path[-1][2]]
    return needs, exchanges, steps


async def _unit_account(session: Session, unit_id: int, password_hash: str, now: datetime) -> None:
    username = DEMO_UNIT_ACCOUNT.username
    found = await accounts_by_username(session, [username])
    if username in found:
        account_id = found[username][0]
    else:
        account_id = await next_id(session, AccountRow.__tablename__)
        await insert_rows(
            session,
            AccountRow,
            [
                {
                    "id": account_id,
                    "username": username,
                    "display_name": DEMO_UNIT_ACCOUNT.display_name,
                    "password_hash": password_hash,
                    "is_active": True,
                    "created_at": now,
                }
            ],
        )
    await insert_rows(session, UnitAccountRow, [{"account_id": account_id, "unit_id": unit_id}])
