"""The demo data set: deterministic, idempotent, all-or-nothing, and consistent as data."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, TypedDict

import httpx
import pytest
from sqlalchemy import func, insert, select

from db.accounts.models import AccountRow, Role, RoleBindingRow
from db.engine import Database
from db.members.models import Gender, MemberRow, MemberStatus, Occupation
from db.migrate import upgrade
from db.organizations.models import GovernanceLevel, OrganizationRow, PartyOrgKind, Sector
from db.paths import child_path, path_ids
from generators.demo.city import REFERENCE_DATE
from generators.demo.names import DEMO_ACCOUNTS, DEMO_PASSWORD, SIGN_IN_ACCOUNTS
from generators.demo.seed import ROOT_CODE, DemoConflict, DemoSummary, seed_demo
from resolvers.accounts.passwords import verify_password
from resolvers.members.identity import check_digit, id_card_problem, is_valid_phone
from server import Settings, print_demo_accounts
from tests.databases import SeedDemo
from tests.graphql import execute

SMALL = 600


# Member tests need members; a few petitions and days of station history are enough here.
class Size(TypedDict):
    petitions: int
    history_days: int


LIGHT: Size = {"petitions": 100, "history_days": 2}
LOGIN = (
    "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
)
TIMESTAMPS = {"created_at", "updated_at"}
LEVELS = (
    GovernanceLevel.CITY,
    GovernanceLevel.DISTRICT,
    GovernanceLevel.STREET,
    GovernanceLevel.COMMUNITY,
    GovernanceLevel.GRID,
)
KINDS = {
    GovernanceLevel.CITY: {PartyOrgKind.COMMITTEE},
    GovernanceLevel.DISTRICT: {PartyOrgKind.COMMITTEE},
    GovernanceLevel.STREET: {PartyOrgKind.WORKING_COMMITTEE},
    GovernanceLevel.COMMUNITY: {PartyOrgKind.COMMITTEE, PartyOrgKind.GENERAL_BRANCH},
    GovernanceLevel.GRID: {PartyOrgKind.BRANCH},
}


async def fresh_database(tmp_path: Path, name: str = "d") -> Database:
    database = Database(f"sqlite:///{tmp_path}/{name}.db")
    await upgrade(database)
    return database


@pytest.fixture
def empty(database: Database) -> Database:
    """The leg's database (SQLite, or PostgreSQL on the second leg), migrated and empty."""
    return database


@pytest.fixture
async def seeded(empty: Database, demo: SeedDemo) -> Database:
    await demo(empty, members=SMALL, **LIGHT)
    return empty


def as_dict(row: Any) -> dict[str, Any]:
    return {
        column.key: getattr(row, column.key)
        for column in row.__table__.columns
        if column.key not in TIMESTAMPS
    }


async def all_rows(database: Database, model: Any) -> list[dict[str, Any]]:
    async with database.session() as session:
        return [as_dict(row) for row in await session.scalars(select(model).order_by(model.id))]


