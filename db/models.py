"""Every model imported in one place, so the metadata is complete for migrations."""

from db.accounts import AccountRow, RoleBindingRow
from db.audit import AuditEntryRow
from db.base import Base
from db.events import EventRow
from db.members import MemberRow
from db.organizations import OrganizationRow

__all__ = [
    "AccountRow",
    "AuditEntryRow",
    "Base",
    "EventRow",
    "MemberRow",
    "OrganizationRow",
    "RoleBindingRow",
]
