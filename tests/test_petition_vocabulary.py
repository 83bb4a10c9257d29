"""The hot-word vocabulary: synonyms and stop words are data, administrators edit them, and
every hot-topic roll-up applies them at once, past days included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from db.engine import Database
from db.migrate import upgrade
from db.organizations.models import get_organization_by_code
from db.petitions.vocabulary import (
    DEFAULT_STOPS,
    DEFAULT_SYNONYMS,
    ensure_default_vocabulary,
    vocabulary,
)
from generators.demo.names import CITY_CODE
from generators.demo.seed import seed_demo
from schema.relay import to_global_id
from tests.graphql import error_codes, execute
from tests.petition_support import categories, submit
from tests.test_co_building_demo import token as demo_token
from tests.world import World

HOT = """
query ($under: ID!) { petitionHotTopics(under: $under, days: 7, first: 100) { word count } }
"""
SCREEN_HOT = """
query ($under: ID!) { petitionStatistics(under: $under, days: 7) { hotTopics(first: 100) { word count } } }
"""
TOP_TWENTY = """
query ($under: ID!, $days: Int!) { petitionHotTopics(under: $under, days: $days, first: 20) { word } }
"""
# Words that name where a problem is, kept as words of their own (tests/test_similar.py).
PLACES = frozenset({"楼道"})
EDITS = {
    "set": ("setHotWordSynonym", "SetHotWordSynonymInput"),
    "unset": ("removeHotWordSynonym", "HotWordInput"),
    "stop": ("addHotWordStopWord", "HotWordInput"),
    "unstop": ("removeHotWordStopWord", "HotWordInput"),
}
REPORTS = [
    ("电瓶车楼道充电", "楼道里有人给电瓶车充电，很危险。"),
    ("电动车占道", "电动车停在消防通道上。"),
]


async def edit(
    client: httpx.AsyncClient, world: World, role: str, kind: str, **values: str
) -> dict[str, Any]:
    field, input_type = EDITS[kind]
    document = (
        f"mutation ($input: {input_type}!) {{ {field}(input: $input) "
        "{ vocabulary { synonyms { word term } stopWords } } }"
    )
    return await execute(client, document, {"input": values}, token=world.tokens[role])


async def words(client: httpx.AsyncClient, world: World, document: str = HOT) -> dict[str, int]:
    body = await execute(
        client, document, {"under": world.org_id("community_a")}, token=world.tokens["secretary"]
    )
    assert "errors" not in body, body
    found = next(iter(body["data"].values()))
    topics = found["hotTopics"] if isinstance(found, dict) else found
    return {topic["word"]: topic["count"] for topic in topics}


async def seed(client: httpx.AsyncClient, world: World, database: Database) -> None:
    codes = await categories(database)
    for title, content in REPORTS:
        await submit(client, world, codes, title=title, content=content)


async def test_two_words_for_one_thing_count_as_one_on_the_list_and_the_screen(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a report of 电瓶车 and one of 电动车, the seeded vocabulary folding them
    await seed(client, world, database)

    # When the hot words are read, as a list and as the screen's statistics read them
    listed = await words(client, world)
    screen = await words(client, world, SCREEN_HOT)

    # Then they count as one term, and generic words are left out
    assert listed["电动车"] == 4
    assert "电瓶车" not in listed
    assert screen == listed


async def test_an_administrators_edit_applies_at_once_to_the_days_already_counted(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given petitions already counted
    await seed(client, world, database)

    # When the administrator counts 电瓶车 as itself again and leaves out 充电
    assert "errors" not in await edit(client, world, "admin", "unset", word="电瓶车")
    stopped = await edit(client, world, "admin", "stop", word="充电")

    # Then the same days read apart, without the stop word
    assert "充电" in stopped["data"]["addHotWordStopWord"]["vocabulary"]["stopWords"]
    found = await words(client, world)
    assert (found["电瓶车"], found["电动车"]) == (2, 2)
    assert "充电" not in found
    # and putting the synonym back folds them again
    assert "errors" not in await edit(client, world, "admin", "set", word="电瓶车", term="电动车")
    assert (await words(client, world))["电动车"] == 4


async def test_only_administrators_edit_the_vocabulary(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    for role in ("secretary", "grid_worker", "resident"):
        body = await edit(client, world, role, "stop", word="充电")
        assert error_codes(body) == ["FORBIDDEN"], role


async def test_a_synonym_of_a_synonym_is_refused_with_the_term_to_use(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given 电瓶车 counted under 电动车 (seeded)
    await categories(database)
    # When a word is pointed at 电瓶车, or 电动车 at another term
    at_synonym = await edit(client, world, "admin", "set", word="小电驴", term="电瓶车")
    of_term = await edit(client, world, "admin", "set", word="电动车", term="车辆")

    # Then both are refused, naming what to do instead
    assert error_codes(at_synonym) == ["BAD_USER_INPUT"]
    assert "use 电动车" in at_synonym["errors"][0]["message"]
    assert error_codes(of_term) == ["BAD_USER_INPUT"]
    assert "电瓶车" in of_term["errors"][0]["message"]


async def test_the_vocabulary_is_seeded_with_the_defaults(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await categories(database)

    async with database.session() as session:
        synonyms, stops = await vocabulary(session)

    assert (synonyms, stops) == (DEFAULT_SYNONYMS, frozenset(DEFAULT_STOPS))


async def test_a_migrated_database_holds_the_default_vocabulary(tmp_path: Path) -> None:
    # Given a database migrated from nothing (the suite's own are emptied between tests)
    fresh = Database(f"sqlite:///{tmp_path}/fresh.db")
    await upgrade(fresh)

    # When its vocabulary is read
    async with fresh.session() as session:
        synonyms, stops = await vocabulary(session)
    await fresh.dispose()

    # Then the migrations seeded the defaults, the latest entries included
    assert (synonyms, stops) == (DEFAULT_SYNONYMS, frozenset(DEFAULT_STOPS))


async def test_the_demos_top_twenty_hot_words_name_no_topic_twice(
    client: httpx.AsyncClient, database: Database
) -> None:
    # Given the demo city with its petitions, and the default vocabulary
    async with database.transaction() as session:
        await ensure_default_vocabulary(session)
    await seed_demo(database, members=300, history_days=1)
    async with database.session() as session:
        city = await get_organization_by_code(session, CITY_CODE)
    assert city is not None
    admin = await demo_token(client, "admin")

    # When the city's top twenty hot words are read over a week, a month and the demo's days
    tops: dict[int, list[str]] = {}
    for days in (7, 30, 90):
        body = await execute(
            client,
            TOP_TWENTY,
            {"under": to_global_id("Organization", city.id), "days": days},
            token=admin,
        )
        assert "errors" not in body, body
        tops[days] = [topic["word"] for topic in body["data"]["petitionHotTopics"]]

    # Then each list is full and no word in it is part of another (停车 beside 停车位), but for
    # a place and a thing there (楼道, 楼道灯): the duplicate finder needs 楼道 as a word
    assert [len(words) for words in tops.values()] == [20, 20, 20]
    doubles = {
        days: [
            (part, word)
            for part in words
            for word in words
            if part != word and part in word and part not in PLACES
        ]
        for days, words in tops.items()
    }
    assert doubles == {7: [], 30: [], 90: []}
