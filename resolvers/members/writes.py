"""Member writes: create and update, each checked field by field and all-or-nothing."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from db.base import utcnow
from db.events.types import EventType
from db.meetings.membership import follow_membership
from db.members.models import Education, Gender, MemberRow, MemberStatus, Occupation
from db.members.queries import MemberRecord
from db.members.writes import change_member, insert_member, lock_member
from db.organizations.models import GovernanceLevel, PartyOrgKind
from db.organizations.queries import OrganizationRecord
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, not_found
from resolvers.members.following import move_what_follows_member
from resolvers.members.identity import (
    id_card_problem,
    is_valid_phone,
)
from resolvers.members.reads import resolve_member_by_id
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.validation import clean_text

BRANCH_KINDS = (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH)


@dataclass(frozen=True, slots=True)
class MemberDraft:
    """Input for a new member, or (with None meaning unchanged) for an update."""

    name: str | None = None
    gender: Gender | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    education: Education | None = None
    occupation: Occupation | None = None
    join_date: date | None = None
    status: MemberStatus | None = None
    branch_id: int | None = None
    branch_global_id: str | None = None
    residence_community_id: int | None = None
    residence_global_id: str | None = None
    is_mobile: bool | None = None
    id_card_number: str | None = None
    phone: str | None = None
    address: str | None = None


REQUIRED_ON_CREATE = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "occupation",
    "status",
    "branch_id",
    "id_card_number",
    "phone",
)


_CAMEL = {
    "birth_date": "birthDate",
    "branch_id": "branchId",
    "id_card_number": "idCardNumber",
    "join_date": "joinDate",
    "residence_community_id": "residenceCommunityId",
}


def _camel(name: str) -> str:
    return _CAMEL.get(name, name)


def check_member(values: dict[str, object], today: date) -> None:
    """Whole-record rules, checked on the merged values of a create or an update."""
    birth = values["birth_date"]
    assert isinstance(birth, date)
    if not date(1900, 1, 1) <= birth <= today:
        raise BadUserInput("`birthDate` must be between 1900-01-01 and today.", field="birthDate")
    problem = id_card_problem(
        str(values["id_card_number"]), birth_date=birth, gender=Gender(str(values["gender"]))
    )
    if problem:
        raise BadUserInput(f"`idCardNumber` {problem}.", field="idCardNumber")
    if not is_valid_phone(str(values["phone"])):
        raise BadUserInput(
            "`phone` must be an 11-digit mainland mobile number such as 13812345678.",
            field="phone",
        )
    joined = values.get("join_date")
    status = MemberStatus(str(values["status"]))
    if status in (MemberStatus.PROBATIONARY, MemberStatus.FULL) and joined is None:
        raise BadUserInput(
            f"A {status.name} member needs `joinDate`, the day they joined the Party.",
            field="joinDate",
        )
    if isinstance(joined, date):
        eighteen = (
            birth.replace(year=birth.year + 18)
            if (birth.month, birth.day) != (2, 29)
            else date(birth.year + 18, 3, 1)
        )
        if not eighteen <= joined <= today:
            raise BadUserInput(
                "`joinDate` must be on or after the 18th birthday and not in the future.",
                field="joinDate",
            )


def _normalise(draft: MemberDraft) -> dict[str, object]:
    values: dict[str, object] = {}
    for item in fields(draft):
        value = getattr(draft, item.name)
        if value is None or item.name.endswith("global_id"):
            continue
        if item.name in ("name", "ethnicity", "address"):
            value = clean_text(
                value, field=item.name, max_length=64 if item.name != "address" else 200
            )
        if item.name == "id_card_number":
            value = value.strip().upper()
        values[item.name] = value
    return values


async def _checked_branch(
    context: Context, branch_id: int, global_id: str | None
) -> OrganizationRecord:
    branch = await resolve_organization_by_id(context, branch_id)
    if branch is None:
        raise not_found("organization", global_id or str(branch_id), field="branchId")
    if branch.kind not in BRANCH_KINDS:
        raise BadUserInput(
            f"{branch.name} is a {branch.kind.name}; members belong to a BRANCH or GENERAL_BRANCH.",
            field="branchId",
        )
    return branch


async def _checked_residence(context: Context, community_id: int, global_id: str | None) -> None:
    community = await resolve_organization_by_id(context, community_id)
    if community is None:
        raise not_found(
            "organization", global_id or str(community_id), field="residenceCommunityId"
        )
    if community.level != GovernanceLevel.COMMUNITY:
        raise BadUserInput(
            f"{community.name} is not a community; `residenceCommunityId` must name one.",
            field="residenceCommunityId",
        )


def _duplicate_id_card() -> str:
    return "A member with this `idCardNumber` already exists; search for them instead."


async def create_member(context: Context, draft: MemberDraft, today: date) -> MemberRow:
    values = _normalise(draft)
    missing = [name for name in REQUIRED_ON_CREATE if name not in values]
    if missing:
        raise BadUserInput(f"`{_camel(missing[0])}` is required.", field=_camel(missing[0]))
    branch = await _checked_branch(context, int(str(values["branch_id"])), draft.branch_global_id)
    account_id = context.require(Permission.WRITE_MEMBERS, branch.path, action="add members")
    if draft.residence_community_id is not None:
        await _checked_residence(context, draft.residence_community_id, draft.residence_global_id)
    check_member(values, today)
    async with change(context, account_id, conflict=_duplicate_id_card()) as changes:
        row = await insert_member(changes.session, values, branch.path)
        await follow_membership(changes.session, row, utcnow())
        changes.record(
            EventType.MEMBER_CREATED,
            row.id,
            at=branch.path,
            changes={"status": row.status.value, "branchId": branch.id},
        )
    return row


async def load_for_write(context: Context, member_id: int, global_id: str) -> MemberRecord:
    row = await resolve_member_by_id(context, member_id)
    if row is None:
        raise not_found("member", global_id)
    context.require(Permission.WRITE_MEMBERS, row.org_path, action="change this member")
    return row


def check_version(row: MemberRow | MemberRecord, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise Conflict(
            f"The member changed since you loaded it (now version {row.version}, you had "
            f"{expected}); reload and apply your change again.",
            field="expectedVersion",
        )


async def update_member(
    context: Context,
    member_id: int,
    global_id: str,
    draft: MemberDraft,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    current = await load_for_write(context, member_id, global_id)
    edits = _normalise(draft)
    if "status" in edits:
        raise BadUserInput("Change status with changeMemberStatus.", field="status")
    if not edits:
        raise BadUserInput("Nothing to change: give at least one field to update.", field="id")
    branch_path = current.org_path
    if "branch_id" in edits:
        branch = await _checked_branch(
            context, int(str(edits["branch_id"])), draft.branch_global_id
        )
        context.require(Permission.WRITE_MEMBERS, branch.path, action="move members there")
        branch_path = branch.path
    if draft.residence_community_id is not None:
        await _checked_residence(context, draft.residence_community_id, draft.residence_global_id)
    merged = {
        item.name: getattr(current, item.name)
        for item in fields(MemberDraft)
        if hasattr(current, item.name)
    } | edits
    check_member(merged, today)
    account_id = context.require_account()
    async with change(context, account_id, conflict=_duplicate_id_card()) as changes:
        row = await lock_member(changes.session, member_id)
        check_version(row, expected_version)
        left = row.org_path
        await change_member(changes.session, row, edits | {"org_path": branch_path})
        if row.org_path != left:
            await move_what_follows_member(changes.session, row.id, row.branch_id, row.org_path)
            await follow_membership(changes.session, row, utcnow())
        # A change of branch concerns the branch left too: its viewers hear of it.
        changes.record(
            EventType.MEMBER_UPDATED,
            row.id,
            at=row.org_path,
            also_at=[left],
            changes={"fields": sorted(_camel(key) for key in edits)},
        )
    return row
