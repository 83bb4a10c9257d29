"""City-scale data on PostgreSQL for the benchmarks: the tree, members, petitions, stations,
co-building (units, the resource wall, activities, volunteers and their hours), organisational
life (a year of meetings with attendance, a year of dues), learning (courses and a season of
study).

Loaded with COPY in chunks, reporting rows per second per table. Each part (city and
members, petitions, hot-topic words, stations with their history) is one transaction and is
found again on a second run, which skips it; so an interrupted load resumes at the part it
was in. Separate from the demo city (different root code, ID-card area codes, device tokens).

    .venv/bin/python -m generators.scale --database-url postgresql://postgres@127.0.0.1/zhdj_bench
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial

from db.accounts.models import Role, get_account_by_username
from db.bulk import (
    Progress,
    add_account,
    any_under,
    copy_records,
    grids_under,
    members_under,
    next_id,
    organizations_under,
    reset_id_sequences,
    vacuum_analyze,
)
from db.dues.brackets import ensure_default_brackets
from db.dues.queries import all_brackets, members_owing_dues
from db.dues.tallies import add_to_dues_tallies
from db.engine import Database, Session
from db.learning.tallies import add_to_learning_tallies
from db.meetings.kinds import ensure_default_kinds
from db.meetings.subtree_rebuild import rebuild_compliance_tallies
from db.meetings.tallies import rebuild_meeting_tallies
from db.members.models import MemberStatus
from db.members.tallies import rebuild_member_tallies
from db.organizations.models import (
    GovernanceLevel,
    OrganizationRow,
    PartyOrgKind,
    get_organization_by_code,
)
from db.petitions.categories import ensure_default_categories
from db.petitions.models import get_categories
from db.petitions.tallies import rebuild_petition_tallies
from db.presence.last_present import rebuild_last_present
from db.presence.scale import any_presence_under, party_member_ids_under
from db.presence.tallies import china_month
from db.stations.live import restamp_alive
from db.stations.organization_hours import rebuild_organization_hours
from db.volunteers.ledger import rebuild_hour_tallies, recount_volunteer_totals
from generators.scale.city import (
    MEMBER_COLUMNS,
    ORGANIZATION_COLUMNS,
    ROOT_CODE,
    CityShape,
    member_records,
    organization_records,
)
from generators.scale.cobuilding import (
    ACCOUNT_COLUMNS,
    ACTIVITY_COLUMNS,
    AGREEMENT_COLUMNS,
    ENTRY_COLUMNS,
    NEED_COLUMNS,
    REGISTRATION_COLUMNS,
    RESOURCE_COLUMNS,
    UNIT_COLUMNS,
    VOLUNTEER_COLUMNS,
    CoBuildingRecords,
    Firsts,
    Place,
)
from generators.scale.dues import ACCOUNT_COLUMNS as DUES_ACCOUNT_COLUMNS
from generators.scale.dues import (
    BASE_COLUMNS,
    LINE_COLUMNS,
    PAID_COLUMNS,
    PAYMENT_COLUMNS,
    DuesRecords,
    Payer,
)
from generators.scale.learning import ID_TABLES as LEARNING_TABLES
from generators.scale.learning import TABLES as LEARNING_ROWS
from generators.scale.learning import Learner, LearningRecords, Publisher, records
from generators.scale.orglife import (
    ATTENDANCE_COLUMNS,
    MEETING_COLUMNS,
    STEP_COLUMNS,
    Branch,
    MeetingRecords,
)
from generators.scale.petitions import (
    Grid,
    PetitionRecords,
    load_petitions,
    roll_up_words,
    templates,
)
from generators.scale.presence import PRESENCE_COLUMNS, presence_records
from generators.scale.stations import (
    DEVICE_COLUMNS,
    HOUR_COLUMNS,
    LIVE_COLUMNS,
    SERVICE_COLUMNS,
    SILENT_EVERY,
    STATION_COLUMNS,
    Community,
    History,
    devices,
    live_rows,
    stations,
)
from resolvers.accounts.passwords import hash_password

BENCH_USERNAME = "bench-admin"
BENCH_PASSWORD = "zhdj-bench"
ALIVE_HOURS = 24


async def _add_bench_account(session: Session, root_id: int) -> None:
    """An administrator of the whole scale city, for the benchmarks to sign in as."""
    password_hash = hash_password(BENCH_PASSWORD)
    bindings = [(root_id, Role.ADMINISTRATOR)]
    await add_account(session, BENCH_USERNAME, "压测管理员", password_hash, bindings)


async def load_city(session: Session, shape: CityShape, now: datetime, progress: Progress) -> None:
    first_org = await next_id(session, "organizations")
    organizations = organization_records(shape, first_org, now)
    await copy_records(session, "organizations", ORGANIZATION_COLUMNS, organizations, progress)
    community_of = {record[0]: record[1] for record in organizations}
    grids = [
        (record[0], community_of[record[0]], record[2])
        for record in organizations
        if record[6] == GovernanceLevel.GRID.value
    ]
    first_member = await next_id(session, "members")
    records = member_records(shape.members, grids, first_member, now)
    await copy_records(session, "members", MEMBER_COLUMNS, records, progress, shape.members)
    await _add_bench_account(session, first_org)
    progress("member tallies: rebuilding …")
    await rebuild_member_tallies(session)
    await reset_id_sequences(session, ["organizations", "members"])


async def _grids(session: Session, root: OrganizationRow) -> list[Grid]:
    return [
        Grid(place.grid_id, place.grid_path, place.community_id, place.community_path)
        for place in await grids_under(session, root.path)
    ]


async def _categories(session: Session) -> dict[str, tuple[int, int]]:
    """Each category code's id and handling deadline in hours."""
    await ensure_default_categories(session)
    return {row.code: (row.id, row.deadline_hours) for row in await get_categories(session)}


