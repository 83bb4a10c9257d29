"""Reads of the member registry: members by id and the filtered list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.members.models import Education, Gender, MemberRow, MemberStatus, Occupation
from db.paths import within_any
from db.records import ByKeys, record_columns


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """A member as read, personal data included (masking is the resolvers' job)."""

    id: int
    name: str
    gender: Gender
    birth_date: date
    ethnicity: str
    education: Education
    occupation: Occupation
    join_date: date | None
    status: MemberStatus
    status_changed_at: datetime
    branch_id: int
    org_path: str
    residence_community_id: int | None
    is_mobile: bool
    id_card_number: str
    phone: str
    address: str | None
    version: int
    created_at: datetime
    updated_at: datetime


COLUMNS = record_columns(MemberRecord, MemberRow)
_TABLE = core_table(MemberRow).c
MEMBER_KEY = _TABLE.id
_ALL = select(*COLUMNS)
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _TABLE.id)
_NOT_TRANSFERRED_OUT = _TABLE.status != MemberStatus.TRANSFERRED_OUT  # built once, as immutable


async def members_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, MemberRecord]:
    return {row[0]: MemberRecord(*row) for row in await _BY_ID.rows(connection, ids)}


def member_list(
    roots: Sequence[str],
    *,
    statuses: Sequence[MemberStatus] = (),
    name_contains: str | None = None,
    is_mobile: bool | None = None,
) -> Select[Any]:
    """Members of branches in the subtrees at `roots`, narrowed; page it by MEMBER_KEY. Those
    who left the platform (TRANSFERRED_OUT) are listed only when their status is asked for."""
    query = _ALL.where(within_any(_TABLE.org_path, roots))
    if statuses:
        query = query.where(_TABLE.status.in_(statuses))
    else:
        query = query.where(_NOT_TRANSFERRED_OUT)
    if name_contains:
        query = query.where(_TABLE.name.contains(name_contains, autoescape=True))
    if is_mobile is not None:
        query = query.where(_TABLE.is_mobile.is_(is_mobile))
    return query
