"""Reminders 智慧提醒: each stored once per rule, person, period and subject however many
instances produce it; a person reads, marks and receives only their own."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from datetime import datetime

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.engine import Database, Session
from db.events.log import EventRow
from db.reminders.models import ReminderRow
from db.statements import count_statements
from resolvers.context import Services
from resolvers.reminders.produce import produce_reminders
from resolvers.reminders.rules import ReminderDraft, ReminderRule
from schema.relay import to_global_id
from tests.graphql import error_codes, execute
from tests.world import World

MINE = """
query ($first: Int, $after: String, $unreadOnly: Boolean) {
  myReminders(first: $first, after: $after, unreadOnly: $unreadOnly) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id rule period title body isRead readAt subjectId }
  }
  myUnreadReminderCount
}
"""
MARK = """
mutation ($input: MarkRemindersReadInput!) {
  markRemindersRead(input: $input) { markedIds unreadCount }
}
"""
NODE = "query ($id: ID!) { node(id: $id) { id ... on Reminder { title } } }"


def fixed_rule(name: str, drafts: Sequence[ReminderDraft]) -> ReminderRule:
    async def find(_session: Session, _now: datetime) -> Sequence[ReminderDraft]:
        return drafts

    return ReminderRule(name, find)


def draft(world: World, who: str, period: str, title: str = "提醒", key: str = "") -> ReminderDraft:
    return ReminderDraft(
        account_id=world.accounts[who].id,
        period=period,
        title=title,
        body="请处理",
        subject_key=key,
    )


async def counts(database: Database) -> tuple[int, int]:
    async with database.session() as session:
        stored = await session.scalar(select(func.count()).select_from(ReminderRow))
        events = await session.scalar(
            select(func.count()).where(EventRow.type == "reminder.created")
        )
    return int(stored or 0), int(events or 0)


async def test_a_rule_run_again_stores_nothing_twice(
    app: Starlette, world: World, database: Database
) -> None:
    # given a rule that finds two reminders every time it runs
    rule = fixed_rule(
        "test", [draft(world, "secretary", "2026-12"), draft(world, "admin", "2026-12")]
    )
    services: Services = app.state.services
    # when it runs three times
    produced = [await produce_reminders(services, [rule]) for _ in range(3)]
    # then each reminder, and its event, exists once
    assert produced == [2, 0, 0]
    assert await counts(database) == (2, 2)


async def test_a_new_period_or_subject_is_a_new_reminder(
    app: Starlette, world: World, database: Database
) -> None:
    services: Services = app.state.services
    await produce_reminders(services, [fixed_rule("test", [draft(world, "secretary", "2026-11")])])
    # when the same rule finds the person again for another month and another subject
    later = [draft(world, "secretary", "2026-12"), draft(world, "secretary", "2026-12", key="7")]
    assert await produce_reminders(services, [fixed_rule("test", later)]) == 2
    assert await counts(database) == (3, 3)


async def test_two_instances_racing_store_each_reminder_once(
    app: Starlette, world: World, database: Database, database_url: str
) -> None:
    # given two instances (their own engines and connections) running the same rule at once
    drafts = [draft(world, "secretary", f"2026-12-{day:02}") for day in range(1, 21)]
    rule = fixed_rule("race", drafts)
    services: Services = app.state.services
    other = Database(database_url)
    try:
        produced = await asyncio.gather(
            produce_reminders(services, [rule]),
            produce_reminders(dataclasses.replace(services, database=other), [rule]),
            produce_reminders(services, [rule]),
        )
    finally:
        await other.dispose()
    # then between them they stored each reminder, and its event, exactly once
    assert sum(produced) == 20
    assert await counts(database) == (20, 20)


async def test_a_failing_rule_is_logged_and_the_others_still_run(
    app: Starlette, world: World, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(_session: Session, _now: datetime) -> Sequence[ReminderDraft]:
        raise RuntimeError("boom")

    rules = [ReminderRule("broken", broken), fixed_rule("fine", [draft(world, "admin", "2026-12")])]
    with caplog.at_level(logging.ERROR, logger="zhdj.reminders"):
        assert await produce_reminders(app.state.services, rules) == 1
    assert "reminder rule broken failed" in caplog.text
    assert await counts(database) == (1, 1)


async def test_my_reminders_come_unread_first_then_newest_first(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    # given three reminders for the secretary, the newest of them read
    drafts = [draft(world, "secretary", f"p{n}", title=f"第{n}条") for n in (1, 2, 3)]
    await produce_reminders(app.state.services, [fixed_rule("test", drafts)])
    token = world.tokens["secretary"]
    listed = (await execute(client, MINE, {}, token=token))["data"]["myReminders"]["nodes"]
    await execute(client, MARK, {"input": {"ids": [listed[0]["id"]]}}, token=token)
    # when they list their reminders
    body = await execute(client, MINE, {}, token=token)
    # then the unread come first, newest first, then the read one
    mine = body["data"]["myReminders"]
    assert [(n["title"], n["isRead"]) for n in mine["nodes"]] == [
        ("第2条", False),
        ("第1条", False),
        ("第3条", True),
    ]
    assert mine["totalCount"] == 3
    assert body["data"]["myUnreadReminderCount"] == 2
    only = await execute(client, MINE, {"unreadOnly": True}, token=token)
    assert [n["title"] for n in only["data"]["myReminders"]["nodes"]] == ["第2条", "第1条"]


async def test_pages_of_reminders_follow_each_other_without_gaps(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    drafts = [draft(world, "secretary", f"p{n:02}", title=f"第{n}条") for n in range(1, 8)]
    await produce_reminders(app.state.services, [fixed_rule("test", drafts)])
    seen: list[str] = []
    after = None
    while True:
        body = await execute(
            client, MINE, {"first": 3, "after": after}, token=world.tokens["secretary"]
        )
        page = body["data"]["myReminders"]
        seen += [n["title"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"第{n}条" for n in range(7, 0, -1)]


async def test_nobody_reads_or_marks_another_persons_reminders(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    # given a reminder of the secretary's
    await produce_reminders(app.state.services, [fixed_rule("t", [draft(world, "secretary", "p")])])
    theirs = await execute(client, MINE, {}, token=world.tokens["secretary"])
    reminder_id = theirs["data"]["myReminders"]["nodes"][0]["id"]
    # when the administrator (who sees the whole city) looks for it and marks it
    admin = world.tokens["admin"]
    listed = await execute(client, MINE, {}, token=admin)
    looked = await execute(client, NODE, {"id": reminder_id}, token=admin)
    marked = await execute(client, MARK, {"input": {"ids": [reminder_id]}}, token=admin)
    # then none of it is theirs: an empty list, no node, NOT_FOUND, and it stays unread
    assert listed["data"]["myReminders"]["nodes"] == []
    assert looked["data"]["node"] is None
    assert error_codes(marked) == ["NOT_FOUND"]
    again = await execute(client, MINE, {}, token=world.tokens["secretary"])
    assert again["data"]["myReminders"]["nodes"][0]["isRead"] is False
    own = await execute(client, NODE, {"id": reminder_id}, token=world.tokens["secretary"])
    assert own["data"]["node"] == {"id": reminder_id, "title": "提醒"}


async def test_marking_all_read_counts_only_those_that_were_unread(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    drafts = [draft(world, "secretary", f"p{n}") for n in range(3)]
    await produce_reminders(app.state.services, [fixed_rule("test", drafts)])
    token = world.tokens["secretary"]
    first = await execute(client, MARK, {"input": {"all": True}}, token=token)
    second = await execute(client, MARK, {"input": {"all": True}}, token=token)
    assert len(first["data"]["markRemindersRead"]["markedIds"]) == 3
    assert first["data"]["markRemindersRead"]["unreadCount"] == 0
    assert second["data"]["markRemindersRead"] == {"markedIds": [], "unreadCount": 0}


@pytest.mark.parametrize(
    "given",
    [{}, {"all": True, "ids": []}, {"ids": [to_global_id("Member", 1)]}, {"ids": ["nonsense"]}],
    ids=["neither", "both", "another-type", "malformed"],
)
async def test_marking_read_needs_ids_of_reminders_or_all(
    client: httpx.AsyncClient, world: World, given: dict[str, object]
) -> None:
    body = await execute(client, MARK, {"input": given}, token=world.tokens["secretary"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "ids"


async def test_reminders_need_a_signed_in_person(client: httpx.AsyncClient) -> None:
    listed = await execute(client, MINE, {})
    marked = await execute(client, MARK, {"input": {"all": True}})
    assert "UNAUTHENTICATED" in error_codes(listed)
    assert error_codes(marked) == ["UNAUTHENTICATED"]


async def test_a_page_of_reminders_costs_the_same_statements_for_5_and_20(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    drafts = [draft(world, "secretary", f"p{n:02}") for n in range(25)]
    await produce_reminders(app.state.services, [fixed_rule("test", drafts)])

    async def statements(first: int) -> int:
        engine = app.state.services.database.engine
        with count_statements(engine, this_context_only=True) as found:
            body = await execute(client, MINE, {"first": first}, token=world.tokens["secretary"])
        assert len(body["data"]["myReminders"]["nodes"]) == first
        return len(found)

    assert await statements(5) == await statements(20)