async def load_petition_part(
    session: Session,
    root: OrganizationRow,
    shape: CityShape,
    now: datetime,
    progress: Progress,
) -> None:
    categories = await _categories(session)
    account = await get_account_by_username(session, BENCH_USERNAME)
    if account is None:
        raise SystemExit(f"the scale city has no {BENCH_USERNAME} account; load it afresh")
    records = PetitionRecords(
        grids=await _grids(session, root),
        categories=categories,
        account_id=account.id,
        first_petition=await next_id(session, "petitions"),
        first_step=await next_id(session, "petition_steps"),
        now=now,
        days=shape.petition_days,
    )
    started = time.perf_counter()
    petitions, steps = await load_petitions(session, records, shape.petitions, progress)
    elapsed = time.perf_counter() - started
    progress(
        f"petitions: {petitions:,} and {steps:,} steps in {elapsed:.0f} s "
        f"({(petitions + steps) / elapsed:,.0f} rows/s)"
    )
    await reset_id_sequences(session, ["petitions", "petition_steps"])
    await _rebuilt(session, "petition tallies", rebuild_petition_tallies, progress)


async def load_word_part(
    session: Session,
    root: OrganizationRow,
    shape: CityShape,
    now: datetime,
    progress: Progress,
) -> None:
    begun = time.perf_counter()
    since = (now - timedelta(days=shape.word_days)).date()
    kinds = templates(await _categories(session))
    written = await roll_up_words(session, kinds, root.path, 4, since)
    elapsed = time.perf_counter() - begun
    rate = written / max(elapsed, 1e-9)
    progress(f"petition_word_counts: {written:,} rows in {elapsed:.0f} s ({rate:,.0f} rows/s)")
    await reset_id_sequences(session, ["petition_word_counts"])