async def count(database: Database, model: Any) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def printed_accounts(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> tuple[str, list[str]]:
    """The password and the usernames `server.py demo` prints under its summary."""
    print_demo_accounts(settings)
    printed = capsys.readouterr().out
    password = re.search(r"password '([^']+)'", printed)
    assert password is not None, printed
    usernames = [line.split()[0] for line in printed.splitlines() if line.startswith("  ")]
    return password.group(1), usernames


def eighteenth_birthday(birth: date) -> date:
    if (birth.month, birth.day) == (2, 29):
        return date(birth.year + 18, 3, 1)
    return birth.replace(year=birth.year + 18)


async def test_the_same_seed_gives_identical_rows(empty: Database, tmp_path: Path) -> None:
    first, second = empty, await fresh_database(tmp_path, "b")
    try:
        await seed_demo(first, members=SMALL, **LIGHT)
        await seed_demo(second, members=SMALL, **LIGHT)
        for model in (OrganizationRow, MemberRow, AccountRow, RoleBindingRow):
            rows = await all_rows(first, model)
            assert rows
            if model is AccountRow:  # the hash is salted; the password is the same
                rows = [row | {"password_hash": None} for row in rows]
                other = [row | {"password_hash": None} for row in await all_rows(second, model)]
            else:
                other = await all_rows(second, model)
            assert rows == other, model.__name__
    finally:
        await first.dispose()
        await second.dispose()


async def test_another_seed_gives_other_members(tmp_path: Path) -> None:
    first, second = await fresh_database(tmp_path, "a"), await fresh_database(tmp_path, "b")
    try:
        await seed_demo(first, members=SMALL, **LIGHT)
        await seed_demo(second, seed=7, members=SMALL, **LIGHT)
        cards = {row["id_card_number"] for row in await all_rows(first, MemberRow)}
        other = {row["id_card_number"] for row in await all_rows(second, MemberRow)}
        assert len(cards & other) < SMALL // 10
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_second_call_writes_nothing_and_reports_what_is_there(seeded: Database) -> None:
    before = {
        model: await all_rows(seeded, model)
        for model in (OrganizationRow, MemberRow, AccountRow, RoleBindingRow)
    }
    lines: list[str] = []

    summary = await seed_demo(seeded, members=SMALL * 2, **LIGHT, progress=lines.append)

    assert not summary.created
    assert summary.members == SMALL
    assert summary.accounts == len(SIGN_IN_ACCOUNTS)
    assert summary.organizations == len(before[OrganizationRow])
    assert "already present" in " ".join(lines)
    for model, rows in before.items():
        assert await all_rows(seeded, model) == rows, model.__name__


async def test_the_summary_counts_what_was_written(empty: Database) -> None:
    summary = await seed_demo(empty, members=SMALL, **LIGHT)

    assert summary == DemoSummary(
        created=True,
        root_id=summary.root_id,
        organizations_by_level=summary.organizations_by_level,
        members=SMALL,
        accounts=len(SIGN_IN_ACCOUNTS),
    )
    organizations = await all_rows(empty, OrganizationRow)
    assert summary.organizations == len(organizations)
    by_level = Counter(row["level"].value if row["level"] else "other" for row in organizations)
    assert summary.organizations_by_level == dict(by_level)
    assert summary.organizations_by_level["city"] == 1
    assert summary.organizations_by_level["district"] >= 3
    assert "江州市" in summary.describe()


async def test_the_summary_counts_as_many_accounts_as_the_demo_lists(
    seeded: Database, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the demo seeded
    # When the summary is printed, then the accounts with their password
    summary = await seed_demo(seeded, members=SMALL, **LIGHT)
    _password, usernames = printed_accounts(settings, capsys)

    # Then the summary's count of demo accounts is the number of rows listed
    assert f", {len(usernames)} demo accounts" in summary.describe()


async def test_every_listed_demo_account_signs_in_with_the_printed_password(
    seeded: Database,
    client: httpx.AsyncClient,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given the demo seeded and its accounts listed as `server.py demo` lists them
    password, usernames = printed_accounts(settings, capsys)

    # When each signs in with the printed password
    bodies = {name: await execute(client, LOGIN, {"u": name, "p": password}) for name in usernames}

    # Then each gets a token
    assert len(usernames) == len(SIGN_IN_ACCOUNTS)
    refused = {
        name: body for name, body in bodies.items() if not (body.get("data") or {}).get("login")
    }
    assert refused == {}


async def test_progress_is_reported(empty: Database) -> None:
    lines: list[str] = []

    await seed_demo(empty, members=SMALL, **LIGHT, progress=lines.append)

    assert any(line.startswith("organisations: ") for line in lines)
    assert f"members: {SMALL} of {SMALL}" in lines
    # the accounts line says how many of the accounts the demo lists it wrote
    written = f"accounts: {len(DEMO_ACCOUNTS)} of the {len(SIGN_IN_ACCOUNTS)} demo accounts"
    assert any(line.startswith(written) for line in lines)


async def test_a_failure_midway_leaves_nothing_behind(empty: Database) -> None:
    def fail_after_members(line: str) -> None:
        if line.startswith("members:"):
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        await seed_demo(empty, members=SMALL, **LIGHT, progress=fail_after_members)

    for model in (OrganizationRow, MemberRow, AccountRow, RoleBindingRow):
        assert await count(empty, model) == 0, model.__name__


async def test_an_existing_demo_username_is_refused_and_nothing_written(empty: Database) -> None:
    async with empty.transaction() as session:
        await session.execute(
            insert(AccountRow).values(
                username="admin", display_name="本地管理员", password_hash="x"
            )
        )

    with pytest.raises(DemoConflict, match="admin"):
        await seed_demo(empty, members=SMALL, **LIGHT)

    assert await count(empty, OrganizationRow) == 0
    assert await count(empty, MemberRow) == 0


async def test_ids_continue_after_existing_rows(empty: Database) -> None:
    async with empty.transaction() as session:
        other = OrganizationRow(
            path="/", depth=0, name="另一个市委", code="OTHER", kind=PartyOrgKind.COMMITTEE
        )
        session.add(other)
        await session.flush()
        other.path = child_path(None, other.id)

    summary = await seed_demo(empty, members=SMALL, **LIGHT)

    assert summary.root_id == other.id + 1
    root = next(row for row in await all_rows(empty, OrganizationRow) if row["code"] == ROOT_CODE)
    assert root["path"] == f"/{summary.root_id}/"
    assert summary.organizations == await count(empty, OrganizationRow) - 1


async def test_the_tree_is_consistent(seeded: Database) -> None:
    rows = {row["id"]: row for row in await all_rows(seeded, OrganizationRow)}
    children: dict[int | None, list[dict[str, Any]]] = {}
    for row in rows.values():
        children.setdefault(row["parent_id"], []).append(row)
    (root,) = children[None]
    assert root["code"] == ROOT_CODE
    assert root["level"] is GovernanceLevel.CITY
    assert len({row["code"] for row in rows.values()}) == len(rows)

    for row in rows.values():
        parent = rows.get(row["parent_id"]) if row["parent_id"] else None
        assert row["path"] == child_path(parent["path"] if parent else None, row["id"])
        assert row["depth"] == len(path_ids(row["path"])) - 1
        assert row["longitude"] is not None
        assert row["latitude"] is not None
        if parent is None:
            continue
        assert row["code"].startswith(parent["code"] + "-")
        assert abs(row["longitude"] - parent["longitude"]) < 0.15
        assert abs(row["latitude"] - parent["latitude"]) < 0.15
        if row["sector"] is not Sector.GOVERNANCE:  # 两新 branch under a street or community
            assert row["level"] is None
            assert row["kind"] is PartyOrgKind.BRANCH
            assert parent["level"] in (GovernanceLevel.STREET, GovernanceLevel.COMMUNITY)
        elif row["kind"] is PartyOrgKind.PARTY_GROUP:
            assert row["level"] is None
            assert parent["level"] is GovernanceLevel.GRID
        else:
            assert row["level"] is LEVELS[row["depth"]]
            assert row["kind"] in KINDS[row["level"]]

    def governed(node: dict[str, Any], level: GovernanceLevel) -> list[dict[str, Any]]:
        return [row for row in children.get(node["id"], []) if row["level"] is level]

    districts = governed(root, GovernanceLevel.DISTRICT)
    assert len(districts) >= 3
    for district in districts:
        streets = governed(district, GovernanceLevel.STREET)
        assert 2 <= len(streets) <= 4
        for street in streets:
            communities = governed(street, GovernanceLevel.COMMUNITY)
            assert 3 <= len(communities) <= 4
            for community in communities:
                grids = governed(community, GovernanceLevel.GRID)
                assert 3 <= len(grids) <= 5
                for grid in grids:
                    assert len(children.get(grid["id"], [])) <= 2
    sectors = Counter(row["sector"] for row in rows.values())
    assert sectors[Sector.NON_PUBLIC_ENTERPRISE] >= 2
    assert sectors[Sector.SOCIAL_ORGANIZATION] >= 1
    assert any(row["kind"] is PartyOrgKind.PARTY_GROUP for row in rows.values())


async def test_every_member_sits_in_a_branch_and_lives_in_a_community(seeded: Database) -> None:
    organizations = {row["id"]: row for row in await all_rows(seeded, OrganizationRow)}
    members = await all_rows(seeded, MemberRow)
    assert len(members) == SMALL
    near_home = 0
    for member in members:
        branch = organizations[member["branch_id"]]
        assert branch["kind"] is PartyOrgKind.BRANCH
        assert member["org_path"] == branch["path"]
        residence = organizations[member["residence_community_id"]]
        assert residence["level"] is GovernanceLevel.COMMUNITY
        home = branch if branch["level"] is None else organizations[branch["parent_id"]]
        near_home += residence["path"].startswith(home["path"]) or home["path"].startswith(
            residence["path"]
        )
    assert near_home > 0.75 * len(members)
    assert any(
        organizations[member["branch_id"]]["sector"] is not Sector.GOVERNANCE for member in members
    )


async def test_every_id_card_and_phone_is_valid_and_unique(seeded: Database) -> None:
    members = await all_rows(seeded, MemberRow)
    for member in members:
        card: str = member["id_card_number"]
        assert len(card) == 18
        assert card[17] == check_digit(card[:17])
        assert card[6:14] == member["birth_date"].strftime("%Y%m%d")
        assert int(card[16]) % 2 == (1 if member["gender"] is Gender.MALE else 0)
        problem = id_card_problem(card, birth_date=member["birth_date"], gender=member["gender"])
        assert problem is None, (card, problem)
        assert is_valid_phone(member["phone"])
        assert member["phone"][:2] in ("13", "15", "18")
        assert member["address"].startswith("江州市")
    assert len({member["id_card_number"] for member in members}) == len(members)
    assert len({member["phone"] for member in members}) == len(members)


async def test_dates_follow_the_development_pipeline(seeded: Database) -> None:
    for member in await all_rows(seeded, MemberRow):
        birth, joined, status = member["birth_date"], member["join_date"], member["status"]
        assert 18 <= (REFERENCE_DATE - birth).days // 365.25 <= 96
        if status in (MemberStatus.APPLICANT, MemberStatus.ACTIVIST):
            assert joined is None
        if status in (MemberStatus.PROBATIONARY, MemberStatus.FULL):
            assert joined is not None
        if joined is not None:
            assert eighteenth_birthday(birth) <= joined <= REFERENCE_DATE
        assert member["status_changed_at"].date() <= REFERENCE_DATE


async def test_the_demo_accounts_exist_with_their_bindings(seeded: Database) -> None:
    async with seeded.session() as session:
        rows = await session.execute(
            select(AccountRow, RoleBindingRow.role, OrganizationRow)
            .join(RoleBindingRow, RoleBindingRow.account_id == AccountRow.id)
            .join(OrganizationRow, OrganizationRow.id == RoleBindingRow.organization_id)
        )
        found = {account.username: (account, role, org) for account, role, org in rows}

    assert set(found) == {demo.username for demo in DEMO_ACCOUNTS}
    for demo in DEMO_ACCOUNTS:
        account, role, org = found[demo.username]
        assert (role, org.code) == (demo.role, demo.organization_code)
        assert account.is_active
        assert account.display_name == demo.display_name
        assert verify_password(account.password_hash, DEMO_PASSWORD)
    assert found["admin"][2].level is GovernanceLevel.CITY
    assert found["partner"][2].level is GovernanceLevel.DISTRICT
    community = found["secretary"][2]
    assert community.level is GovernanceLevel.COMMUNITY
    assert found["station"][2].id == found["resident"][2].id == community.id
    assert found["gridworker"][2].level is GovernanceLevel.GRID
    assert found["gridworker"][2].parent_id == community.id
    assert found["secretary"][1] is Role.SECRETARY


async def test_the_default_size_has_plausible_distributions(empty: Database) -> None:
    summary = await seed_demo(empty)
    members = await all_rows(empty, MemberRow)
    assert summary.members == len(members) == 6000

    statuses = Counter(member["status"] for member in members)
    assert statuses.most_common(1)[0][0] is MemberStatus.FULL
    assert 0.80 < statuses[MemberStatus.FULL] / len(members) < 0.90
    # every stage of the way; a cancelled qualification comes only from concludeProbation
    assert set(statuses) == set(MemberStatus) - {MemberStatus.CANCELLED}
    genders = Counter(member["gender"] for member in members)
    assert 0.65 < genders[Gender.MALE] / len(members) < 0.75
    ethnicities = Counter(member["ethnicity"] for member in members)
    assert ethnicities.most_common(1)[0][0] == "汉族"
    assert len(ethnicities) >= 5
    assert 0.05 < sum(member["is_mobile"] for member in members) / len(members) < 0.11

    def age(member: dict[str, Any]) -> float:
        birth: date = member["birth_date"]
        return (REFERENCE_DATE - birth).days / 365.25

    full_ages = [age(m) for m in members if m["status"] is MemberStatus.FULL]
    assert 45 <= statistics.median(full_ages) <= 65
    applicant_ages = [age(m) for m in members if m["status"] is MemberStatus.APPLICANT]
    assert statistics.median(applicant_ages) < 35
    old = [m for m in members if age(m) >= 65]
    retired = sum(m["occupation"] is Occupation.RETIRED for m in old)
    assert retired > 0.6 * len(old)
    assert len({member["education"] for member in members}) >= 6
