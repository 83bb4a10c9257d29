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
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.accounts.models import AccountRow, RoleBindingRow
from db.base import core_table
from db.engine import Database
from db.errors import ConfigurationError
from db.members.models import MemberRow
from db.members.tallies import rebuild_member_tallies
from db.organizations.models import (
    OrganizationRow,
    count_organizations_by_level,
    get_organization_by_code,
)
from db.paths import within_any
from db.petitions.tallies import rebuild_petition_tallies
from generators.demo import names
from generators.demo.city import DemoBuilder, DemoIds
from generators.demo.names import DEMO_ACCOUNTS, DEMO_PASSWORD
from generators.demo.petitions import DAYS as PETITION_DAYS
from generators.demo.petitions import DEFAULT_PETITIONS, seed_petitions
from generators.demo.stations import HISTORY_DAYS, seed_stations
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
    accounts: int

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

_SEQUENCE_RESETS = (
    "SELECT setval(pg_get_serial_sequence('organizations', 'id'), "
    "(SELECT max(id) FROM organizations))",
    "SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))",
    "SELECT setval(pg_get_serial_sequence('accounts', 'id'), (SELECT max(id) FROM accounts))",
    "SELECT setval(pg_get_serial_sequence('role_bindings', 'id'), "
    "(SELECT max(id) FROM role_bindings))",
)


async def _next_id(session: AsyncSession, model: type[Any]) -> int:
    highest = await session.scalar(select(func.max(model.id)))
    return int(highest or 0) + 1


async def _summary(session: AsyncSession, root: OrganizationRow, *, created: bool) -> DemoSummary:
    by_level = (await count_organizations_by_level(session, [root.path]))[root.path]
    levels = dict.fromkeys(LEVEL_KEYS, 0)
    for level, n in by_level.items():
        levels[level.value if level else "other"] += n
    members = await session.scalar(
        select(func.count())
        .select_from(MemberRow)
        .where(within_any(MemberRow.org_path, [root.path]))
    )
    usernames = [demo.username for demo in DEMO_ACCOUNTS]
    accounts = await session.scalar(
        select(func.count()).select_from(AccountRow).where(AccountRow.username.in_(usernames))
    )
    return DemoSummary(
        created=created,
        root_id=root.id,
        organizations_by_level=levels,
        members=int(members or 0),
        accounts=int(accounts or 0),
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
    """Create the demo city once, in one transaction; return what is there either way."""
    if members < 0:
        raise ValueError("members must be zero or more")
    say: Progress = progress or (lambda _line: None)
    started = clock.perf_counter()
    async with database.transaction() as session:
        existing = await get_organization_by_code(session, ROOT_CODE)
        if existing is not None:
            await seed_stations(session, root_path=existing.path, seed=seed, now=datetime.now(UTC))
            summary = await _summary(session, existing, created=False)
            say(f"demo city {names.CITY_NAME} already present (code {ROOT_CODE}): nothing written")
            return summary
        usernames = [demo.username for demo in DEMO_ACCOUNTS]
        taken = list(
            await session.scalars(
                select(AccountRow.username).where(AccountRow.username.in_(usernames))
            )
        )
        if taken:
            raise DemoConflict(
                f"the database already has account(s) {', '.join(sorted(taken))} but no demo "
                f"city; seed the demo into a fresh database"
            )
        ids = DemoIds(
            organization=await _next_id(session, OrganizationRow),
            member=await _next_id(session, MemberRow),
            account=await _next_id(session, AccountRow),
            binding=await _next_id(session, RoleBindingRow),
        )
        builder = DemoBuilder(seed, ids, datetime.now(UTC))
        builder.build_tree()
        await session.execute(insert(core_table(OrganizationRow)), builder.organizations)
        say(f"organisations: {len(builder.organizations)}")

        rows = builder.build_members(members)
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            await session.execute(insert(core_table(MemberRow)), chunk)
            say(f"members: {start + len(chunk)} of {len(rows)}")
        await rebuild_member_tallies(session)
        stations = await seed_stations(
            session,
            root_path=builder.by_code[ROOT_CODE]["path"],
            seed=seed,
            now=builder.now,
            history_days=history_days,
        )
        say(f"stations: {stations.stations}, {stations.hours} station-hours of history")

        accounts, bindings = builder.build_accounts(hash_password(DEMO_PASSWORD))
        await session.execute(insert(core_table(AccountRow)), accounts)
        await session.execute(insert(core_table(RoleBindingRow)), bindings)
        say(f"accounts: {len(accounts)} (password {DEMO_PASSWORD!r})")
        petitions = await seed_petitions(
            session,
            seed=seed,
            now=builder.now,
            root_path=builder.by_code[ROOT_CODE]["path"],
            count=petitions,
        )
        await rebuild_petition_tallies(session)
        say(f"petitions: {petitions} over the last {PETITION_DAYS} days")

        if not database.is_sqlite:
            for statement in _SEQUENCE_RESETS:
                await session.execute(text(statement))
        root = await get_organization_by_code(session, ROOT_CODE)
        assert root is not None
        summary = await _summary(session, root, created=True)
    say(f"demo seeded in {clock.perf_counter() - started:.1f} s")
    return summary
