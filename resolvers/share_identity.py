"""Which viewers may share a subscription execution: those whose results cannot differ.

A result depends on the viewer through its role bindings (which permissions hold in which
subtrees) and, in two places, through the account itself: every unmasked read of personal
data is audited in the reader's name (resolvers/audit.py), and a petition's submitter reads
their own petition's contact details unmasked. Hence:

- A viewer holding READ_PERSONAL_DATA anywhere shares only with the other subscriptions of
  the same account, and the shared execution runs as that account: every unmasked read is
  audited in its name, once per event (a second screen of the same account receiving the
  same bytes is not a second read).
- A party member's own account (`member_id`) reads their own record unmasked: it too shares
  only with the same account, and runs as itself.
- Every other viewer shares with all viewers of the same role bindings (and unit, for a
  co-building unit's accounts: its own resources are its unit's; and department, for a
  functional department's staff: the petitions dispatched to it), and the execution
  runs as `SHARED_ACCOUNT` with those bindings: without READ_PERSONAL_DATA nothing can be
  unmasked, so nothing is audited; a submitter's own contact details come masked in a
  subscription, as for any other viewer of those roles (a query still shows them).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from resolvers.access import Permission, Viewer
from resolvers.context import Context

SHARED_ACCOUNT = 0  # no account has this id (ids start at 1): it owns no petition


def _runs_as_itself(viewer: Viewer) -> bool:
    return viewer.member_id is not None or bool(viewer.paths_for(Permission.READ_PERSONAL_DATA))


def share_identity(viewer: Viewer) -> Hashable:
    """What of the viewer a shared result may depend on (part of the share key)."""
    bindings = frozenset(viewer.bindings)
    if _runs_as_itself(viewer):
        return ("account", viewer.account_id, bindings)
    return ("roles", bindings, viewer.unit_id, viewer.department_id)


def shared_context(context: Context) -> Callable[[], Context]:
    """Makes the context a group's executions run with (see the module's rules)."""

    def make() -> Context:
        viewer = context.viewer
        if not _runs_as_itself(viewer):
            viewer = Viewer(
                account_id=SHARED_ACCOUNT,
                bindings=viewer.bindings,
                unit_id=viewer.unit_id,
                department_id=viewer.department_id,
            )
        # Like every websocket context: reads are never cached across events.
        return Context(context.services, viewer=viewer, cache_reads=False)

    return make
