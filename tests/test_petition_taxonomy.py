"""The seeds' taxonomy: three major kinds with nineteen subcategories (and party-building),
each with a default department, and the migration that maps the earlier fifteen onto it
without losing a petition, a timeline step or a tally."""

from __future__ import annotations

import importlib.util
from collections import Counter
from typing import Any

import httpx
from alembic import command
from sqlalchemy import Connection, delete, func, select, update

from db.base import utcnow
from db.engine import Database
from db.migrate import MIGRATIONS, alembic_config
from db.petitions.categories import MOVED_CATEGORIES
from db.petitions.models import CategoryKind, PetitionCategoryRow, PetitionRow, PetitionStepRow
from db.petitions.tallies import FIGURES, PetitionTallyRow, rebuild_petition_tallies
from generators.demo.petitions import seed_petitions
from schema.relay import to_global_id
from tests.graphql import execute
from tests.petition_support import categories, insert_petition
from tests.world import World

CATEGORIES = """
query ($kind: CategoryKind) {
  petitionCategories(kind: $kind) { code name kind parentId defaultDepartment deadlineHours }
}
"""
BY_KIND = """
query ($kinds: [CategoryKind!]) { petitions(filter: {kinds: $kinds}, first: 50) { nodes { id } } }
"""


def _migration() -> Any:
    path = MIGRATIONS / "versions" / "0017_petitions_up_the_chain.py"
    spec = importlib.util.spec_from_file_location("taxonomy_0017", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_the_taxonomy_has_three_kinds_of_nineteen_subcategories_and_party_building(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await categories(database)
    body = await execute(client, CATEGORIES, token=world.tokens["resident"])
    found = body["data"]["petitionCategories"]
    kinds = Counter(row["kind"] for row in found if row["parentId"] is not None)
    assert kinds == {
        "PUBLIC_MANAGEMENT": 7,
        "PUBLIC_SERVICE": 7,
        "PUBLIC_SAFETY": 5,
        "PARTY_BUILDING": 1,
    }
    assert sum(kinds.values()) - kinds["PARTY_BUILDING"] == 19
    assert all(row["defaultDepartment"] and row["deadlineHours"] > 0 for row in found)


async def test_categories_and_petitions_can_be_narrowed_by_kind(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a petition about noise (public safety) and one about a broken lamp (public service)
    codes = await categories(database)
    async with database.session() as session:
        noise_id = await session.scalar(
            select(PetitionCategoryRow.id).where(PetitionCategoryRow.code == "SF-NOISE")
        )
    assert noise_id is not None
    noise = await insert_petition(database, world, "submitted", category_id=noise_id)
    await insert_petition(database, world, "submitted")
    token = world.tokens["secretary"]
    # When categories and petitions are listed by kind
    safety = await execute(client, CATEGORIES, {"kind": "PUBLIC_SAFETY"}, token=token)
    listed = await execute(client, BY_KIND, {"kinds": ["PUBLIC_SAFETY"]}, token=token)
    # Then only public safety shows
    rows = safety["data"]["petitionCategories"]
    assert {row["kind"] for row in rows} == {"PUBLIC_SAFETY"}
    assert {row["code"] for row in rows} >= {"SF", "SF-NOISE", "SF-FOOD"}
    assert [node["id"] for node in listed["data"]["petitions"]["nodes"]] == [noise]
    assert codes["SF-NOISE"] == to_global_id("PetitionCategory", noise_id)


async def _as_before_the_move(database: Database, world: World) -> int:
    """A database as the earlier taxonomy left it: 噪音扰民 under 公共管理 (PM-NOISE) with its
    petitions and consistent tallies, no SF-NOISE; returns PM-NOISE's id."""
    async with database.transaction() as session:
        await seed_petitions(
            session, seed=3, now=utcnow(), root_path=world.orgs["city"].path, count=400
        )
        ids = dict(
            (await session.execute(select(PetitionCategoryRow.code, PetitionCategoryRow.id))).all()
        )
        old = PetitionCategoryRow(
            parent_id=ids["PM"],
            code="PM-NOISE",
            name="噪音扰民",
            kind=CategoryKind.PUBLIC_MANAGEMENT,
            deadline_hours=24,
        )
        session.add(old)
        await session.flush()
        await session.execute(
            update(PetitionRow)
            .where(PetitionRow.category_id == ids["SF-NOISE"])
            .values(category_id=old.id)
        )
        await session.execute(
            delete(PetitionCategoryRow).where(PetitionCategoryRow.id == ids["SF-NOISE"])
        )
        await rebuild_petition_tallies(session)
        return old.id


async def _snapshot(database: Database) -> dict[str, Any]:
    async with database.session() as session:
        petitions = {
            row.id: {
                c.key: getattr(row, c.key)
                for c in PetitionRow.__table__.columns
                if c.key not in ("category_id", "updated_at")
            }
            for row in await session.scalars(select(PetitionRow))
        }
        steps = [
            (row.id, row.petition_id, row.action, row.to_status, row.at, row.note)
            for row in await session.scalars(select(PetitionStepRow).order_by(PetitionStepRow.id))
        ]
        summed = select(
            PetitionTallyRow.organization_id,
            *(func.sum(getattr(PetitionTallyRow, name)) for name in FIGURES),
        ).group_by(PetitionTallyRow.organization_id)
        totals = {row[0]: tuple(row[1:]) for row in await session.execute(summed)}
    return {"petitions": petitions, "steps": steps, "totals": totals}


async def _tallies(database: Database) -> dict[tuple[Any, ...], tuple[int, ...]]:
    async with database.session() as session:
        rows = await session.scalars(select(PetitionTallyRow))
        found = {
            (r.organization_id, r.day, r.status, r.category_id): tuple(
                getattr(r, name) for name in FIGURES
            )
            for r in rows
        }
    return {key: sums for key, sums in found.items() if any(sums)}


async def test_the_migration_moves_a_moved_subcategory_keeping_every_petition_step_and_tally(
    world: World, database: Database
) -> None:
    # Given a seeded database of the earlier taxonomy, with petitions about noise in PM-NOISE
    old_id = await _as_before_the_move(database, world)
    before = await _snapshot(database)
    async with database.session() as session:
        noisy = set(
            await session.scalars(select(PetitionRow.id).where(PetitionRow.category_id == old_id))
        )
    assert noisy
    # When the taxonomy step of the migration runs (twice: it must be idempotent)
    migration = _migration()

    def migrate(connection: Connection) -> None:
        migration._taxonomy(connection)
        migration._taxonomy(connection)

    async with database.writes.begin() as connection:
        await connection.run_sync(migrate)
    # Then every petition and step is as it was, the noise petitions are public safety's now,
    # PM-NOISE is retired, and the tallies equal a recount with the same totals as before
    after = await _snapshot(database)
    assert after == before
    async with database.session() as session:
        ids = dict(
            (await session.execute(select(PetitionCategoryRow.code, PetitionCategoryRow.id))).all()
        )
        moved = set(
            await session.scalars(
                select(PetitionRow.id).where(
                    PetitionRow.category_id == ids[MOVED_CATEGORIES["PM-NOISE"]]
                )
            )
        )
        new = await session.get_one(PetitionCategoryRow, ids["SF-NOISE"])
        retired = await session.get_one(PetitionCategoryRow, old_id)
    assert moved == noisy
    assert (new.kind, new.parent_id, new.default_department) == (
        CategoryKind.PUBLIC_SAFETY,
        ids["SF"],
        "公安派出所",
    )
    assert retired.retired_at is not None
    kept = await _tallies(database)
    assert all(key[3] != old_id for key in kept)
    async with database.transaction() as session:
        await rebuild_petition_tallies(session)
    assert kept == await _tallies(database)


async def test_the_whole_migration_runs_on_a_seeded_database_of_the_earlier_taxonomy(
    world: World, database: Database
) -> None:
    # Given a seeded database of the earlier taxonomy
    old_id = await _as_before_the_move(database, world)
    before = await _snapshot(database)

    # When it is taken back before this revision and migrated to the head
    def remigrate(connection: Connection) -> None:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
        command.upgrade(config, "head")

    async with database.writes.begin() as connection:
        await connection.run_sync(remigrate)
    # Then the petitions, their timelines and the tallies' totals are all there, none of the
    # petitions is left in the retired category, and the tallies equal a recount
    after = await _snapshot(database)
    assert after["steps"] == before["steps"]
    assert after["totals"] == before["totals"]
    assert after["petitions"].keys() == before["petitions"].keys()
    async with database.session() as session:
        left = await session.scalar(select(func.count()).where(PetitionRow.category_id == old_id))
    assert left == 0
    kept = await _tallies(database)
    async with database.transaction() as session:
        await rebuild_petition_tallies(session)
    assert kept == await _tallies(database)


async def test_statistics_by_kind_equal_a_count_of_the_petitions(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a seeded history
    async with database.transaction() as session:
        await seed_petitions(
            session, seed=5, now=utcnow(), root_path=world.orgs["city"].path, count=300
        )
        await rebuild_petition_tallies(session)  # as the demo seed does after its bulk load
    # When the administrator reads the figures by kind for the last 90 days
    body = await execute(
        client,
        "query ($id: ID!) { petitionStatistics(under: $id, days: 100) "
        "{ total byKind { kind count } } }",
        {"id": world.org_id("city")},
        token=world.tokens["admin"],
    )
    # Then each kind's count is its petitions' and all kinds add up to the total
    async with database.session() as session:
        counted = Counter(
            kind.name
            for kind in await session.scalars(
                select(PetitionCategoryRow.kind).join(
                    PetitionRow, PetitionRow.category_id == PetitionCategoryRow.id
                )
            )
        )
    figures = body["data"]["petitionStatistics"]
    by_kind = {row["kind"]: row["count"] for row in figures["byKind"]}
    assert by_kind == {kind.name: counted.get(kind.name, 0) for kind in CategoryKind}
    assert sum(by_kind.values()) == figures["total"] == 300