async def load_station_part(
    session: Session,
    root: OrganizationRow,
    shape: CityShape,
    now: datetime,
    progress: Progress,
    alive_hours: float = ALIVE_HOURS,
) -> None:
    alive_until = now + timedelta(hours=alive_hours)
    communities = [
        Community(row.id, row.path, row.longitude or 120.0, row.latitude or 30.0)
        for row in await organizations_under(session, root.path, GovernanceLevel.COMMUNITY)
    ]
    created = now - timedelta(days=shape.days)
    found, records = stations(
        shape.stations, communities, await next_id(session, "stations"), created
    )
    await copy_records(session, "stations", STATION_COLUMNS, records, progress)
    first_device = await next_id(session, "station_devices")
    await copy_records(
        session,
        "station_devices",
        DEVICE_COLUMNS,
        devices(found, first_device, created, alive_until),
        progress,
    )
    await copy_records(
        session, "station_live", LIVE_COLUMNS, live_rows(found, now, alive_until), progress
    )
    history = History(found, now, shape.days)
    await copy_records(session, "station_hours", HOUR_COLUMNS, history.hours(), progress)
    await copy_records(
        session, "station_hour_services", SERVICE_COLUMNS, history.services, progress
    )
    await reset_id_sequences(session, ["stations", "station_devices"])
    await _rebuilt(session, "organisation hours", rebuild_organization_hours, progress)


async def load_cobuilding_part(
    session: Session,
    root: OrganizationRow,
    shape: CityShape,
    now: datetime,
    progress: Progress,
) -> None:
    """A unit per community with its agreement and three resources, ten needs per community,
    volunteers with accounts, a year of activities with registrations and hours."""
    communities = [
        Place(row.id, row.path, row.longitude or 120.0, row.latitude or 30.0)
        for row in await organizations_under(session, root.path, GovernanceLevel.COMMUNITY)
    ]
    tables = ("accounts", "co_building_units", "co_building_agreements", "co_building_resources",
              "co_building_needs", "volunteers", "activities", "activity_registrations",
              "volunteer_hours")  # fmt: skip
    ids = [await next_id(session, table) for table in tables]
    records = CoBuildingRecords(
        communities,
        Firsts(*ids),
        now,
        volunteers_per_community=shape.volunteers_per_community,
        activities_per_community=shape.activities_per_community,
        days=shape.cobuilding_days,
    )
    bench = await get_account_by_username(session, BENCH_USERNAME)
    creator = bench.id if bench is not None else 1
    await copy_records(session, "accounts", ACCOUNT_COLUMNS, records.accounts(), progress)
    await copy_records(session, "co_building_units", UNIT_COLUMNS, records.units(), progress)
    await copy_records(
        session, "co_building_agreements", AGREEMENT_COLUMNS, records.agreements(), progress
    )
    await copy_records(
        session, "co_building_resources", RESOURCE_COLUMNS, records.resources(), progress
    )
    await copy_records(session, "co_building_needs", NEED_COLUMNS, records.needs(creator), progress)
    await copy_records(session, "volunteers", VOLUNTEER_COLUMNS, records.volunteers(), progress)
    await copy_records(session, "activities", ACTIVITY_COLUMNS, records.activities(), progress)
    await copy_records(
        session, "activity_registrations", REGISTRATION_COLUMNS, records.registrations, progress
    )
    await copy_records(session, "volunteer_hours", ENTRY_COLUMNS, records.entries, progress)
    await reset_id_sequences(session, tables)
    await _rebuilt(session, "volunteers' totals", recount_volunteer_totals, progress)
    await _rebuilt(session, "volunteer hour tallies", rebuild_hour_tallies, progress)


async def load_presence_part(
    session: Session, root: OrganizationRow, shape: CityShape, now: datetime, progress: Progress
) -> None:
    """Kept presence figures for the Party members (generators/scale/presence.py)."""
    members = await party_member_ids_under(session, root.path)
    records = presence_records(members, china_month(now))
    await copy_records(session, "presence_months", PRESENCE_COLUMNS, records, progress)
    await _rebuilt(session, "last months present", rebuild_last_present, progress)


