"""The demo generator: the city's tree, members and accounts as rows, built in memory.

Deterministic: every choice comes from one seeded random generator and one seeded Faker, and
dates are reckoned from REFERENCE_DATE, not today.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from faker import Faker

from db.members.models import Education, Gender, MemberStatus, Occupation
from db.organizations.models import GovernanceLevel, PartyOrgKind, Sector
from db.paths import child_path
from generators.demo import names
from generators.demo.names import DEMO_ACCOUNTS
from resolvers.members.identity import check_digit

# Ages, join dates and status changes are reckoned from this fixed day, not from today, so the
# same seed gives the same rows whenever it runs.
REFERENCE_DATE = date(2026, 11, 1)

Row = dict[str, Any]
_T = TypeVar("_T")


# --- ID cards (GB 11643) --------------------------------------------------------------------


def id_card_number(area: str, birth: date, sequence: int) -> str:
    """Area code, birth date, 3-digit sequence (odd for men, even for women), check digit."""
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + check_digit(body)


# --- distributions --------------------------------------------------------------------------

_STATUSES = (
    (MemberStatus.FULL, 85.0),
    (MemberStatus.PROBATIONARY, 5.0),
    (MemberStatus.DEVELOPMENT_TARGET, 3.0),
    (MemberStatus.ACTIVIST, 3.5),
    (MemberStatus.APPLICANT, 3.5),
)
# (mean, deviation, youngest, oldest) age by status; members of 两新 branches are younger.
# The youngest of each stage could have walked the pipeline's legal durations from their 18th
# birthday (generators/demo/development.py dates them back from their status): a target at 22, a
# probationary member at 21; younger ones had no dates, and no step could move them on.
_AGES = {
    MemberStatus.APPLICANT: (26.0, 6.0, 18, 50),
    MemberStatus.ACTIVIST: (27.0, 6.0, 18, 50),
    MemberStatus.DEVELOPMENT_TARGET: (29.0, 6.0, 22, 52),
    MemberStatus.PROBATIONARY: (30.0, 6.0, 21, 55),
    MemberStatus.FULL: (55.0, 15.0, 20, 95),
}
_TWO_NEW_FULL_AGE = (38.0, 8.0, 21, 62)
_ETHNIC_AREAS = {ethnicity: area for ethnicity, _w, area in names.ETHNICITIES}
_EDUCATION = tuple(Education)  # primary … doctorate
_EDUCATION_BY_AGE = (  # (below this age, weights in _EDUCATION order)
    (35, (0.0, 2, 6, 6, 20, 48, 15, 3)),
    (55, (1.0, 9, 18, 10, 25, 30, 6, 1)),
    (200, (10.0, 25, 28, 10, 14, 11, 2, 0.3)),
)
_WORKING = (
    (Occupation.WORKER, 18.0),
    (Occupation.FARMER, 4.0),
    (Occupation.PROFESSIONAL, 28.0),
    (Occupation.MANAGER, 15.0),
    (Occupation.CIVIL_SERVANT, 12.0),
    (Occupation.OTHER, 15.0),
)
_TWO_NEW_WORK = (
    (Occupation.WORKER, 25.0),
    (Occupation.PROFESSIONAL, 42.0),
    (Occupation.MANAGER, 23.0),
    (Occupation.OTHER, 10.0),
)
_OLD_WORK = (
    (Occupation.PROFESSIONAL, 5.0),
    (Occupation.MANAGER, 3.0),
    (Occupation.WORKER, 3.0),
    (Occupation.FARMER, 4.0),
    (Occupation.OTHER, 5.0),
)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the birthday falls on 1 March, as the resolvers count it
        return date(day.year + years, 3, 1)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(1, 30), tzinfo=UTC)  # 09:30 Beijing time


# --- the generator --------------------------------------------------------------------------


@dataclass
class DemoIds:
    """The next free id of each table."""

    organization: int
    member: int
    account: int
    binding: int


class DemoBuilder:
    """Builds the demo's rows in memory, ids assigned, ready for bulk inserts."""

    def __init__(self, seed: int, ids: DemoIds, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.ids = ids
        self.now = now
        self.organizations: list[Row] = []
        self.by_code: dict[str, Row] = {}
        self.communities: list[Row] = []
        # branch row, the communities its members live in, district index (for area codes)
        self.branches: list[tuple[Row, list[Row], int]] = []
        self.two_new_names: set[str] = set()
        self.place: dict[int, tuple[int, str]] = {}  # community id -> (district index, street)

    # organisations

    def _org(
        self,
        parent: Row | None,
        *,
        name: str,
        code: str,
        level: GovernanceLevel | None,
        kind: PartyOrgKind,
        sector: Sector = Sector.GOVERNANCE,
        spread: float = 0.0,
    ) -> Row:
        org_id = self.ids.organization
        self.ids.organization += 1
        if parent is None:
            longitude, latitude = names.CITY_CENTRE
        else:
            longitude = parent["longitude"] + self.rng.uniform(-spread, spread)
            latitude = parent["latitude"] + self.rng.uniform(-spread, spread) * 0.85
        row: Row = {
            "id": org_id,
            "parent_id": parent["id"] if parent else None,
            "path": child_path(parent["path"] if parent else None, org_id),
            "depth": parent["depth"] + 1 if parent else 0,
            "name": name,
            "code": code,
            "level": level,
            "kind": kind,
            "sector": sector,
            "longitude": round(longitude, 6),
            "latitude": round(latitude, 6),
            "created_at": self.now,
            "updated_at": self.now,
        }
        self.organizations.append(row)
        self.by_code[code] = row
        return row

    def build_tree(self) -> None:
        rng = self.rng
        pool = list(names.COMMUNITY_NAMES)
        rng.shuffle(pool)
        city = self._org(
            None,
            name=names.CITY_ORG_NAME,
            code=names.CITY_CODE,
            level=GovernanceLevel.CITY,
            kind=PartyOrgKind.COMMITTEE,
        )
        for d, (district_name, offset, _area, street_names) in enumerate(names.DISTRICTS):
            district = self._org(
                city,
                name=f"中共{names.CITY_NAME}{district_name}委员会",
                code=f"{names.CITY_CODE}-{d + 1:02d}",
                level=GovernanceLevel.DISTRICT,
                kind=PartyOrgKind.COMMITTEE,
            )
            district["longitude"] = round(city["longitude"] + offset[0], 6)
            district["latitude"] = round(city["latitude"] + offset[1], 6)
            for s, street_name in enumerate(street_names[: rng.randint(2, 4)]):
                street = self._org(
                    district,
                    name=f"{district_name}{street_name}党工委",
                    code=f"{district['code']}-{s + 1:02d}",
                    level=GovernanceLevel.STREET,
                    kind=PartyOrgKind.WORKING_COMMITTEE,
                    spread=0.03,
                )
                street_communities: list[Row] = []
                for c in range(rng.randint(3, 4)):
                    first = not self.communities
                    short = names.DEMO_COMMUNITY if first else pool.pop() + "社区"
                    general = not first and rng.random() < 0.3
                    community = self._org(
                        street,
                        name=f"{short}{'党总支' if general else '党委'}",
                        code=f"{street['code']}-{c + 1:02d}",
                        level=GovernanceLevel.COMMUNITY,
                        kind=PartyOrgKind.GENERAL_BRANCH if general else PartyOrgKind.COMMITTEE,
                        spread=0.01,
                    )
                    self.communities.append(community)
                    street_communities.append(community)
                    self.place[community["id"]] = (d, street_name)
                    for g in range(rng.randint(3, 5)):
                        grid = self._org(
                            community,
                            name=f"{short}第{names.ORDINALS[g]}网格党支部",
                            code=f"{community['code']}-{g + 1:02d}",
                            level=GovernanceLevel.GRID,
                            kind=PartyOrgKind.BRANCH,
                            spread=0.003,
                        )
                        self.branches.append((grid, [community], d))
                        groups = rng.choices((0, 1, 2), weights=(65, 22, 13))[0]
                        for p in range(groups):
                            self._org(
                                grid,
                                name=f"{grid['name'][:-3]}第{names.ORDINALS[p]}党小组",
                                code=f"{grid['code']}-P{p + 1}",
                                level=None,
                                kind=PartyOrgKind.PARTY_GROUP,
                                spread=0.0008,
                            )
                    if first or rng.random() < 0.25:  # the first community always has one
                        self._two_new(community, short, [community], d, social=first)
                if not s or rng.random() < 0.4:  # the first street of each district has one
                    self._two_new(street, street_name, street_communities, d, social=False)

    def _two_new(
        self, parent: Row, place: str, homes: list[Row], district: int, *, social: bool
    ) -> None:
        while True:
            name, sector = self._two_new_name(place, social=social)
            if name not in self.two_new_names:
                self.two_new_names.add(name)
                break
        siblings = sum(
            1
            for row in self.organizations
            if row["parent_id"] == parent["id"] and row["sector"] != Sector.GOVERNANCE
        )
        letter = "S" if sector is Sector.SOCIAL_ORGANIZATION else "E"
        branch = self._org(
            parent,
            name=name,
            code=f"{parent['code']}-{letter}{siblings + 1:02d}",
            level=None,
            kind=PartyOrgKind.BRANCH,
            sector=sector,
            spread=0.004,
        )
        self.branches.append((branch, homes, district))

    def _two_new_name(self, place: str, *, social: bool) -> tuple[str, Sector]:
        rng = self.rng
        prefix = rng.choice(names.ENTERPRISE_PREFIXES)
        if social or rng.random() < 0.35:
            template = rng.choice(names.SOCIAL_ORGANIZATIONS)
            return template.format(place=place, prefix=prefix), Sector.SOCIAL_ORGANIZATION
        trade = rng.choice(names.ENTERPRISE_TRADES)
        return f"江州{prefix}{trade}党支部", Sector.NON_PUBLIC_ENTERPRISE

    # members

    def build_members(self, count: int) -> list[Row]:
        rng = self.rng
        weights = [
            rng.uniform(0.7, 1.3) if branch["sector"] == Sector.GOVERNANCE else 0.5
            for branch, _homes, _d in self.branches
        ]
        chosen = sorted(rng.choices(range(len(self.branches)), weights=weights, k=count))
        id_cards: set[str] = set()
        phones: set[str] = set()
        members: list[Row] = []
        for index in chosen:
            members.append(self._member(*self.branches[index], id_cards, phones))
        return members

    def _member(
        self, branch: Row, homes: list[Row], district: int, id_cards: set[str], phones: set[str]
    ) -> Row:
        rng = self.rng
        two_new = branch["sector"] != Sector.GOVERNANCE
        status = rng.choices([s for s, _ in _STATUSES], weights=[w for _, w in _STATUSES])[0]
        gender = Gender.MALE if rng.random() < 0.7 else Gender.FEMALE
        mean, deviation, youngest, oldest = (
            _TWO_NEW_FULL_AGE if two_new and status is MemberStatus.FULL else _AGES[status]
        )
        age = min(oldest, max(youngest, round(rng.gauss(mean, deviation))))
        birth = _years_after(REFERENCE_DATE, -age) - timedelta(days=rng.randint(0, 364))
        eighteen = _years_after(birth, 18)
        join_date, changed = self._dates(status, eighteen)

        ethnicity = _weighted(rng, [(e, w) for e, w, _a in names.ETHNICITIES])
        area_of = _ETHNIC_AREAS[ethnicity]
        home_area = area_of if area_of and rng.random() < 0.6 else None
        residence = rng.choice(homes) if rng.random() < 0.85 else rng.choice(self.communities)
        res_district, res_street = self.place[residence["id"]]
        if home_area is None:
            local = rng.random() < 0.65
            local_area = names.DISTRICTS[res_district if local else district][2]
            home_area = local_area if local else rng.choice(names.OTHER_AREA_CODES)
        while True:
            sequence = rng.randrange(1 if gender is Gender.MALE else 2, 1000, 2)
            card = id_card_number(home_area, birth, sequence)
            if card not in id_cards:
                id_cards.add(card)
                break
        while True:
            phone = rng.choice(names.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if phone not in phones:
                phones.add(phone)
                break

        education = _weighted(rng, _education_weights(age))
        occupation = self._occupation(age, two_new)
        # zh_CN's name_male()/name_female() ignore gender; its given-name tables do not.
        given = (
            self.fake.first_name_male() if gender is Gender.MALE else self.fake.first_name_female()
        )
        name = self.fake.last_name() + given
        compound = rng.choice(names.COMMUNITY_NAMES) + rng.choice(names.COMPOUND_SUFFIXES)
        address = (
            f"{names.CITY_NAME}{names.DISTRICTS[res_district][0]}{res_street}"
            f"{self.fake.street_name()}{rng.randint(1, 399)}号{compound}"
            f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元"
            f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
        )
        member_id = self.ids.member
        self.ids.member += 1
        return {
            "id": member_id,
            "name": name,
            "gender": gender,
            "birth_date": birth,
            "ethnicity": ethnicity,
            "education": education,
            "occupation": occupation,
            "join_date": join_date,
            "status": status,
            "status_changed_at": _at(changed),
            "branch_id": branch["id"],
            "org_path": branch["path"],
            "residence_community_id": residence["id"],
            "is_mobile": rng.random() < 0.08 and status.is_party_member,  # 流动党员 are members
            "id_card_number": card,
            "phone": phone,
            "address": address,
            "version": 1,
            "created_at": self.now,
            "updated_at": self.now,
        }

    def _dates(self, status: MemberStatus, eighteen: date) -> tuple[date | None, date]:
        """Join date (the day admitted as probationary member) and last status change."""
        rng = self.rng
        if status is MemberStatus.FULL:
            latest = REFERENCE_DATE - timedelta(days=366)  # a year of probation since
            span = (latest - eighteen).days
            offset = int(abs(rng.gauss(5.0, 7.0)) * 365.25)
            if offset > span:
                offset = rng.randint(0, span)
            joined = eighteen + timedelta(days=offset)
            return joined, joined + timedelta(days=365)
        if status is MemberStatus.PROBATIONARY:
            joined = REFERENCE_DATE - timedelta(days=rng.randint(1, 364))
            return joined, joined
        changed = REFERENCE_DATE - timedelta(days=rng.randint(10, 700))
        return None, max(changed, eighteen)

    def _occupation(self, age: int, two_new: bool) -> Occupation:
        rng = self.rng
        if two_new:
            return _weighted(rng, _TWO_NEW_WORK)
        if age >= 60 and rng.random() < 0.8:
            return Occupation.RETIRED
        if age >= 55 and rng.random() < 0.3:
            return Occupation.RETIRED
        if age < 25 and rng.random() < 0.55:
            return Occupation.STUDENT
        return _weighted(rng, _OLD_WORK if age >= 60 else _WORKING)

    # accounts

    def build_accounts(self, password_hash: str) -> tuple[list[Row], list[Row]]:
        accounts: list[Row] = []
        bindings: list[Row] = []
        for demo in DEMO_ACCOUNTS:
            account_id = self.ids.account
            self.ids.account += 1
            accounts.append(
                {
                    "id": account_id,
                    "username": demo.username,
                    "display_name": demo.display_name,
                    "password_hash": password_hash,
                    "is_active": True,
                    "created_at": self.now,
                }
            )
            bindings.append(
                {
                    "id": self.ids.binding,
                    "account_id": account_id,
                    "organization_id": self.by_code[demo.organization_code]["id"],
                    "role": demo.role,
                }
            )
            self.ids.binding += 1
        return accounts, bindings


def _weighted(rng: random.Random, choices: Sequence[tuple[_T, float]]) -> _T:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _education_weights(age: int) -> list[tuple[Education, float]]:
    for below, weights in _EDUCATION_BY_AGE:
        if age < below:
            return list(zip(_EDUCATION, weights, strict=True))
    raise AssertionError("unreachable: the last band covers every age")
