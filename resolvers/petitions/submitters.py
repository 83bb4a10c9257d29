"""Telling the resident who raised a petition of each of its steps: the step is logged again at
their inbox (db/paths.py), where only their `myPetitionChanged` subscription hears of it."""

from __future__ import annotations

from db.events.types import EventType
from db.paths import inbox_path
from resolvers.changes import ChangeSet


def tell_submitter(
    changes: ChangeSet, petition_id: int, submitter_account_id: int | None, action: str, status: str
) -> None:
    """Within the step's transaction; a petition raised for someone without an account (by
    phone, through staff) has nobody to tell."""
    if submitter_account_id is None:
        return
    changes.record(
        EventType.PETITION_CHANGED_FOR_SUBMITTER,
        petition_id,
        at=inbox_path(submitter_account_id),
        changes={"action": action, "status": status},
    )