async def load_orglife_part(
    session: Session,
    root: OrganizationRow,
    shape: CityShape,
    now: datetime,
    progress: Progress,
) -> None:
    """A year of meetings for every branch with attendance and timelines, and a year of dues
    for every member who pays them; the kept figures rebuilt (meetings) or written (dues)."""
    await ensure_default_kinds(session)
    await ensure_default_brackets(session)
    attending: dict[int, list[int]] = {}
    party = (MemberStatus.FULL, MemberStatus.PROBATIONARY)
    for key, _name, branch, _path in await members_under(session, root.path, party):
        attending.setdefault(branch, []).append(key)
    branches = [
        Branch(row.id, row.path, tuple(attending.get(row.id, ())))
        for row in await organizations_under(session, root.path)
        if row.kind is PartyOrgKind.BRANCH
    ]
    tables = ("meetings", "meeting_attendances", "meeting_steps")
    first_meeting, first_attendance, first_step = [await next_id(session, t) for t in tables]
    meetings = MeetingRecords(
        branches, first_meeting, first_attendance, first_step, now, shape.orglife_months
    )
    await copy_records(session, "meetings", MEETING_COLUMNS, meetings.meetings(), progress)
    await copy_records(
        session, "meeting_attendances", ATTENDANCE_COLUMNS, meetings.attendances(), progress
    )
    await copy_records(session, "meeting_steps", STEP_COLUMNS, meetings.steps(), progress)
    await reset_id_sequences(session, tables)
    await _rebuilt(session, "meeting tallies", rebuild_meeting_tallies, progress)
    await _rebuilt(session, "meeting compliance tallies", rebuild_compliance_tallies, progress)
    payers = [
        Payer(key, branch, path, occupation)
        for key, branch, path, occupation, _s in await members_owing_dues(session, root.path)
    ]
    dues = DuesRecords(
        payers,
        await all_brackets(session),
        await next_id(session, "dues_bases"),
        await next_id(session, "dues_payments"),
        now,
        shape.orglife_months,
    )
    await copy_records(session, "dues_bases", BASE_COLUMNS, dues.bases(), progress)
    await copy_records(session, "dues_accounts", DUES_ACCOUNT_COLUMNS, dues.accounts(), progress)
    await copy_records(session, "dues_payments", PAYMENT_COLUMNS, dues.payments(), progress)
    await copy_records(session, "dues_payment_months", LINE_COLUMNS, dues.lines(), progress)
    await copy_records(session, "dues_paid_months", PAID_COLUMNS, dues.paid(), progress)
    await reset_id_sequences(session, ["dues_bases", "dues_payments"])
    progress("dues tallies: writing …")
    await add_to_dues_tallies(session, dues.tally_changes())


async def load_learning_part(
    session: Session,
    root: OrganizationRow,
    shape: CityShape,
    now: datetime,
    progress: Progress,
) -> None:
    """Courses for the city, every district and every street, and a season of study for every
    Party member (generators/scale/learning.py), a batch of members at a time; the kept
    figures written from the same draws."""
    publishers = [
        Publisher(row.id, row.path)
        for level in (GovernanceLevel.DISTRICT, GovernanceLevel.STREET)
        for row in await organizations_under(session, root.path, level)
    ]
    party = (MemberStatus.FULL, MemberStatus.PROBATIONARY)
    learners = [
        Learner(key, branch, path)
        for key, _name, branch, path in await members_under(session, root.path, party)
    ]
    ids = [await next_id(session, table) for table in LEARNING_TABLES]
    season = LearningRecords(Publisher(root.id, root.path), publishers, learners, ids, now)
    begun, written = time.perf_counter(), 0
    for drawn, rows in season.batches():
        for table, key in LEARNING_ROWS:
            columns, found = records(rows[key])
            if found:
                written += await copy_records(session, table, columns, found, lambda _line: None)
        elapsed = max(time.perf_counter() - begun, 1e-9)
        progress(
            f"learning: {drawn:,} of {len(learners):,} members, {written:,} rows, "
            f"{elapsed:.0f} s, {written / elapsed:,.0f} rows/s"
        )
    await reset_id_sequences(session, LEARNING_TABLES)
    begun = time.perf_counter()
    progress("learning tallies: writing …")
    await add_to_learning_tallies(session, season.tally_changes())
    progress(f"learning tallies: written in {time.perf_counter() - begun:.0f} s")


