"""The city-scale tree (city, districts, streets, communities, grids as branches) and members.

Records are tuples in column order for COPY; deterministic (seeded), ids assigned from the
first free id so the scale city can share a database with the demo city.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from db.members.models import Education, Gender, MemberStatus, Occupation
from db.organizations.models import GovernanceLevel, PartyOrgKind
from generators.demo.names import ETHNICITIES, MOBILE_PREFIXES
from resolvers.members.identity import check_digit

ROOT_CODE = "SC"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕玉兰红梅文斌晓东丹丹春梅德明宏伟"  # noqa: E501
STATUS_WEIGHTS = ((MemberStatus.FULL, 85), (MemberStatus.PROBATIONARY, 5),
                  (MemberStatus.DEVELOPMENT_TARGET, 3), (MemberStatus.ACTIVIST, 4),
                  (MemberStatus.APPLICANT, 3))  # fmt: skip


@dataclass(frozen=True)
class CityShape:
    """Every count of the generated city (each a command-line option of generators.scale)."""

    districts: int = 16
    streets: int = 200
    communities: int = 3_000
    grids: int = 30_000
    members: int = 1_000_000
    petitions: int = 2_000_000
    petition_days: int = 730
    word_days: int = 30  # of hot-topic word counts (the newest days; hot topics' usual window)
    stations: int = 5_000
    days: int = 90  # of hourly station roll-ups
    volunteers_per_community: int = 20  # co-building: volunteers (with accounts) …
    activities_per_community: int = 20  # … activities over the last `cobuilding_days` …
    cobuilding_days: int = 365  # … each with 10 registrations, the past ones with hours
    orglife_months: int = 12  # of meetings (with attendance) and of dues


ORGANIZATION_COLUMNS = ("id", "parent_id", "path", "depth", "name", "code", "level", "kind",
                        "sector", "longitude", "latitude", "created_at", "updated_at")  # fmt: skip
MEMBER_COLUMNS = ("id", "name", "gender", "birth_date", "ethnicity", "education", "occupation",
                  "join_date", "status", "status_changed_at", "branch_id", "org_path",
                  "residence_community_id", "is_mobile", "id_card_number", "phone", "address",
                  "version", "created_at", "updated_at")  # fmt: skip


def _spread(children: int, parents: int) -> list[int]:
    """How many children each parent gets, as evenly as possible."""
    base, extra = divmod(children, parents)
    return [base + (1 if index < extra else 0) for index in range(parents)]


def organization_records(shape: CityShape, first_id: int, now: datetime) -> list[tuple[Any, ...]]:
    """The tree, breadth-first: city, districts, streets, communities, grids (grid = branch)."""
    rng = random.Random(1)
    records: list[tuple[Any, ...]] = []
    next_id = first_id

    def add(
        parent: tuple[Any, ...] | None,
        level: GovernanceLevel,
        kind: PartyOrgKind,
        name: str,
        code: str,
    ) -> tuple[Any, ...]:
        nonlocal next_id
        node_id, next_id = next_id, next_id + 1
        path = f"{parent[2] if parent else '/'}{node_id}/"
        lon = (parent[9] if parent else 120.0) + rng.uniform(-0.05, 0.05)
        lat = (parent[10] if parent else 30.0) + rng.uniform(-0.05, 0.05)
        record = (node_id, parent[0] if parent else None, path, path.count("/") - 2, name, code,
                  level.value, kind.value, "governance", lon, lat, now, now)  # fmt: skip
        records.append(record)
        return record

    city = add(None, GovernanceLevel.CITY, PartyOrgKind.COMMITTEE, "规模测试市委", ROOT_CODE)
    layers = [
        (shape.districts, GovernanceLevel.DISTRICT, PartyOrgKind.COMMITTEE, "区委"),
        (shape.streets, GovernanceLevel.STREET, PartyOrgKind.WORKING_COMMITTEE, "街道党工委"),
        (shape.communities, GovernanceLevel.COMMUNITY, PartyOrgKind.COMMITTEE, "社区党委"),
        (shape.grids, GovernanceLevel.GRID, PartyOrgKind.BRANCH, "网格党支部"),
    ]
    parents = [city]
    for count, level, kind, suffix in layers:
        children: list[tuple[Any, ...]] = []
        for parent, n in zip(parents, _spread(count, len(parents)), strict=True):
            for index in range(n):
                code = f"{parent[5]}-{index + 1}"
                children.append(add(parent, level, kind, f"第{len(children) + 1}{suffix}", code))
        parents = children
    return records


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(SURNAMES) + given


def member_records(
    count: int, grids: Sequence[tuple[Any, ...]], first_id: int, now: datetime
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(2)
    today = now.date()
    ethnicities = [name for name, _w, _a in ETHNICITIES]
    weights = [weight for _n, weight, _a in ETHNICITIES]
    statuses = [status for status, _ in STATUS_WEIGHTS]
    status_weights = [weight for _, weight in STATUS_WEIGHTS]
    serials: dict[tuple[date, Gender], int] = {}
    for offset in range(count):
        grid = grids[rng.randrange(len(grids))]
        gender = Gender.MALE if rng.random() < 0.7 else Gender.FEMALE
        birth = today - timedelta(days=rng.randint(18 * 366, 90 * 365))
        serial = serials.get((birth, gender), 0)
        serials[(birth, gender)] = serial + 1
        # 33xx98: an area code the demo city never uses, so both can share a database.
        area = f"33{1 + serial // 500:02d}98"
        order = (serial % 500) * 2 + (1 if gender is Gender.MALE else 0)
        first17 = f"{area}{birth:%Y%m%d}{order % 1000:03d}"
        status = rng.choices(statuses, status_weights)[0]
        joined = None
        if status in (MemberStatus.FULL, MemberStatus.PROBATIONARY):
            joined = birth + timedelta(
                days=rng.randint(18 * 366, max(18 * 366, (today - birth).days - 400))
            )
        member_id = first_id + offset
        yield (
            member_id,
            _name(rng),
            gender.value, birth, rng.choices(ethnicities, weights)[0],
            rng.choice(list(Education)).value, rng.choice(list(Occupation)).value,
            joined, status.value, now, grid[0], grid[2], grid[1],
            rng.random() < 0.08, first17 + check_digit(first17),
            f"{MOBILE_PREFIXES[member_id % len(MOBILE_PREFIXES)]}{member_id:08d}",
            None, 1, now, now,
        )  # fmt: skip
