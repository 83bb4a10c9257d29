"""Reads of the member registry: members by id and the filtered list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, String, bindparam, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.list_shapes import (
    LIKE_ESCAPE,
    ListQuery,
    Shape,
    escaped_contains,
    one_of,
    scope_values,
    within_scope,
)
from db.members.models import Education, Gender, MemberRow, MemberStatus, Occupation
from db.records import ByKeys, record_columns, row_record


@row_record
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
# Its stored value bound as a string: the enum's bind processor would cost two calls a read.
_NOT_TRANSFERRED_OUT = _TABLE.status != literal(MemberStatus.TRANSFERRED_OUT.value, String())


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
) -> ListQuery:
    """Members of branches in the subtrees at `roots`, narrowed; page it by MEMBER_KEY. Those
    who left the platform (TRANSFERRED_OUT) are listed only when their status is asked for."""
    scope, values = scope_values(roots)
    if statuses:
        values["statuses"] = [status.value for status in statuses]
    if name_contains:
        values["name"] = escaped_contains(name_contains)
    shape = (scope, bool(statuses), bool(name_contains), is_mobile)
    return ListQuery(_listed, shape, values)


def _listed(dialect: str, shape: Shape) -> Select[Any]:
    scope, statuses, named, is_mobile = shape
    query = _ALL.where(within_scope(_TABLE.org_path, scope))
    if statuses:
        query = query.where(one_of(dialect, _TABLE.status, "statuses", String()))
    else:
        query = query.where(_NOT_TRANSFERRED_OUT)
    if named:
        query = query.where(_TABLE.name.like(bindparam("name"), escape=LIKE_ESCAPE))
    if is_mobile is not None:
        query = query.where(_TABLE.is_mobile.is_(is_mobile))
    return query
