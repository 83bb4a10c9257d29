"""Reads of API keys: one by public id (every request that presents a key, when its viewer is
not cached), the states of several (the open sockets' re-check), and the list an
administrator pages through. Each record carries its scope's path, joined at read time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from db.apikeys.models import ApiKeyRow
from db.base import core_table
from db.list_shapes import ListQuery, Shape, scope_values, within_scope
from db.organizations.models import OrganizationRow
from db.records import Connectable, field_names, row_record


@row_record
class ApiKeyRecord:
    id: int
    public_id: str
    name: str
    organization_id: int
    permissions: str
    event_types: str
    created_by: int
    created_at: datetime
    expires_at: datetime
    secret_hash: str
    rotated_at: datetime | None
    previous_hash: str | None
    previous_until: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    use_count: int
    version: int
    trusted_documents: str | None
    org_path: str

    @property
    def permission_values(self) -> tuple[str, ...]:
        return tuple(value for value in self.permissions.split(",") if value)

    @property
    def event_type_values(self) -> tuple[str, ...]:
        return tuple(value for value in self.event_types.split(",") if value)

    @property
    def trusted_hashes(self) -> frozenset[str] | None:
        """The only documents the key may run (SHA-256 hex), or None: any."""
        if self.trusted_documents is None:
            return None
        return frozenset(value for value in self.trusted_documents.split(",") if value)


_K = core_table(ApiKeyRow).c
_O = core_table(OrganizationRow).c
COLUMNS = [_K[name] for name in field_names(ApiKeyRecord) if name != "org_path"]
_SELECT = select(*COLUMNS, _O.path).join_from(
    core_table(ApiKeyRow), core_table(OrganizationRow), _O.id == _K.organization_id
)
LIST_KEY = _K.id


async def key_by_public_id(connection: Connectable, public_id: str) -> ApiKeyRecord | None:
    row = (await connection.execute(_SELECT.where(_K.public_id == public_id))).first()
    return None if row is None else ApiKeyRecord(*tuple(row))


async def keys_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, ApiKeyRecord]:
    if not ids:
        return {}
    rows = await connection.execute(_SELECT.where(_K.id.in_(list(ids))))
    return {row[0]: ApiKeyRecord(*tuple(row)) for row in rows}


def key_list(paths: Iterable[str], *, include_revoked: bool) -> ListQuery:
    """The keys whose scope lies in one of the subtrees, pageable by LIST_KEY."""
    scope, values = scope_values(list(paths))
    return ListQuery(_keys, (scope, include_revoked), values)


def _keys(dialect: str, shape: Shape) -> Select[Any]:
    scope, include_revoked = shape
    query = _SELECT.where(within_scope(_O.path, scope))
    if not include_revoked:
        query = query.where(_K.revoked_at.is_(None))
    return query


async def names_taken(connection: Connectable, names: Iterable[str]) -> set[str]:
    """Which of these key names exist (the demo's idempotency)."""
    rows = await connection.execute(select(_K.name).where(_K.name.in_(list(names))))
    return {row[0] for row in rows}
