"""Check-in and check-out: windows in time and range, by participant, staff and terminal; hours
credited once into the ledger, which equals the sum of attendances; kept totals equal a
recount; 双报到 members' hours count where they live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select

from db.activities.models import ActivityRow, RegistrationRow
from db.engine import Database
from db.stations.models import DeviceKind
from db.volunteers.ledger import rebuild_hour_tallies
from db.volunteers.models import HoursEntryRow, HoursTallyRow, VolunteerRow
from resolvers.activities.attendance import attended_minutes
from resolvers.geo import haversine_meters
from schema.relay import to_global_id
from tests.factories import create_activity
from tests.graphql import error_codes, execute
from tests.station_fixtures import build_stations
from tests.world import World

SIGN_UP = "mutation ($id: ID!) { signUpForActivity(id: $id) { registration { id code } } }"
CHECK_IN = """
mutation ($input: PositionInput!) { checkInToActivity(input: $input) { registration { checkedInAt checkInMethod } } }
"""
CHECK_OUT = """
mutation ($input: PositionInput!) { checkOutOfActivity(input: $input) { registration { minutes checkOutMethod } } }
"""
STAFF_OUT = """
mutation ($id: ID!) { checkOutParticipant(registrationId: $id) { registration { minutes } } }
"""
DEVICE_IN = """
mutation ($input: DeviceAttendanceInput!) { checkInByDevice(input: $input) { registration { checkInMethod } } }
"""
MINE = "{ myVolunteer { totalMinutes minutes entries { nodes { minutes kind } } } }"
HERE = {"longitude": 120.15, "latitude": 30.28}


async def running_activity(database: Database, world: World, **overrides: object) -> str:
    now = datetime.now(UTC)
    values = {"starts_at": now - timedelta(minutes=30), "ends_at": now + timedelta(hours=1)}
    async with database.transaction() as session:
        row = await create_activity(session, world.orgs["community_a"], **(values | overrides))
    return to_global_id("Activity", row.id)


async def signed_up(client: httpx.AsyncClient, world: World, activity: str) -> dict[str, str]:
    body = await execute(client, SIGN_UP, {"id": activity}, token=world.tokens["resident"])
    registration: dict[str, str] = body["data"]["signUpForActivity"]["registration"]
    return registration


def test_haversine_matches_a_known_distance() -> None:
    # one minute of latitude is one nautical mile, 1852 m, within the sphere's error
    assert abs(haversine_meters(120.0, 30.0, 120.0, 30.0 + 1 / 60) - 1852) < 10


def test_attended_minutes_are_clipped_to_the_activity_and_count_started_minutes() -> None:
    start = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    end = start + timedelta(hours=2)
    assert (
        attended_minutes(start, end, start - timedelta(minutes=20), end + timedelta(hours=1)) == 120
    )
    assert (
        attended_minutes(
            start, end, start + timedelta(minutes=10), start + timedelta(minutes=40, seconds=5)
        )
        == 31
    )
    assert attended_minutes(start, end, end + timedelta(minutes=1), end + timedelta(minutes=2)) == 0


async def test_a_participant_checks_in_and_out_on_the_spot_and_earns_the_minutes(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    activity = await running_activity(database, world)
    await signed_up(client, world, activity)
    token = world.tokens["resident"]

    checked_in = await execute(
        client, CHECK_IN, {"input": {"activityId": activity, **HERE}}, token=token
    )
    checked_out = await execute(
        client, CHECK_OUT, {"input": {"activityId": activity, **HERE}}, token=token
    )
    again = await execute(
        client, CHECK_OUT, {"input": {"activityId": activity, **HERE}}, token=token
    )
    mine = await execute(client, MINE, token=token)

    assert checked_in["data"]["checkInToActivity"]["registration"]["checkInMethod"] == "SELF"
    minutes = checked_out["data"]["checkOutOfActivity"]["registration"]["minutes"]
    assert minutes >= 1
    assert error_codes(again) == ["CONFLICT"]
    assert mine["data"]["myVolunteer"]["totalMinutes"] == minutes
    assert mine["data"]["myVolunteer"]["entries"]["nodes"] == [
        {"minutes": minutes, "kind": "ATTENDANCE"}
    ]


async def test_checking_in_from_too_far_or_too_early_is_refused(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    now = datetime.now(UTC)
    near = await running_activity(database, world)
    later = await running_activity(
        database, world, starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=3)
    )
    await signed_up(client, world, near)
    await signed_up(client, world, later)
    token = world.tokens["resident"]
    far = {"longitude": 120.16, "latitude": 30.28}  # about 960 m east

    too_far = await execute(client, CHECK_IN, {"input": {"activityId": near, **far}}, token=token)
    too_early = await execute(
        client, CHECK_IN, {"input": {"activityId": later, **HERE}}, token=token
    )

    assert error_codes(too_far) == ["BAD_USER_INPUT"]
    assert too_far["errors"][0]["extensions"]["field"] == "longitude"
    assert "m from the activity" in too_far["errors"][0]["message"]
    assert error_codes(too_early) == ["BAD_USER_INPUT"]


async def test_check_out_before_check_in_is_refused(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    activity = await running_activity(database, world)
    await signed_up(client, world, activity)

    body = await execute(
        client,
        CHECK_OUT,
        {"input": {"activityId": activity, **HERE}},
        token=world.tokens["resident"],
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_station_terminal_checks_in_by_code_and_only_at_its_station(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    stations = await build_stations(database, world)
    activity = await running_activity(database, world, station_id=stations.rows["station_a"].id)
    registration = await signed_up(client, world, activity)
    terminal = stations.token("station_a", DeviceKind.SERVICE_TERMINAL)
    elsewhere = stations.token("station_b", DeviceKind.SERVICE_TERMINAL)

    unknown = await execute(
        client, DEVICE_IN, {"input": {"deviceToken": "nope", "code": registration["code"]}}
    )
    other = await execute(
        client, DEVICE_IN, {"input": {"deviceToken": elsewhere, "code": registration["code"]}}
    )
    body = await execute(
        client, DEVICE_IN, {"input": {"deviceToken": terminal, "code": registration["code"]}}
    )

    assert error_codes(unknown) == ["UNAUTHENTICATED"]
    assert error_codes(other) == ["BAD_USER_INPUT"]
    assert body["data"]["checkInByDevice"]["registration"]["checkInMethod"] == "DEVICE"


async def test_staff_check_out_credits_hours_once_and_the_ledger_equals_the_attendances(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    activity = await running_activity(database, world)
    registration = await signed_up(client, world, activity)
    token = world.tokens["resident"]
    await execute(client, CHECK_IN, {"input": {"activityId": activity, **HERE}}, token=token)

    first = await execute(
        client, STAFF_OUT, {"id": registration["id"]}, token=world.tokens["secretary"]
    )
    second = await execute(
        client, STAFF_OUT, {"id": registration["id"]}, token=world.tokens["secretary"]
    )
    outsider = await execute(
        client, STAFF_OUT, {"id": registration["id"]}, token=world.tokens["outsider"]
    )

    assert "errors" not in first, first
    assert error_codes(second) == ["CONFLICT"]
    assert error_codes(outsider) == ["NOT_FOUND"]
    await assert_ledger_matches_attendance(database)


async def assert_ledger_matches_attendance(database: Database) -> None:
    """The ledger equals the sum of attendances; every kept total equals a recount."""
    async with database.session() as session:
        attended = await session.scalar(
            select(func.coalesce(func.sum(RegistrationRow.minutes), 0))
            .join(ActivityRow, ActivityRow.id == RegistrationRow.activity_id)
            .where(ActivityRow.credits_hours.is_(True))
        )
        ledger = await session.scalar(select(func.coalesce(func.sum(HoursEntryRow.minutes), 0)))
        people = await session.scalar(
            select(func.coalesce(func.sum(VolunteerRow.total_minutes), 0))
        )
        kept = (
            await session.execute(
                select(
                    HoursTallyRow.organization_id,
                    HoursTallyRow.day,
                    HoursTallyRow.minutes,
                    HoursTallyRow.entries,
                ).order_by(HoursTallyRow.organization_id, HoursTallyRow.day)
            )
        ).all()
    assert attended == ledger == people
    async with database.transaction() as session:
        await rebuild_hour_tallies(session)
    async with database.session() as session:
        recounted = (
            await session.execute(
                select(
                    HoursTallyRow.organization_id,
                    HoursTallyRow.day,
                    HoursTallyRow.minutes,
                    HoursTallyRow.entries,
                ).order_by(HoursTallyRow.organization_id, HoursTallyRow.day)
            )
        ).all()
    assert [tuple(row) for row in kept if row[2] or row[3]] == [tuple(row) for row in recounted]
