"""The transfer workflow as a table: (status, action, actor) → next status.

The member, or the secretary of their branch (the source), asks; the source approves and
issues the introduction letter 介绍信; the destination's secretary accepts (the member moves)
or returns it with a reason; a transfer out of the platform is completed by the source when
the receipt 回执 comes back. The member or the source may cancel while it is open. Each step
is a conditional update on the version the actor saw (CONFLICT when stale).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import timedelta

from db.transfers.models import TransferAction, TransferStatus
from db.transfers.queries import TransferRecord
from resolvers.access import Permission, Viewer
from resolvers.errors import BadUserInput, Forbidden

S = TransferStatus
A = TransferAction

# The destination answers within this many days of the letter (a policy of the platform: the
# reminder rule tells the destination's secretary once it has passed).
ANSWER_WITHIN = timedelta(days=30)


class Actor(enum.Enum):
    MEMBER = "member"  # the member themself (their own account)
    SOURCE = "source"  # MANAGE_TRANSFERS over the member's branch
    DESTINATION = "destination"  # MANAGE_TRANSFERS over the destination branch


TRANSITIONS: dict[tuple[TransferStatus, TransferAction, Actor], TransferStatus] = {
    (S.REQUESTED, A.APPROVE, Actor.SOURCE): S.APPROVED,
    (S.REQUESTED, A.CANCEL, Actor.MEMBER): S.CANCELLED,
    (S.REQUESTED, A.CANCEL, Actor.SOURCE): S.CANCELLED,
    (S.APPROVED, A.CANCEL, Actor.MEMBER): S.CANCELLED,
    (S.APPROVED, A.CANCEL, Actor.SOURCE): S.CANCELLED,
    (S.APPROVED, A.ACCEPT, Actor.DESTINATION): S.DONE,  # within the city
    (S.APPROVED, A.RETURN, Actor.DESTINATION): S.RETURNED,  # within the city
    (S.APPROVED, A.COMPLETE, Actor.SOURCE): S.DONE,  # out of the platform
}
# Steps that apply to one kind of transfer only.
WITHIN_CITY = frozenset({A.ACCEPT, A.RETURN})
OUT_OF_PLATFORM = frozenset({A.COMPLETE})
WHO = {
    Actor.MEMBER: "the member themself",
    Actor.SOURCE: "the secretary of the member's branch",
    Actor.DESTINATION: "the secretary of the destination branch",
}


def actors_of(viewer: Viewer, row: TransferRecord) -> list[Actor]:
    """Who the viewer may act as on this transfer (an administrator: every side)."""
    found = []
    if viewer.is_member(row.member_id):
        found.append(Actor.MEMBER)
    if viewer.can(Permission.MANAGE_TRANSFERS, row.source_path):
        found.append(Actor.SOURCE)
    if row.destination_path is not None and viewer.can(
        Permission.MANAGE_TRANSFERS, row.destination_path
    ):
        found.append(Actor.DESTINATION)
    return found


def _applies(row: TransferRecord, action: TransferAction) -> bool:
    outside = row.destination_branch_id is None
    return not ((action in WITHIN_CITY and outside) or (action in OUT_OF_PLATFORM and not outside))


def allowed_actions(row: TransferRecord, actors: Iterable[Actor]) -> list[TransferAction]:
    mine = set(actors)
    found = [
        action
        for (status, action, actor) in TRANSITIONS
        if status is row.status and actor in mine and _applies(row, action)
    ]
    return list(dict.fromkeys(found))


def decide(
    row: TransferRecord, action: TransferAction, actors: list[Actor]
) -> tuple[Actor, TransferStatus]:
    """The actor the viewer takes the step as, and the status after it. FORBIDDEN when none of
    the viewer's sides may take this action at all; BAD_USER_INPUT, naming the steps possible
    now, when the transfer cannot take it in its status."""
    able = [actor for (_, act, actor) in TRANSITIONS if act is action and actor in actors]
    if not able:
        who = sorted({WHO[a] for (_, act, a) in TRANSITIONS if act is action})
        raise Forbidden(
            f"You may not {action.value} this transfer: only {' or '.join(who)} may. Ask them."
        )
    if _applies(row, action):
        for actor in able:
            found = TRANSITIONS.get((row.status, action, actor))
            if found is not None:
                return actor, found
    steps = ", ".join(a.name for a in allowed_actions(row, actors)) or "none"
    kind = "out of the platform" if row.destination_branch_id is None else "within the city"
    raise BadUserInput(
        f"{action.name} is not a step a {row.status.name} transfer {kind} can take; the "
        f"steps you can take now: {steps}.",
        field="step",
    )
