"""Who may do what where: roles grant permissions on the subtree of the bound organisation."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from db.accounts.models import Role
from db.events.log import EventRow
from db.events.types import EntityType
from db.paths import is_within, minimal_roots
from resolvers.errors import Forbidden, Unauthenticated


class Permission(enum.StrEnum):
    READ_ORGANIZATIONS = "read_organizations"
    READ_STATISTICS = "read_statistics"
    READ_MEMBERS = "read_members"
    READ_PERSONAL_DATA = "read_personal_data"
    WRITE_ORGANIZATIONS = "write_organizations"
    WRITE_MEMBERS = "write_members"
    # Petitions 群众诉求: reading them all in a subtree (residents read their own regardless),
    # raising them (for oneself, or on a resident's behalf), handling them, the taxonomy.
    READ_PETITIONS = "read_petitions"
    SUBMIT_PETITIONS = "submit_petitions"
    HANDLE_PETITIONS = "handle_petitions"
    MANAGE_CATEGORIES = "manage_categories"
    # Supervising 督办 petitions held below one's own organisation (never at it).
    SUPERVISE_PETITIONS = "supervise_petitions"
    # Service stations 党群服务站: the registry and live status, and managing them.
    READ_STATIONS = "read_stations"
    MANAGE_STATIONS = "manage_stations"
    # Co-building 区域化党建. Activities: reading them (also those held above one's subtree
    # for it), organising and running them, signing up; a unit organises its own for the
    # communities it serves.
    READ_ACTIVITIES = "read_activities"
    MANAGE_ACTIVITIES = "manage_activities"
    JOIN_ACTIVITIES = "join_activities"
    ORGANIZE_UNIT_ACTIVITIES = "organize_unit_activities"
    # Volunteers and their hours: reading others' records and rankings, correcting hours.
    READ_VOLUNTEERS = "read_volunteers"
    MANAGE_VOLUNTEERS = "manage_volunteers"
    # Co-building units with their agreements and resources; registering them.
    READ_UNITS = "read_units"
    MANAGE_UNITS = "manage_units"
    # The resource wall's needs and exchanges: reading them, posting needs and requesting
    # resources (the community side), claiming needs (the unit side).
    READ_NEEDS = "read_needs"
    POST_NEEDS = "post_needs"
    CLAIM_NEEDS = "claim_needs"
    # Organisational life 组织生活: reading a branch's meetings (members read those of their own
    # branch), and scheduling and running them (the secretary: leave, check-in for members,
    # minutes, close); compliance figures of a subtree.
    READ_MEETINGS = "read_meetings"
    MANAGE_MEETINGS = "manage_meetings"
    # Dues 党费: reading members' dues accounts and collection figures; recording payments
    # on a member's behalf and reversing them 冲正, declaring bases.
    READ_DUES = "read_dues"
    MANAGE_DUES = "manage_dues"
    # Transfers 组织关系转接: reading those from or to one's subtree (a member reads their
    # own), and acting on them as the source or the destination branch's secretary.
    READ_TRANSFERS = "read_transfers"
    MANAGE_TRANSFERS = "manage_transfers"
    # Learning 网上党校: reading courses (members read those published to a subtree containing
    # their branch); reading members' study and a subtree's completion figures; publishing
    # courses and crediting or correcting members' hours.
    READ_COURSES = "read_courses"
    READ_LEARNING = "read_learning"
    MANAGE_LEARNING = "manage_learning"
    # Access 权限管理: hearing of API keys created, rotated or revoked and of accounts disabled
    # or enabled in a subtree (administrators only; managing them is `administered_paths`).
    MANAGE_ACCESS = "manage_access"
    # Evaluation 考核评价: reading scores, explanations, portraits and rankings of a subtree;
    # managing frameworks, entering manual values and overriding and publishing the star
    # ratings of the organisations below one's own (the upper organisation rates, never
    # itself).
    READ_EVALUATION = "read_evaluation"
    MANAGE_EVALUATION = "manage_evaluation"


_READ_PUBLIC = {Permission.READ_ORGANIZATIONS, Permission.READ_STATISTICS, Permission.READ_STATIONS}
_HANDLING = {Permission.READ_PETITIONS, Permission.SUBMIT_PETITIONS, Permission.HANDLE_PETITIONS}
_TAKING_PART = {Permission.READ_ACTIVITIES, Permission.JOIN_ACTIVITIES}
_CO_BUILDING_STAFF = _TAKING_PART | {
    Permission.MANAGE_ACTIVITIES,
    Permission.READ_VOLUNTEERS,
    Permission.READ_UNITS,
    Permission.READ_NEEDS,
    Permission.POST_NEEDS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.SECRETARY: frozenset(
        _READ_PUBLIC
        | _HANDLING
        | {Permission.SUPERVISE_PETITIONS}
        | {Permission.READ_MEMBERS, Permission.READ_PERSONAL_DATA, Permission.WRITE_MEMBERS}
        | _CO_BUILDING_STAFF
        | {Permission.MANAGE_VOLUNTEERS, Permission.MANAGE_UNITS}
        | {Permission.READ_MEETINGS, Permission.MANAGE_MEETINGS}
        | {Permission.READ_DUES, Permission.MANAGE_DUES}
        | {Permission.READ_TRANSFERS, Permission.MANAGE_TRANSFERS}
        | {Permission.READ_COURSES, Permission.READ_LEARNING, Permission.MANAGE_LEARNING}
        | {Permission.READ_EVALUATION}
    ),
    Role.GRID_WORKER: frozenset(
        _READ_PUBLIC
        | _HANDLING
        | {Permission.READ_MEMBERS, Permission.READ_COURSES}
        | _CO_BUILDING_STAFF
    ),
    Role.STATION_STAFF: frozenset(
        _READ_PUBLIC
        | {Permission.READ_PETITIONS, Permission.SUBMIT_PETITIONS, Permission.MANAGE_STATIONS}
        | _CO_BUILDING_STAFF
    ),
    Role.RESIDENT: frozenset(_READ_PUBLIC | {Permission.SUBMIT_PETITIONS} | _TAKING_PART),
    Role.PARTNER: frozenset(_READ_PUBLIC | {Permission.READ_ACTIVITIES}),
    # A party member's own account, bound to their branch (derived from their record): what
    # any resident may do there, and nothing of other members. Their own record, meetings,
    # dues, study and reminders are reached through `Viewer.member_id`
    # (`Viewer.acts_for_member`); courses published above their branch are theirs to study.
    Role.MEMBER: frozenset(
        _READ_PUBLIC
        | {Permission.SUBMIT_PETITIONS, Permission.READ_MEETINGS, Permission.READ_COURSES}
        | _TAKING_PART
    ),
    # A co-building unit's account, bound (by its agreements) to the communities it serves:
    # their names, their needs, and its own activities there; its own unit, resources and
    # exchanges are reached through `Viewer.unit_id`.
    Role.UNIT: frozenset(
        {
            Permission.READ_ORGANIZATIONS,
            Permission.READ_NEEDS,
            Permission.CLAIM_NEEDS,
            Permission.ORGANIZE_UNIT_ACTIVITIES,
        }
    ),
    # A functional department's staff, bound to the department's own place
    # (db/departments/models.py `department_place`), which no organisation's subtree holds: the
    # petitions dispatched to it (`Viewer.department_id`) and their events, nothing else.
    Role.DEPARTMENT: frozenset({Permission.READ_ORGANIZATIONS, Permission.READ_PETITIONS}),
}


# What a viewer must hold where an event happened to receive it, by what the event is about
# (db/events/types.py). Events about anything else stay internal: logged, never delivered.
EVENT_PERMISSIONS: Mapping[str, Permission] = {
    EntityType.ORGANIZATION: Permission.READ_ORGANIZATIONS,
    EntityType.MEMBER: Permission.READ_MEMBERS,
    EntityType.PETITION: Permission.READ_PETITIONS,
    EntityType.STATION: Permission.READ_STATIONS,
    EntityType.ACTIVITY: Permission.READ_ACTIVITIES,
    EntityType.NEED: Permission.READ_NEEDS,
    EntityType.EXCHANGE: Permission.READ_NEEDS,
    EntityType.MEETING: Permission.READ_MEETINGS,
    EntityType.DUES: Permission.READ_DUES,
    EntityType.TRANSFER: Permission.READ_TRANSFERS,
    EntityType.COURSE: Permission.READ_COURSES,
    EntityType.STUDY: Permission.READ_LEARNING,
    EntityType.API_KEY: Permission.MANAGE_ACCESS,
    EntityType.ACCOUNT: Permission.MANAGE_ACCESS,
    EntityType.EVALUATION: Permission.READ_EVALUATION,
}


# Events a lesser permission also receives, for their de-identified typed payload alone (the
# entity itself stays behind its read permission): petition events reach who reads statistics,
# as partners and their keys do; their payload is category, status, places and times, never
# the resident, their contact or the text (schema/events/payloads/petitions.py).
DEIDENTIFIED_EVENT_PERMISSIONS: Mapping[str, Permission] = {
    EntityType.PETITION: Permission.READ_STATISTICS,
}


def event_permissions(entity_type: str) -> tuple[Permission, ...]:
    """The permissions any one of which lets a viewer receive events about `entity_type`
    (none: the events are internal)."""
    return tuple(
        permission
        for permission in (
            EVENT_PERMISSIONS.get(entity_type),
            DEIDENTIFIED_EVENT_PERMISSIONS.get(entity_type),
        )
        if permission is not None
    )


@dataclass(frozen=True, slots=True)
class Binding:
    role: Role
    organization_id: int
    path: str
    # What the binding grants, when not its role's permissions: an API key's own set.
    granted: frozenset[Permission] | None = None

    @property
    def permissions(self) -> frozenset[Permission]:
        return ROLE_PERMISSIONS[self.role] if self.granted is None else self.granted


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in account (or nobody) and the subtrees its bindings open."""

    account_id: int | None = None
    username: str | None = None
    display_name: str | None = None
    bindings: tuple[Binding, ...] = ()
    # The co-building unit the account acts for (its `unit` bindings are the communities the
    # unit serves; its own unit, resources and exchanges follow from this id).
    unit_id: int | None = None
    # The party member the account is (the `member` role), and that member's branch path.
    member_id: int | None = None
    member_path: str | None = None
    # The functional department the account acts for (the `department` role).
    department_id: int | None = None
    # An API key's viewer (resolvers/apikeys/credentials.py): no account of its own
    # (`account_id` is KEY_ACCOUNT), one binding with the key's permissions, and the event
    # entity types it may receive (empty: every type its permissions allow).
    api_key_id: int | None = None
    event_types: frozenset[str] = frozenset()
    # The SHA-256 hashes of the only documents an API key may run; None: any.
    trusted_documents: frozenset[str] | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.account_id is not None

    def paths_for(self, permission: Permission) -> list[str]:
        """The subtree roots where `permission` holds, none nested in another."""
        return minimal_roots(b.path for b in self.bindings if permission in b.permissions)

    def administered_paths(self) -> list[str]:
        """The subtrees the viewer administers (the administrator role; an API key none):
        where accounts and API keys are managed."""
        if self.api_key_id is not None:
            return []
        return minimal_roots(b.path for b in self.bindings if b.role is Role.ADMINISTRATOR)

    def administers(self, path: str) -> bool:
        return any(is_within(path, root) for root in self.administered_paths())

    def can(self, permission: Permission, path: str) -> bool:
        return any(is_within(path, b.path) and permission in b.permissions for b in self.bindings)

    def is_member(self, member_id: int) -> bool:
        """Whether the account is this party member's own."""
        return self.member_id is not None and self.member_id == member_id

    def acts_for_member(self, permission: Permission, member_id: int, path: str) -> bool:
        """Member-self access, the one rule every domain of a member's own records uses: the
        viewer is that member, or holds `permission` where the member belongs (`path`, the
        member's org_path), as a secretary over the member's branch does."""
        return self.is_member(member_id) or self.can(permission, path)

    def require_for_member(
        self, permission: Permission, member_id: int, path: str, *, action: str
    ) -> None:
        """Raise FORBIDDEN unless the viewer is that member or holds `permission` at `path`."""
        self.require_account()
        if not self.acts_for_member(permission, member_id, path):
            raise Forbidden(
                f"You may not {action} for this member: only the member themself, or a role "
                f"granting {permission.value} on their branch, may. Ask their branch secretary.",
                permission=permission.value,
            )

    def may_receive(self, entity_type: str, path: str) -> bool:
        """Whether an event about an entity of that type, at `path`, may reach this viewer."""
        if self.event_types and entity_type not in self.event_types:
            return False
        return any(self.can(permission, path) for permission in event_permissions(entity_type))

    def may_receive_event(self, row: EventRow) -> bool:
        """Whether the event may reach this viewer: at its place, or at any other place it
        concerns (a transfer's two branches, a move's old and new parent)."""
        also = row.also_paths
        if not also:
            return self.may_receive(row.entity_type, row.org_path)
        entity_type = row.entity_type
        return any(self.may_receive(entity_type, path) for path in (row.org_path, *also))

    def require_account(self) -> int:
        if self.account_id is None:
            raise Unauthenticated(
                "Sign in first: call the login mutation and send its token as "
                "`Authorization: Bearer <token>`."
            )
        return self.account_id

    def require_anywhere(self, permission: Permission, *, what: str) -> None:
        """Raise FORBIDDEN, naming `permission`, when no binding grants it anywhere: a whole
        list or stream the viewer may never read is refused, not answered empty (an empty
        answer would say "there is nothing", and a partner would wait on it). Within a
        permission's scope, what lies outside still answers as if it did not exist."""
        self.require_account()
        if not self.paths_for(permission):
            who = (
                "this API key does not grant"
                if self.api_key_id is not None
                else "no role binding of yours grants"
            )
            raise Forbidden(
                f"You may not read {what}: {who} {permission.value} anywhere. Ask an "
                "administrator for a binding (or a key) that grants it.",
                permission=permission.value,
            )

    def require(self, permission: Permission, path: str, *, action: str) -> None:
        """Raise FORBIDDEN unless the viewer holds `permission` at `path`."""
        self.require_account()
        if not self.can(permission, path):
            raise Forbidden(
                f"You may not {action} here: none of your role bindings grants "
                f"{permission.value} on this organisation. Ask an administrator of it.",
                permission=permission.value,
            )


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The events one viewer receives: those it may see, of the given types (all if empty).
    A plain value: equal filters accept the same events, so it is also its own share key."""

    viewer: Viewer
    types: frozenset[str] = frozenset()

    def __call__(self, row: EventRow) -> bool:
        return (not self.types or row.type in self.types) and self.viewer.may_receive_event(row)
