"""Hot topics 热点: words segmented once at write time, counted per subtree and window."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from bench.hot_words import agreement as sample_agreement
from bench.hot_words import as_served
from bench.hot_words import load as load_sample
from bench.hot_words import roll_up as sample_roll_up
from db.accounts.models import Role
from db.engine import Database
from db.petitions.words import count_words
from tests.factories import create_account, token_for
from tests.graphql import error_codes, execute
from tests.petition_support import categories, submit
from tests.world import World

HOT = """
query ($under: ID!, $first: Int) {
  petitionHotTopics(under: $under, days: 7, first: $first) { word count }
}
"""
# (grid, submitting role, title, content)
CORPUS = [
    ("grid_a1", "resident", "小区停车难", "晚上下班回来小区停车难，车位太少，希望增加停车位。"),
    ("grid_a1", "resident", "垃圾分类点满溢", "垃圾分类点满溢，垃圾没人清运，气味很大。"),
    ("grid_a2", "resident", "夜间施工噪音", "工地夜间施工噪音扰民，影响休息。"),
    ("grid_b1", "outsider", "停车难", "消防通道被占用停车，停车难问题突出。"),
]
# As the roll-ups count them with the seeded vocabulary: 车位, 停车 and 停车难 under 停车位;
# 施工噪音 whole; 下班, 回来, 很大, 满溢, 气味, 夜间, 休息, 占用 and 突出 left out as generic.
GRID_A1 = {"停车位": 4, "垃圾分类": 2, "垃圾": 1, "清运": 1}
GRID_A2 = {"施工噪音": 1, "工地": 1, "施工": 1, "噪音扰民": 1}
GRID_B1 = {"停车位": 3, "消防通道": 1}


def merged(*parts: dict[str, int]) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for word, n in part.items():
            total[word] = total.get(word, 0) + n
    return total


async def seed_corpus(client: httpx.AsyncClient, world: World, database: Database) -> None:
    codes = await categories(database)
    for grid, role, title, content in CORPUS:
        await submit(
            client, world, codes, role=role, gridId=world.org_id(grid), title=title, content=content
        )


async def hot(
    client: httpx.AsyncClient, world: World, role: str, under: str
) -> list[dict[str, object]]:
    body = await execute(
        client, HOT, {"under": world.org_id(under), "first": 100}, token=world.tokens[role]
    )
    assert "errors" not in body, body
    topics: list[dict[str, object]] = body["data"]["petitionHotTopics"]
    return topics


def test_stop_words_single_characters_and_numbers_are_dropped() -> None:
    assert count_words("我们小区的路灯坏了3天，希望尽快修理！路灯") == {"路灯": 2, "修理": 1}


async def test_a_community_gets_the_words_of_its_grids_most_frequent_first(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await seed_corpus(client, world, database)

    topics = await hot(client, world, "secretary", "community_a")

    assert {str(t["word"]): t["count"] for t in topics} == merged(GRID_A1, GRID_A2)
    counts = [int(str(t["count"])) for t in topics]
    assert counts == sorted(counts, reverse=True)
    assert topics[0] == {"word": "停车位", "count": 4}


async def test_the_city_adds_up_every_grid(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await seed_corpus(client, world, database)

    topics = await hot(client, world, "admin", "city")

    assert {str(t["word"]): t["count"] for t in topics} == merged(GRID_A1, GRID_A2, GRID_B1)
    assert topics[0] == {"word": "停车位", "count": 7}


async def test_a_grid_worker_sees_only_the_words_of_their_grid(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await seed_corpus(client, world, database)

    topics = await hot(client, world, "grid_worker", "grid_a1")

    assert {str(t["word"]): t["count"] for t in topics} == GRID_A1


async def test_accounts_without_petition_rights_get_no_hot_topics(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await seed_corpus(client, world, database)
    for role, code in (
        ("resident", "FORBIDDEN"),
        ("partner", "FORBIDDEN"),
        ("outsider", "NOT_FOUND"),
    ):
        body = await execute(
            client, HOT, {"under": world.org_id("community_a")}, token=world.tokens[role]
        )
        assert error_codes(body) == [code], role


STATISTICS_HOT = """
query ($under: ID!) { petitionStatistics(under: $under, days: 30) { total hotTopics(first: 5) { word count } } }
"""


async def test_hot_words_are_refused_through_statistics_as_through_hot_topics(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given petitions in community A, and accounts that may read its figures but not its text
    await seed_corpus(client, world, database)
    for role in ("resident", "partner"):
        # When they ask for hot words inside the statistics
        body = await execute(
            client, STATISTICS_HOT, {"under": world.org_id("community_a")}, token=world.tokens[role]
        )
        # Then the words are refused as petitionHotTopics refuses them
        assert error_codes(body) == ["FORBIDDEN"], role
        assert body["errors"][0]["path"] == ["petitionStatistics", "hotTopics"]


async def test_statistics_hot_words_are_those_of_the_part_the_viewer_may_read(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given an account that reads the district's figures but only grid A1's petitions
    await seed_corpus(client, world, database)
    async with database.transaction() as session:
        account = await create_account(
            session,
            [(Role.PARTNER, world.orgs["district_a"]), (Role.GRID_WORKER, world.orgs["grid_a1"])],
            username="partner_and_grid_worker",
        )
    token = token_for(app.state.services.tokens, account)
    # When it asks for the district's statistics with their hot words
    body = await execute(client, STATISTICS_HOT, {"under": world.org_id("district_a")}, token=token)
    # Then the words are grid A1's only
    assert "errors" not in body
    words = {t["word"]: t["count"] for t in body["data"]["petitionStatistics"]["hotTopics"]}
    assert words == GRID_A1


def test_the_hot_words_of_the_labelled_sample_keep_their_agreement_with_a_person() -> None:
    # Given 300 demo-like petitions, each with the words a person would pick for it
    petitions = load_sample()

    # When they are rolled up as served (segmented, the seeded vocabulary applied)
    counts = sample_roll_up(petitions, as_served)

    # Then the top words keep what was measured (BENCHMARKS.md "Hot words"; top 10: 0.90 of
    # them words a person used, 0.70 of the person's own top 10), within a margin
    top = sample_agreement(petitions, counts, 10)
    assert len(petitions) == 300
    assert top.precision >= 0.8
    assert top.agreement >= 0.6
    assert not {"服务", "孩子", "休息", "电瓶车"} & set(
        sample_agreement(petitions, counts, 20).words
    )
