"""New reminders reach their person live, each once, resumable by cursor, and nobody else:
not another person, not a screen following every event of the city."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from starlette.applications import Starlette

from db.engine import Session
from resolvers.reminders.produce import produce_reminders
from resolvers.reminders.rules import ReminderDraft, ReminderRule
from tests.world import World
from tests.ws import SubscriptionClient, watching

RECEIVED = """
subscription ($after: String) {
  reminderReceived(after: $after) { cursor reminder { title period isRead } }
}
"""
EVENTS = "subscription { events { type } }"


def rule_for(world: World, who: str, periods: Sequence[str]) -> ReminderRule:
    drafts = [
        ReminderDraft(account_id=world.accounts[who].id, period=p, title=f"提醒{p}", body="请处理")
        for p in periods
    ]

    async def find(_session: Session, _now: datetime) -> Sequence[ReminderDraft]:
        return drafts

    return ReminderRule("live", find)


async def test_a_new_reminder_reaches_its_person_live_and_nobody_else(
    live_server: str, app: Starlette, world: World
) -> None:
    # given the secretary, another person and the city's administrator, all subscribed
    person = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    other = await SubscriptionClient.open(live_server, token=world.tokens["grid_worker"])
    city = await SubscriptionClient.open(live_server, token=world.tokens["admin"])
    await person.subscribe(RECEIVED)
    await other.subscribe(RECEIVED)
    await city.subscribe(EVENTS)
    await watching(live_server, 3)
    # when a reminder for the secretary is produced
    await produce_reminders(app.state.services, [rule_for(world, "secretary", ["2026-12"])])
    # then the secretary receives it
    payload = await person.next_payload()
    assert payload["data"]["reminderReceived"]["reminder"] == {
        "title": "提醒2026-12",
        "period": "2026-12",
        "isRead": False,
    }
    # and the others hear nothing of it: the next thing each receives is its own
    await produce_reminders(app.state.services, [rule_for(world, "grid_worker", ["mine"])])
    theirs = await other.next_payload()
    assert theirs["data"]["reminderReceived"]["reminder"]["title"] == "提醒mine"
    for client in (person, other, city):
        try:
            found = await client.next_payload(timeout=0.5)
        except TimeoutError:
            continue
        raise AssertionError(f"unexpected delivery: {found}")
    for client in (person, other, city):
        await client.close()


async def test_a_person_resuming_after_a_cursor_gets_what_was_produced_meanwhile(
    live_server: str, app: Starlette, world: World
) -> None:
    # given the secretary received one reminder, then went away
    services = app.state.services
    person = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await person.subscribe(RECEIVED)
    await watching(live_server, 1)
    await produce_reminders(services, [rule_for(world, "secretary", ["a"])])
    cursor = (await person.next_payload())["data"]["reminderReceived"]["cursor"]
    await person.close()
    # when two more are produced while away, and they come back with their cursor
    await produce_reminders(services, [rule_for(world, "secretary", ["b", "c"])])
    back = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await back.subscribe(RECEIVED, {"after": cursor})
    # then they get exactly the two they missed, in order
    titles = [
        (await back.next_payload())["data"]["reminderReceived"]["reminder"]["title"]
        for _ in range(2)
    ]
    assert titles == ["提醒b", "提醒c"]
    await back.close()


async def test_subscribing_to_reminders_needs_a_signed_in_person(live_server: str) -> None:
    anonymous = await SubscriptionClient.open(live_server)
    await anonymous.subscribe(RECEIVED)
    message = await anonymous.receive()
    # a failed subscription arrives as an execution result carrying the error
    assert message["type"] == "next"
    assert message["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await anonymous.close()
