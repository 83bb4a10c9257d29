"""The demo data set: a fictional city 江州市 with its organisation tree, members and accounts.

`seed_demo` is deterministic (same seed, same rows), idempotent (a second call finds the city by
its root code and writes nothing), all-or-nothing (one transaction) and fast (bulk inserts with
ids assigned here, so every materialized path is known before anything is written).
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from db.accounts.models import AccountRow, RoleBindingRow, get_active_account_as_member
from db.base import china_day
from db.bulk import (
    accounts_by_username,
    count_under,
    insert_rows,
    next_id,
    organizations_under,
    reset_id_sequences,
)
from db.development.models import (
    DevelopmentContactRow,
    DevelopmentRow,
    DevelopmentStepRow,
    DevelopmentTrainingRow,
)
from db.engine import Database, Session
from db.errors import ConfigurationError
from db.members.models import MemberRow
from db.members.tallies import rebuild_member_tallies
from db.organizations.models import (
    OrganizationRow,
    count_organizations_by_level,
    get_organization_by_code,
)
from db.paths import path_ids
from db.petitions.tallies import rebuild_petition_tallies
from db.presence.recount import rebuild_presence
from generators.demo import names
from generators.demo.activities import ensure_running_activities, seed_activities
from generators.demo.apikeys import seed_api_keys
from generators.demo.city import DemoBuilder, DemoIds
from generators.demo.cobuilding import seed_cobuilding
from generators.demo.departments import seed_departments
from generators.demo.development import build_development
from generators.demo.dues import HISTORY_MONTHS, seed_dues
from generators.demo.elsewhere import seed_members_elsewhere
from generators.demo.evaluation import seed_evaluation
from generators.demo.learning import SEASON_DAYS, seed_learning
from generators.demo.names import (
    DEMO_ACCOUNTS,
    DEMO_COMMUNITY,
    DEMO_MEMBER_ACCOUNT,
    DEMO_PASSWORD,
    SIGN_IN_ACCOUNTS,
)
from generators.demo.orglife import seed_meetings, seed_member_account
from generators.demo.outlines import seed_outlines
from generators.demo.petitions import DAYS as PETITION_DAYS
from generators.demo.petitions import DEFAULT_PETITIONS, seed_petitions
from generators.demo.repeats import seed_repeats
from generators.demo.stations import HISTORY_DAYS, seed_stations
from generators.demo.transfers import seed_transfers
from resolvers.accounts.passwords import hash_password

DEFAULT_SEED = 20261123
DEFAULT_MEMBERS = 6000
ROOT_CODE = names.CITY_CODE
_INSERT_CHUNK = 1000

Progress = Callable[[str], None]


class DemoConflict(ConfigurationError):
    """The database already holds something the demo needs to create (e.g. an `admin` account)."""


LEVEL_KEYS = ("city", "district", "street", "community", "grid", "other")


@dataclass(frozen=True)
class DemoSummary:
    """What the demo city holds; `created` says whether this call wrote it."""

    created: bool
    root_id: int
    organizations_by_level: dict[str, int]  # LEVEL_KEYS; "other": party groups and 两新 branches
    members: int
    accounts: int  # of SIGN_IN_ACCOUNTS, the accounts `server.py demo` lists

    @property
    def organizations(self) -> int:
        return sum(self.organizations_by_level.values())

    def describe(self) -> str:
        levels = ", ".join(f"{self.organizations_by_level.get(k, 0)} {k}" for k in LEVEL_KEYS)
        verb = "seeded" if self.created else "already present, nothing written"
        return (
            f"demo city {names.CITY_NAME} ({verb}): {self.organizations} organisations "
            f"({levels}), {self.members} members, {self.accounts} demo accounts"
        )


# --- the database side ----------------------------------------------------------------------


async def _organisational_life(
    session: Session, root_path: str, seed: int, now: datetime, say: Progress
) -> bool:
    """A year of meetings, the party member's own demo account, a year of dues and a season
    of study (each once); whether meetings or dues were written now."""
    meetings = await seed_meetings(session, root_path=root_path, seed=seed, now=now)
    if meetings.created:
        say(f"meetings: {meetings.meetings} with {meetings.attendances} attendances")
    member = await seed_member_account(
        session, root_path=root_path, password_hash=hash_password(DEMO_PASSWORD), now=now
    )
    if member is not None:
        say(f"organisational life: account {DEMO_MEMBER_ACCOUNT.username!r} for member {member}")
    account = (await accounts_by_username(session, [DEMO_MEMBER_ACCOUNT.username])).get(
        DEMO_MEMBER_ACCOUNT.username
    )
    found = await get_active_account_as_member(session, account[0]) if account else None
    own = found[1][0] if found and found[1] else None
    dues = await seed_dues(session, root_path=root_path, seed=seed, now=now, own_member=own)
    if dues is not None:
        say(f"dues: {dues.accounts} accounts, {dues.payments} payments over "
            f"{HISTORY_MONTHS} months, {dues.in_arrears} members 6+ months in arrears")  # fmt: skip
    transfers = await seed_transfers(session, root_path=root_path, seed=seed, now=now)
    if transfers:
        say(f"transfers 组织关系转接: {transfers} in every state, to and from {DEMO_COMMUNITY}")
    learning = await seed_learning(
        session, root_path=root_path, root_id=path_ids(root_path)[-1], seed=seed, now=now,
        own_member=own,
    )  # fmt: skip
    if learning is not None:
        say(f"learning 网上党校: {learning.courses} courses, {learning.learners} members studied "
            f"over {SEASON_DAYS} days: {learning.sessions} sessions, {learning.check_ins} "
            "check-ins")  # fmt: skip
    keys = await seed_api_keys(session, seed=seed, now=now)
    if keys:
        say(f"partners: {keys} API keys of the district's bureaus")
    return meetings.created or dues is not None


async def _members_elsewhere(
    session: Session, root_path: str, seed: int, now: datetime, say: Progress, *, recount: bool
) -> None:
    """Mobile members' whereabouts and 双报到 registrations (once), and the kept presence
    figures counted from the meetings, dues and check-ins written in bulk (when `recount`)."""
    elsewhere = await seed_members_elsewhere(session, root_path=root_path, seed=seed, now=now)
    if elsewhere is not None:
        say(f"members elsewhere: {elsewhere.mobile} mobile members' whereabouts, "
            f"{elsewhere.registrations} registrations 双报到")  # fmt: skip
    if recount:
        say(f"presence 在场: {await rebuild_presence(session)} member-months")


async def _co_building(
    session: Session, root_path: str, seed: int, now: datetime, say: Progress
) -> None:
    """Co-building's demo (once), districts' and streets' outlines (once), and activities
    running now whatever the hour the demo starts (区域化党建, 一张图)."""
    units = await seed_cobuilding(
        session,
        root_path=root_path,
        seed=seed,
        now=now,
        password_hash=hash_password(DEMO_PASSWORD),
    )
    if units.created:
        say(f"co-building: {units.units} units, {units.resources} resources, {units.needs} "
            f"needs, {units.exchanges} exchanges")  # fmt: skip
    season = await seed_activities(session, root_path=root_path, seed=seed, now=now)
    if season.activities:
        say(f"activities: {season.activities}, {season.registrations} sign-ups, "
            f"{season.volunteers} volunteers, {season.entries} hours entries")  # fmt: skip
    elif running := await ensure_running_activities(
        session, root_path=root_path, seed=seed, now=now
    ):
        say(f"activities: {running} added to run now and later today")
    outlines = await seed_outlines(session, await organizations_under(session, root_path))
    if outlines:
        say(f"outlines: {outlines} districts and streets")


_TABLES = ("organizations", "members", "accounts", "role_bindings")


async def _summary(session: Session, root: OrganizationRow, *, created: bool) -> DemoSummary:
    by_level = (await count_organizations_by_level(session, [root.path]))[root.path]
    levels = dict.fromkeys(LEVEL_KEYS, 0)
    for level, n in by_level.items():
        levels[level.value if level else "other"] += n
    members = await count_under(session, MemberRow.__tablename__, root.path)
    accounts = await accounts_by_username(session, [demo.username for demo in SIGN_IN_ACCOUNTS])
    return DemoSummary(
        created=created,
        root_id=root.id,
        organizations_by_level=levels,
        members=members,
        accounts=len(accounts),
    )


async def seed_demo(
    database: Database,
    *,
    seed: int = DEFAULT_SEED,
    members: int = DEFAULT_MEMBERS,
    petitions: int = DEFAULT_PETITIONS,
    history_days: int = HISTORY_DAYS,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create the demo city once, then its evaluation (its batch runs in transactions of its
    own, after the city's); return what is there either way."""
    summary = await _seed_city(
        database, seed=seed, members=members, petitions=petitions, history_days=history_days,
        progress=progress,
    )  # fmt: skip
    await seed_evaluation(
        database, seed=seed, now=datetime.now(UTC), say=progress or (lambda _line: None)
    )
    return summary


