"""Recording a change: events and audit entries are written with the transaction, last, and
published only once it has committed."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from sqlalchemy import func, select

from db.audit import AuditEntryRow
from db.engine import Database
from db.events.log import EventPlaceRow, EventRow
from db.events.types import EventType
from resolvers.changes import recording


class Published:
    """A stand-in for EventHub.publish that checks the events are committed when announced."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.ids: list[int] = []
        self.visible: list[int] = []

    async def __call__(self, event_ids: Iterable[int]) -> None:
        self.ids += list(event_ids)
        async with self.database.session() as session:
            rows = await session.scalars(select(EventRow.id).where(EventRow.id.in_(self.ids)))
            self.visible = sorted(rows)


async def test_recorded_events_are_published_once_committed(database: Database) -> None:
    # given a job's transaction recording two events
    published = Published(database)
    async with recording(database, published) as changes:
        changes.record(EventType.MEMBER_CREATED, 7, at="/1/2/", changes={"status": "full"})
        changes.record(EventType.STATION_READINGS, 3, at="/1/", changes={"readings": 2})
    # then both were published after commit, in id order, and readable by then
    assert len(published.ids) == 2
    assert published.ids == sorted(published.ids) == published.visible
    async with database.session() as session:
        rows = list(await session.scalars(select(EventRow).order_by(EventRow.id)))
    assert [(row.type, row.entity_type, row.entity_id, row.org_path) for row in rows] == [
        ("member.created", "member", 7, "/1/2/"),
        ("station.readings", "station_readings", 3, "/1/"),
    ]


async def test_a_rolled_back_change_writes_and_publishes_nothing(database: Database) -> None:
    # given a transaction that records an event, then fails
    published = Published(database)

    async def failing_write() -> None:
        async with recording(database, published) as changes:
            changes.record(EventType.MEMBER_UPDATED, 7, at="/1/", changes={"fields": ["name"]})
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        await failing_write()
    # then nothing was logged, audited or announced
    async with database.session() as session:
        events = list(await session.scalars(select(EventRow)))
        audit = list(await session.scalars(select(AuditEntryRow)))
    assert (events, audit, published.ids) == ([], [], [])


async def test_audited_types_are_audited_in_the_actors_name_and_wake_ups_are_not(
    database: Database,
) -> None:
    # given an account's change and a telemetry wake-up recorded together
    async with recording(database, Published(database), account_id=5) as changes:
        changes.record(EventType.STATION_UPDATED, 9, at="/1/", changes={"fields": ["name"]})
        changes.record(EventType.STATION_READINGS, 9, at="/1/", changes={"readings": 1})
    # then only the change is in the audit log, with its actor and what changed
    async with database.session() as session:
        audit = list(await session.scalars(select(AuditEntryRow)))
    assert [(entry.account_id, entry.action, entry.entity_id, entry.detail) for entry in audit] == [
        (5, "station.updated", 9, {"fields": ["name"]})
    ]


async def test_an_event_about_several_places_keeps_them_all(database: Database) -> None:
    # given an event that concerns two subtrees (an organisation that moved)
    async with recording(database, Published(database)) as changes:
        changes.record(EventType.ORGANIZATION_MOVED, 4, at="/1/3/4/", also_at=["/1/2/"], changes={})
    # then the log files it under the first place and keeps the other places beside it
    async with database.session() as session:
        row = await session.scalar(select(EventRow))
        places = (
            await session.execute(select(EventPlaceRow.event_id, EventPlaceRow.org_path))
        ).all()
    assert row is not None
    assert row.org_path == "/1/3/4/"
    assert row.also_paths == ["/1/2/"]
    assert row.payload == {"changes": {}}
    assert [tuple(place) for place in places] == [(row.id, "/1/2/")]


async def test_an_event_about_one_place_writes_no_other_place(database: Database) -> None:
    # given an event that concerns one subtree
    async with recording(database, Published(database)) as changes:
        changes.record(EventType.ORGANIZATION_UPDATED, 4, at="/1/3/4/", changes={})
    # then it carries no other place and indexes none
    async with database.session() as session:
        row = await session.scalar(select(EventRow))
        places = await session.scalar(select(func.count()).select_from(EventPlaceRow))
    assert row is not None
    assert row.also_paths is None
    assert places == 0
