"""Reads of members elsewhere: mobile members with their whereabouts (a subtree's list, by
member), the mobility timeline, and registrations 双报到 (a community subtree's list, a
member's own, by ID, and each one's timeline)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.accounts.models import AccountRow
from db.base import core_table
from db.list_shapes import ListQuery, Shape, scope_values, within_scope
from db.members.models import MemberRow
from db.members.queries import COLUMNS as MEMBER_COLUMNS
from db.members.queries import MemberRecord
from db.mobility.models import (
    CommunityRegistrationRow,
    MobilityAction,
    MobilityRow,
    MobilityStepRow,
    RegistrationAction,
    RegistrationStepRow,
)
from db.records import ByKeys, field_names, record_columns, row_record

_M = core_table(MemberRow).c
_W = core_table(MobilityRow).c
_A = core_table(AccountRow).c


@row_record
class WhereaboutsRecord:
    member_id: int
    whereabouts: str
    organization_id: int | None
    since: date
    version: int


_WHEREABOUTS = record_columns(WhereaboutsRecord, MobilityRow)
_WHEREABOUTS_BY_MEMBER = ByKeys(lambda keys: select(*_WHEREABOUTS).where(keys), _W.member_id)


async def whereabouts_by_members(
    connection: AsyncConnection, member_ids: Sequence[int]
) -> dict[int, WhereaboutsRecord]:
    rows = await _WHEREABOUTS_BY_MEMBER.rows(connection, member_ids)
    return {row[0]: WhereaboutsRecord(*row) for row in rows}


def mobile_list(roots: Sequence[str]) -> ListQuery:
    """Mobile members 流动党员 of branches in the subtrees at `roots` (the members' kept flag);
    page it by the members' key."""
    scope, values = scope_values(roots)
    return ListQuery(_mobile, (scope,), values)


def _mobile(dialect: str, shape: Shape) -> Select[Any]:
    (scope,) = shape
    return select(*MEMBER_COLUMNS).where(within_scope(_M.org_path, scope), _M.is_mobile.is_(True))


@row_record
class MobilityStepRecord:
    id: int
    member_id: int
    action: MobilityAction
    whereabouts: str | None
    organization_id: int | None
    effective_on: date
    actor_id: int | None
    recorded_at: datetime
    note: str | None
    actor_name: str | None = None


_S = core_table(MobilityStepRow).c
MOBILITY_STEP_KEY = _S.id
_MOBILITY_STEPS = select(
    *[_S[name] for name in field_names(MobilityStepRecord) if name != "actor_name"],
    _A.display_name,
).select_from(core_table(MobilityStepRow).outerjoin(core_table(AccountRow)))


def mobility_timeline(member_id: int) -> Select[Any]:
    """A member's mobility steps; page them by MOBILITY_STEP_KEY (the order they were taken)."""
    return _MOBILITY_STEPS.where(_S.member_id == member_id)


@row_record
class RegistrationRecord:
    id: int
    member_id: int
    community_id: int
    community_path: str
    registered_on: date
    ended_on: date | None
    end_reason: str | None
    version: int
    active: int


_R = core_table(CommunityRegistrationRow).c
REGISTRATION_KEY = _R.id
_REGISTRATION_COLUMNS = record_columns(RegistrationRecord, CommunityRegistrationRow)
_REGISTRATION_BY_ID = ByKeys(lambda keys: select(*_REGISTRATION_COLUMNS).where(keys), _R.id)


_ACTIVE_BY_MEMBER = ByKeys(
    lambda keys: select(*_REGISTRATION_COLUMNS).where(keys), _R.active_member_id
)


async def active_registrations_by_members(
    connection: AsyncConnection, member_ids: Sequence[int]
) -> dict[int, RegistrationRecord]:
    """Each member's active registration, if any (at most one each)."""
    rows = await _ACTIVE_BY_MEMBER.rows(connection, member_ids)
    return {row[1]: RegistrationRecord(*row) for row in rows}


async def registrations_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, RegistrationRecord]:
    rows = await _REGISTRATION_BY_ID.rows(connection, ids)
    return {row[0]: RegistrationRecord(*row) for row in rows}


@row_record
class ListedRegistration:
    """A registration as a community lists it, with its member's record (the member is
    outside the community's subtree: the registration is what lets it see them)."""

    registration: RegistrationRecord
    member: MemberRecord
    id: int

    @classmethod
    def of_row(cls, *row: Any) -> ListedRegistration:
        count = len(_REGISTRATION_COLUMNS)
        registration = RegistrationRecord(*row[:count])
        return cls(registration, MemberRecord(*row[count:]), registration.id)


_LISTED = select(*_REGISTRATION_COLUMNS, *MEMBER_COLUMNS).join_from(
    core_table(CommunityRegistrationRow), core_table(MemberRow), _R.member_id == _M.id
)


def registration_list(roots: Sequence[str], *, active_only: bool) -> ListQuery:
    """Registrations with communities in the subtrees at `roots`, with their members; page by
    REGISTRATION_KEY (one index range per root on the active ones)."""
    scope, values = scope_values(roots)
    return ListQuery(_registered, (scope, active_only), values)


def _registered(dialect: str, shape: Shape) -> Select[Any]:
    scope, active_only = shape
    query = _LISTED.where(within_scope(_R.community_path, scope))
    return query.where(_R.active == 1) if active_only else query


def member_registrations(member_id: int) -> ListQuery:
    """A member's registrations, active and ended; page by REGISTRATION_KEY."""
    return ListQuery(_of_member, (), {"member": member_id})


def _of_member(dialect: str, shape: Shape) -> Select[Any]:
    return _LISTED.where(_R.member_id == bindparam("member"))


@row_record
class RegistrationStepRecord:
    id: int
    registration_id: int
    action: RegistrationAction
    effective_on: date
    actor_id: int | None
    recorded_at: datetime
    note: str | None
    actor_name: str | None = None


_RS = core_table(RegistrationStepRow).c
REGISTRATION_STEP_KEY = _RS.id
_REGISTRATION_STEPS = select(
    *[_RS[name] for name in field_names(RegistrationStepRecord) if name != "actor_name"],
    _A.display_name,
).select_from(core_table(RegistrationStepRow).outerjoin(core_table(AccountRow)))


def registration_timeline(registration_id: int) -> Select[Any]:
    return _REGISTRATION_STEPS.where(_RS.registration_id == registration_id)