async def _seed_city(
    database: Database,
    *,
    seed: int = DEFAULT_SEED,
    members: int = DEFAULT_MEMBERS,
    petitions: int = DEFAULT_PETITIONS,
    history_days: int = HISTORY_DAYS,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create the demo city once, in one transaction; return what is there either way."""
    if members < 0:
        raise ValueError("members must be zero or more")
    say: Progress = progress or (lambda _line: None)
    started = clock.perf_counter()
    async with database.transaction() as session:
        existing = await get_organization_by_code(session, ROOT_CODE)
        if existing is not None:
            await seed_stations(session, root_path=existing.path, seed=seed, now=datetime.now(UTC))
            await _co_building(session, existing.path, seed, datetime.now(UTC), say)
            written = await _organisational_life(
                session, existing.path, seed, datetime.now(UTC), say
            )
            await _members_elsewhere(
                session, existing.path, seed, datetime.now(UTC), say, recount=written
            )
            summary = await _summary(session, existing, created=False)
            say(f"demo city {names.CITY_NAME} already present (code {ROOT_CODE}): nothing written")
            return summary
        usernames = [demo.username for demo in DEMO_ACCOUNTS]
        taken = list(await accounts_by_username(session, usernames))
        if taken:
            raise DemoConflict(
                f"the database already has account(s) {', '.join(sorted(taken))} but no demo "
                f"city; seed the demo into a fresh database"
            )
        ids = DemoIds(
            organization=await next_id(session, OrganizationRow.__tablename__),
            member=await next_id(session, MemberRow.__tablename__),
            account=await next_id(session, AccountRow.__tablename__),
            binding=await next_id(session, RoleBindingRow.__tablename__),
        )
        builder = DemoBuilder(seed, ids, datetime.now(UTC))
        builder.build_tree()
        await insert_rows(session, OrganizationRow, builder.organizations)
        say(f"organisations: {len(builder.organizations)}")

        rows = builder.build_members(members)
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            await insert_rows(session, MemberRow, chunk)
            say(f"members: {start + len(chunk)} of {len(rows)}")
        await rebuild_member_tallies(session)
        development = build_development(rows, seed, china_day(builder.now))
        for model, key in (
            (DevelopmentRow, "records"),
            (DevelopmentContactRow, "contacts"),
            (DevelopmentTrainingRow, "trainings"),
            (DevelopmentStepRow, "steps"),
        ):
            await insert_rows(session, model, development[key])
        say(
            f"development 党员发展: {len(development['records'])} people on the way or on "
            f"probation, {len(development['trainings'])} trainings"
        )
        stations = await seed_stations(
            session,
            root_path=builder.by_code[ROOT_CODE]["path"],
            seed=seed,
            now=builder.now,
            history_days=history_days,
        )
        say(f"stations: {stations.stations}, {stations.hours} station-hours of history")

        accounts, bindings = builder.build_accounts(hash_password(DEMO_PASSWORD))
        await insert_rows(session, AccountRow, accounts)
        await insert_rows(session, RoleBindingRow, bindings)
        say(
            f"accounts: {len(accounts)} of the {len(SIGN_IN_ACCOUNTS)} demo accounts, those bound "
            f"to organisations (password {DEMO_PASSWORD!r}; the others come with their data)"
        )
        petitions = await seed_petitions(
            session,
            seed=seed,
            now=builder.now,
            root_path=builder.by_code[ROOT_CODE]["path"],
            count=petitions,
        )
        # Dispatched petitions change status: before their tallies are counted.
        departments = await seed_departments(
            session, password_hash=hash_password(DEMO_PASSWORD), now=builder.now
        )
        petitions += await seed_repeats(
            session, root_path=builder.by_code[ROOT_CODE]["path"], now=builder.now
        )
        await rebuild_petition_tallies(session)
        say(f"petitions: {petitions} over the last {PETITION_DAYS} days")
        if departments is not None:
            say(f"departments 职能部门: {departments.departments}, {departments.dispatches} "
                "dispatches of 锦绣社区's petitions")  # fmt: skip

        await _co_building(session, builder.by_code[ROOT_CODE]["path"], seed, builder.now, say)
        await _organisational_life(
            session, builder.by_code[ROOT_CODE]["path"], seed, builder.now, say
        )
        await _members_elsewhere(
            session, builder.by_code[ROOT_CODE]["path"], seed, builder.now, say, recount=True
        )
        await reset_id_sequences(session, _TABLES)
        root = await get_organization_by_code(session, ROOT_CODE)
        assert root is not None
        summary = await _summary(session, root, created=True)
    say(f"demo seeded in {clock.perf_counter() - started:.1f} s")
    return summary
