"""Submitting a petition: validation, idempotent retries, timeline, hot words and event."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import timedelta

from db.accounts.models import Role, get_account_by_username, get_bindings_with_paths
from db.base import china_day, utcnow
from db.events.types import EventType
from db.organizations.models import GovernanceLevel
from db.organizations.queries import OrganizationRecord
from db.paths import is_within
from db.petitions.models import (
    PetitionAction,
    PetitionChannel,
    PetitionRow,
    PetitionStatus,
)
from db.petitions.queries import CategoryRecord
from db.petitions.words import count_words
from db.petitions.writes import Step, find_submission, insert_petition
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.petitions.submitters import tell_submitter
from resolvers.validation import clean_text

MAX_TITLE = 100
MAX_CONTENT = 2000
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


@dataclass(frozen=True, slots=True)
class PetitionDraft:
    title: str
    content: str
    category_id: int
    grid_id: int
    channel: PetitionChannel = PetitionChannel.APP
    anonymous: bool = False
    contact_name: str | None = None
    contact_phone: str | None = None
    on_behalf: bool = False
    resident_username: str | None = None
    idempotency_key: str | None = None


def _normalise(draft: PetitionDraft) -> PetitionDraft:
    phone = draft.contact_phone.strip() if draft.contact_phone else None
    if phone and not _PHONE.match(phone):
        raise BadUserInput(
            "`contactPhone` must be a mobile number such as 13812345678 or a landline such as "
            "0571-87654321.",
            field="contactPhone",
        )
    key = draft.idempotency_key.strip() if draft.idempotency_key else None
    if key is not None and not _KEY.match(key):
        raise BadUserInput(
            "`idempotencyKey` must be 1-64 letters, digits, '-', '_', '.' or ':' (a UUID works).",
            field="idempotencyKey",
        )
    name = draft.contact_name
    return PetitionDraft(
        title=clean_text(draft.title, field="title", max_length=MAX_TITLE),
        content=clean_text(draft.content, field="content", max_length=MAX_CONTENT),
        category_id=draft.category_id,
        grid_id=draft.grid_id,
        channel=draft.channel,
        anonymous=draft.anonymous,
        contact_name=clean_text(name, field="contactName", max_length=64) if name else None,
        contact_phone=phone or None,
        on_behalf=draft.on_behalf,
        resident_username=draft.resident_username.strip() if draft.resident_username else None,
        idempotency_key=key,
    )


def _fingerprint(draft: PetitionDraft) -> str:
    values = asdict(draft) | {"idempotency_key": None}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


async def _category(context: Context, category_id: int) -> CategoryRecord:
    row = await context.loaders.petitions.category.load(category_id)
    if row is None or row.retired_at is not None or row.parent_id is None:
        raise BadUserInput(
            "`categoryId` names no category open for petitions; pick a subcategory from "
            "`petitionCategories`.",
            field="categoryId",
        )
    return row


async def _grid(context: Context, grid_id: int) -> OrganizationRecord:
    grid = await resolve_organization_by_id(context, grid_id)
    if (
        grid is None
        or grid.level != GovernanceLevel.GRID
        or not context.viewer.can(Permission.SUBMIT_PETITIONS, grid.path)
    ):
        raise BadUserInput(
            "`gridId` is not a grid 网格 within your reach; choose a grid of the community your "
            "account is bound to.",
            field="gridId",
        )
    return grid


async def _submitter(
    context: Context, draft: PetitionDraft, grid: OrganizationRecord
) -> int | None:
    account_id = context.require_account()
    if not draft.on_behalf:
        if draft.resident_username:
            raise BadUserInput(
                "`residentUsername` is only for staff submitting on a resident's behalf; set "
                "`onBehalf: true`.",
                field="residentUsername",
            )
        return account_id
    if not context.viewer.can(Permission.READ_PETITIONS, grid.path):
        raise Forbidden(
            "Only staff who handle petitions here (grid workers, station staff, secretaries) "
            "may submit on a resident's behalf."
        )
    if draft.resident_username is None:
        return None
    # Only a resident of the place: the petition becomes theirs to read unmasked, so staff
    # must not hand a petition (and the contact details typed into it) to anyone else.
    async with context.services.database.session() as session:
        resident = await get_account_by_username(session, draft.resident_username)
        homes = await get_bindings_with_paths(session, resident.id) if resident else []
    if resident is None or not any(
        role is Role.RESIDENT and is_within(grid.path, path) for role, _org, path in homes
    ):
        raise BadUserInput(
            f"No resident account named {draft.resident_username!r} lives where this grid is; "
            "check the name, or leave `residentUsername` out for a resident without an account.",
            field="residentUsername",
        )
    return resident.id


async def _earlier(
    context: Context, account_id: int, key: str, fingerprint: str
) -> PetitionRow | None:
    async with context.services.database.session() as session:
        row = await find_submission(session, account_id, key)
    if row is not None and row.request_hash != fingerprint:
        raise Conflict(
            "This `idempotencyKey` was already used for a different petition; use a new key "
            "for a new petition.",
            field="idempotencyKey",
        )
    return row


async def submit_petition(context: Context, draft: PetitionDraft) -> PetitionRow:
    account_id = context.require_account()
    draft = _normalise(draft)
    fingerprint = _fingerprint(draft)
    key = draft.idempotency_key
    if key is not None and (found := await _earlier(context, account_id, key, fingerprint)):
        return found
    category = await _category(context, draft.category_id)
    grid = await _grid(context, draft.grid_id)
    submitter = await _submitter(context, draft, grid)
    words = await asyncio.to_thread(count_words, f"{draft.title}\n{draft.content}")
    now = utcnow()
    try:
        async with change(context, account_id, conflict="duplicate submission") as changes:
            values = {
                "title": draft.title,
                "content": draft.content,
                "category_id": category.id,
                "channel": draft.channel,
                "status": PetitionStatus.SUBMITTED,
                "grid_id": grid.id,
                "org_path": grid.path,
                "handling_org_id": grid.id,
                "handling_org_path": grid.path,
                "submitter_account_id": submitter,
                "created_by_account_id": account_id,
                "idempotency_key": key,
                "request_hash": fingerprint,
                "anonymous": draft.anonymous,
                "contact_name": draft.contact_name,
                "contact_phone": draft.contact_phone,
                "version": 1,
                "day": china_day(now),
                "deadline_at": now + timedelta(hours=category.deadline_hours),
                # The grid's own deadline is the category's: past it, the petition climbs.
                "level_deadline_at": now + timedelta(hours=category.deadline_hours),
                "escalations": 0,
                "created_at": now,
                "updated_at": now,
            }
            step = Step(
                action=PetitionAction.SUBMIT,
                from_status=None,
                to_status=PetitionStatus.SUBMITTED,
                actor_account_id=account_id,
                actor_name=context.viewer.display_name,
                organization_id=grid.id,
                note=f"via {draft.channel.value}",
                at=now,
            )
            row = await insert_petition(changes.session, values, step, words)
            changes.record(
                EventType.PETITION_CREATED,
                row.id,
                at=grid.path,
                changes={
                    "status": PetitionStatus.SUBMITTED.value,
                    "categoryId": category.id,
                    "channel": draft.channel.value,
                },
            )
            tell_submitter(
                changes,
                row.id,
                row.submitter_account_id,
                PetitionAction.SUBMIT.value,
                PetitionStatus.SUBMITTED.value,
            )
    except Conflict:
        # A concurrent retry with the same key committed first: answer with its petition.
        if key is None or (found := await _earlier(context, account_id, key, fingerprint)) is None:
            raise
        return found
    return row