async def _rebuilt(
    session: Session,
    name: str,
    rebuild: Callable[[Session], Awaitable[None]],
    progress: Progress,
) -> None:
    """COPY bypasses the writes that keep tallies: recount them from the loaded rows."""
    begun = time.perf_counter()
    progress(f"{name}: rebuilding …")
    await rebuild(session)
    progress(f"{name}: rebuilt in {time.perf_counter() - begun:.0f} s")


# How a later run finds each part after the city (it skips a part found): a row of the table
# in the city's subtree (words: at its root).
PROBES = {
    "petitions": ("petitions", False),
    "words": ("petition_word_counts", True),
    "stations": ("stations", False),
    "cobuilding": ("activities", False),
    "orglife": ("meetings", False),
    "learning": ("learning_courses", False),
}
PARTS = ("city", *PROBES, "presence")
Loader = Callable[[Session, OrganizationRow, CityShape, datetime, Progress], Awaitable[None]]


async def generate(
    database: Database,
    shape: CityShape,
    progress: Progress = print,
    alive_hours: float = ALIVE_HOURS,
    parts: Sequence[str] = PARTS,
) -> None:
    if database.is_sqlite:
        raise SystemExit("the city-scale data is for PostgreSQL (it loads with COPY)")
    now = datetime.now(UTC)
    alive_until = now + timedelta(hours=alive_hours)
    started = time.perf_counter()
    async with database.transaction() as session:
        root = await get_organization_by_code(session, ROOT_CODE)
        if root is not None:
            progress(f"city and members: present (root code {ROOT_CODE}); reusing them")
        elif "city" in parts:
            await load_city(session, shape, now, progress)
    async with database.transaction() as session:
        root = await get_organization_by_code(session, ROOT_CODE)
        if root is None:
            raise SystemExit("no scale city yet: load the city part first")
    loaders: dict[str, Loader] = {
        "petitions": load_petition_part,
        "words": load_word_part,
        "stations": partial(load_station_part, alive_hours=alive_hours),
        "cobuilding": load_cobuilding_part,
        "orglife": load_orglife_part,
        "learning": load_learning_part,
    }
    for part, (table, exact) in PROBES.items():
        if part not in parts:
            continue
        async with database.transaction() as session:
            if not await any_under(session, table, root.path, exact=exact):
                await loaders[part](session, root, shape, now, progress)
            elif part == "stations":
                restamped = await restamp_alive(session, root.path, alive_until, SILENT_EVERY)
                progress(f"stations: present; {restamped:,} alive until {alive_until:%H:%M} UTC")
            else:
                progress(f"{part}: present; reusing them")
    if "presence" in parts:
        async with database.transaction() as session:
            if not await any_presence_under(session, root.path):
                await load_presence_part(session, root, shape, now, progress)
            else:
                progress("presence: present; reusing them")
    progress("vacuuming and analysing tables (visibility map for index-only scans) …")
    await vacuum_analyze(database)
    progress(f"city-scale data ready in {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generators.scale", description=__doc__)
    parser.add_argument("--database-url", required=True, help="a migrated PostgreSQL database")
    for name, default in vars(CityShape()).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
    parser.add_argument(
        "--parts", nargs="+", choices=PARTS, default=PARTS, help="load only these parts"
    )
    parser.add_argument(
        "--alive-hours",
        type=float,
        default=ALIVE_HOURS,
        help="stations count as online for this long after the run",
    )
    options = parser.parse_args(argv)
    shape = CityShape(**{name: getattr(options, name) for name in vars(CityShape())})

    async def run() -> None:
        async with Database(options.database_url) as database:
            await generate(database, shape, alive_hours=options.alive_hours, parts=options.parts)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
