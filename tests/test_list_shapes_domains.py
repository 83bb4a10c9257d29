"""Each domain's list as a shape gives the rows, order and count of the select it stands for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, select

from db.base import china_day, core_table, utcnow
from db.departments.models import DispatchStatus
from db.departments.queries import _DISPATCHES, DISPATCH_COLUMNS, DISPATCH_KEY, dispatch_list
from db.dues.models import DuesPaymentRow
from db.dues.queries import PAYMENT_COLUMNS, PAYMENT_KEY, payment_list
from db.engine import Database
from db.list_shapes import ListQuery
from db.meetings.models import AttendanceStatus, MeetingAttendanceRow, MeetingStepRow
from db.meetings.queries import ATTENDANCE_COLUMNS, ATTENDANCE_KEY, STEP_COLUMNS, attendance_list
from db.meetings.queries import STEP_KEY as MEETING_STEP_KEY
from db.meetings.queries import step_list as meeting_steps
from db.mobility.models import CommunityRegistrationRow
from db.mobility.queries import _LISTED as REGISTRATIONS
from db.mobility.queries import REGISTRATION_KEY, member_registrations
from db.organizations.models import OrganizationRow
from db.pagination import PageRequest, paginate
from db.paths import within_any
from db.transfers.models import TransferStepRow
from db.transfers.queries import STEP_COLUMNS as TRANSFER_STEP_COLUMNS
from db.transfers.queries import STEP_KEY as TRANSFER_STEP_KEY
from db.transfers.queries import step_list as transfer_steps
from db.volunteers.models import HoursEntryRow, VolunteerRow
from db.volunteers.queries import COLUMNS as VOLUNTEER_COLUMNS
from db.volunteers.queries import (
    ENTRY_COLUMNS,
    ENTRY_KEY,
    VOLUNTEER_KEY,
    entry_list,
    volunteer_list,
)
from tests.databases import SeedDemo

_TABLE = core_table(OrganizationRow).c


def _lists(
    parents: dict[str, int], path: str, today: date
) -> list[tuple[str, ListQuery, Select[Any], Any]]:
    """Each domain's list as a shape, beside the select it was built as before."""
    a, s, d = core_table(MeetingAttendanceRow).c, core_table(MeetingStepRow).c, _DISPATCHES
    v, h, p = core_table(VolunteerRow).c, core_table(HoursEntryRow).c, core_table(DuesPaymentRow).c
    t, r = core_table(TransferStepRow).c, core_table(CommunityRegistrationRow).c
    meeting, department = parents["meeting"], parents["department"]
    present = [AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED]
    open_ = [status for status in DispatchStatus if status != DispatchStatus.RETURNED]
    since, until = today - timedelta(days=60), today - timedelta(days=10)
    volunteers = select(*VOLUNTEER_COLUMNS).where(within_any(v.org_path, [path]))
    entries = select(*ENTRY_COLUMNS).where(h.volunteer_id == parents["volunteer"])
    return [
        (
            "attendance",
            attendance_list(meeting, []),
            select(*ATTENDANCE_COLUMNS).where(a.meeting_id == meeting),
            ATTENDANCE_KEY,
        ),
        (
            "attendance by status",
            attendance_list(meeting, present),
            select(*ATTENDANCE_COLUMNS).where(a.meeting_id == meeting, a.status.in_(present)),
            ATTENDANCE_KEY,
        ),
        (
            "meeting steps",
            meeting_steps(meeting),
            select(*STEP_COLUMNS).where(s.meeting_id == meeting),
            MEETING_STEP_KEY,
        ),
        (
            "dispatches",
            dispatch_list(department),
            select(*DISPATCH_COLUMNS).where(d.department_id == department),
            DISPATCH_KEY,
        ),
        (
            "dispatches by status",
            dispatch_list(department, open_),
            select(*DISPATCH_COLUMNS).where(d.department_id == department, d.status.in_(open_)),
            DISPATCH_KEY,
        ),
        ("volunteers", volunteer_list([path]), volunteers, VOLUNTEER_KEY),
        (
            "volunteers by name",
            volunteer_list([path], "志"),
            volunteers.where(v.name.contains("志", autoescape=True)),
            VOLUNTEER_KEY,
        ),
        ("entries", entry_list(parents["volunteer"], None, None), entries, ENTRY_KEY),
        (
            "entries in a period",
            entry_list(parents["volunteer"], since, until),
            entries.where(h.day >= since, h.day <= until),
            ENTRY_KEY,
        ),
        (
            "entries since",
            entry_list(parents["volunteer"], since, None),
            entries.where(h.day >= since),
            ENTRY_KEY,
        ),
        (
            "payments",
            payment_list(parents["payer"]),
            select(*PAYMENT_COLUMNS).where(p.member_id == parents["payer"]),
            PAYMENT_KEY,
        ),
        (
            "transfer steps",
            transfer_steps(parents["transfer"]),
            select(*TRANSFER_STEP_COLUMNS).where(t.transfer_id == parents["transfer"]),
            TRANSFER_STEP_KEY,
        ),
        (
            "registrations",
            member_registrations(parents["registered"]),
            REGISTRATIONS.where(r.member_id == parents["registered"]),
            REGISTRATION_KEY,
        ),
    ]


@dataclass(frozen=True, slots=True)
class _Row:
    """A row as read, keyed by its first column (every list here selects its id first)."""

    values: tuple[Any, ...]

    @property
    def id(self) -> Any:
        return self.values[0]


def _row(*values: Any) -> _Row:
    return _Row(values)


async def _busiest(database: Database, column: Any) -> int:
    query = select(column).group_by(column).order_by(func.count().desc(), column).limit(1)
    async with database.read() as connection:
        found = (await connection.execute(query)).scalar()
    assert found is not None
    return int(found)


async def test_each_domains_list_gives_the_rows_of_its_select(
    database: Database, demo: SeedDemo
) -> None:
    # given the demo city, and the parent with the most rows of each list
    await demo(database, members=300, petitions=50, history_days=2)
    parents = {
        "meeting": await _busiest(database, core_table(MeetingAttendanceRow).c.meeting_id),
        "department": await _busiest(database, _DISPATCHES.department_id),
        "volunteer": await _busiest(database, core_table(HoursEntryRow).c.volunteer_id),
        "payer": await _busiest(database, core_table(DuesPaymentRow).c.member_id),
        "transfer": await _busiest(database, core_table(TransferStepRow).c.transfer_id),
        "registered": await _busiest(database, core_table(CommunityRegistrationRow).c.member_id),
    }
    async with database.read() as connection:
        path = (
            await connection.execute(select(_TABLE.path).order_by(_TABLE.id).limit(1))
        ).scalar_one()
    requests = [PageRequest(size=100, forwards=True), PageRequest(size=3, forwards=False)]
    for name, shaped, built, key in _lists(parents, path, china_day(utcnow())):
        for request in requests:
            # when each is paged as a shape and as the select
            as_shape, shape_total = await paginate(database.read, shaped, key, request, _row)
            as_select, select_total = await paginate(database.read, built, key, request, _row)
            # then both give the same rows in the same order, and the same count
            assert as_shape.rows == as_select.rows, name
            assert (await shape_total(), as_shape.has_next_page, as_shape.has_previous_page) == (
                await select_total(),
                as_select.has_next_page,
                as_select.has_previous_page,
            ), name
        assert as_select.rows, name
