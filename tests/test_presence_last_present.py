"""The kept absent counts 口袋党员 (each Party member's last month present, tallied per subtree)
equal a brute-force count from the facts themselves after random presence, reversals,
transfers and members leaving, for every organisation and window; a rebuild writes the same."""

from __future__ import annotations

import random
from datetime import date

import httpx
from sqlalchemy import select
from starlette.applications import Starlette

from db.engine import Database
from db.members.models import MemberRow
from db.paths import is_within
from db.presence.last_present import rebuild_last_present
from db.presence.queries import absent_count
from db.presence.recount import recount_presence
from resolvers.presence.reads import window_start
from tests.dues_support import REVERSE, declare, ensure_brackets, month_back, pay
from tests.graphql import execute
from tests.meeting_support import build_branches, data
from tests.test_member_tallies import tallies
from tests.test_presence_tallies import random_dues, random_meetings
from tests.transfer_support import accepted, advance, approved, transfer_of
from tests.world import World

WINDOWS = (1, 2, 3, 6, 12, 13)


async def recounted_absent(database: Database, world: World) -> dict[tuple[str, int], int]:
    """Per organisation and window: Party members under it with no month present in the window,
    counted from the meetings, dues and check-ins themselves."""
    async with database.session() as session:
        facts = await recount_presence(session)
        members = (
            await session.execute(select(MemberRow.id, MemberRow.org_path, MemberRow.status))
        ).all()
    present: dict[int, list[date]] = {}
    for (member, month), figures in facts.items():
        if any(figures):
            present.setdefault(member, []).append(month)
    found = {}
    for name, organization in world.orgs.items():
        for months in WINDOWS:
            since = window_start(months)
            found[(name, months)] = sum(
                1
                for key, path, status in members
                if status.is_party_member
                and is_within(path, organization.path)
                and not any(month >= since for month in present.get(key, []))
            )
    return found


async def kept_absent(database: Database, world: World) -> dict[tuple[str, int], int]:
    async with database.read() as connection:
        return {
            (name, months): await absent_count(connection, [org.id], window_start(months))
            for name, org in world.orgs.items()
            for months in WINDOWS
        }


async def test_kept_absent_counts_equal_a_recount_after_random_writes(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given random meetings attended, dues paid and reversed over a year
    branches = await build_branches(database, world, app.state.services.tokens)
    rng = random.Random(20261207)
    await random_meetings(client, branches, rng)
    await random_dues(client, database, world, rng)
    # and m1 moved to grid b1, m3 gone out of the platform
    await accepted(client, world)
    gone = await approved(client, world, member="m3", destination=None, text="外省某县委组织部")
    transfer_of(
        await advance(client, world.tokens["secretary"], gone["id"], "COMPLETE"), "advanceTransfer"
    )
    # when every organisation's absent count is read from the kept figures, for every window
    kept = await kept_absent(database, world)
    # then each is the count from the facts
    assert kept == await recounted_absent(database, world)
    assert kept[("city", 1)] > 0


async def test_a_reversal_takes_the_last_month_present_back(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given m1 present only by the dues of the month before last, paid
    await ensure_brackets(database)
    assert "errors" not in await declare(client, world, "m1", months_back=2)
    paid = data(await pay(client, world, "m1", "k1", months=[month_back(2)]), "payDues")
    present = await kept_absent(database, world)
    # when that payment is reversed
    body = await execute(
        client,
        REVERSE,
        {"input": {"paymentId": paid["payment"]["id"], "note": "录入有误"}},
        token=world.tokens["secretary"],
    )
    data(body, "reverseDuesPayment")
    # then m1 counts as absent again in every window of grid A1, as the facts say
    after = await kept_absent(database, world)
    assert present[("grid_a1", 3)] + 1 == after[("grid_a1", 3)]
    assert after == await recounted_absent(database, world)


async def test_a_rebuild_writes_the_kept_figures(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given random presence kept write by write
    branches = await build_branches(database, world, app.state.services.tokens)
    rng = random.Random(3)
    await random_meetings(client, branches, rng)
    await random_dues(client, database, world, rng)
    before = await tallies(database)
    # when the last months present are rebuilt from the kept months (as the demo, the
    # city-scale generator and the migration do)
    async with database.transaction() as session:
        await rebuild_last_present(session)
    # then every tally is as it was
    assert await tallies(database) == before
