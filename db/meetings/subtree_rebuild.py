"""The kept compliance figures recomputed from the per-branch meeting tallies: the tests'
reference, the rebuild after a bulk load (the demo, the city-scale generator) and the migration
that introduced them (db/meetings/subtree_tallies.py holds what they mean)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import core_table
from db.meetings.compliance import JUDGED_KINDS
from db.meetings.models import Cadence, MeetingKindRow
from db.meetings.subtree_tallies import (
    FIGURES,
    ComplianceTallyRow,
    Net,
    Tally,
    compliance_counts,
)
from db.meetings.tallies import MeetingTallyRow
from db.organizations.models import OrganizationRow

_CHUNK = 1000
_O = core_table(OrganizationRow).c
_T = core_table(MeetingTallyRow).c
_K = core_table(MeetingKindRow).c


def _rows(net: Net) -> list[dict[str, Any]]:
    return [
        {"organization_id": o, "month": m, **dict(zip(FIGURES, figures, strict=True))}
        for (o, m), figures in sorted(net.items())
    ]


_BRANCHES = select(_O.path).where(_O.kind.in_(JUDGED_KINDS))
_TALLIES = select(_T.org_path, _T.month, _T.kind_code, _T.held, _T.expected, _T.present)
_CADENCES = select(_K.code, _K.cadence).order_by(_K.position)


def _tally(row: Sequence[Any]) -> Tally:
    path, month, kind, held, expected, present = row
    return (str(path), str(month), str(kind), int(held), int(expected), int(present))


async def recount_compliance_tallies(session: AsyncSession) -> Net:
    """The figures recomputed from the per-branch tallies (the tests' reference)."""
    branches = [str(path) for (path,) in await session.execute(_BRANCHES)]
    tallies = [_tally(row) for row in await session.execute(_TALLIES)]
    cadences = [(str(c), Cadence(k)) for c, k in await session.execute(_CADENCES)]
    return compliance_counts(branches, tallies, cadences)


async def kept_compliance_tallies(session: AsyncSession) -> Net:
    """The kept figures, zero rows left out."""
    t = ComplianceTallyRow.__table__.c
    result = await session.execute(select(t.organization_id, t.month, *(t[n] for n in FIGURES)))
    return {
        (int(o), str(m)): [int(v) for v in figures] for o, m, *figures in result if any(figures)
    }


async def rebuild_compliance_tallies(session: AsyncSession) -> None:
    """Replace the kept figures by a recount (after a bulk load)."""
    rows = _rows(await recount_compliance_tallies(session))
    await session.execute(delete(ComplianceTallyRow))
    for start in range(0, len(rows), _CHUNK):
        await session.execute(insert(core_table(ComplianceTallyRow)), rows[start : start + _CHUNK])


def rebuild_compliance_tallies_now(connection: Connection) -> None:
    """The same on a synchronous connection (the migration that introduced them)."""
    branches = [str(path) for (path,) in connection.execute(_BRANCHES)]
    tallies = [_tally(row) for row in connection.execute(_TALLIES)]
    cadences = [(str(c), Cadence(k)) for c, k in connection.execute(_CADENCES)]
    rows = _rows(compliance_counts(branches, tallies, cadences))
    connection.execute(delete(ComplianceTallyRow))
    for start in range(0, len(rows), _CHUNK):
        connection.execute(insert(core_table(ComplianceTallyRow)), rows[start : start + _CHUNK])
