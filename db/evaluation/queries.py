"""Reads of evaluation: frameworks and their indicators, results in standing order, indicator
scores, kept medians, rating timelines, and the organisations a batch scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from db.base import core_table
from db.compiled_reads import read_rows
from db.evaluation.models import (
    Direction,
    FrameworkRow,
    IndicatorKind,
    IndicatorRow,
    IndicatorScoreRow,
    ManualEntryRow,
    MedianRow,
    RatingAction,
    RatingStepRow,
    ResultRow,
    SubtreeCountRow,
)
from db.list_shapes import ListQuery, Shape, scope_values, within_scope
from db.organizations.models import OrganizationRow, PartyOrgKind
from db.paths import path_ids
from db.records import ByKeys, Connectable, record_columns, row_record


@row_record
class FrameworkRecord:
    id: int
    year: int
    version: int
    name: str
    level: str
    star_thresholds: list[float]
    frozen: bool
    copied_from_id: int | None
    created_at: datetime


@row_record
class IndicatorRecord:
    id: int
    framework_id: int
    position: int
    category: str
    code: str
    name: str
    kind: IndicatorKind
    direction: Direction
    weight: float
    target: float
    cap: float
    period: str
    formula: str | None


@row_record
class ResultRecord:
    id: int
    framework_id: int
    year: int
    organization_id: int
    org_path: str
    parent_id: int | None
    total: float
    rank: int
    siblings: int
    standing: int
    computed_stars: int
    stars: int
    override_reason: str | None
    published_at: datetime | None
    version: int
    computed_at: datetime


@row_record
class ScoreRecord:
    framework_id: int
    organization_id: int
    indicator_id: int
    raw: float | None
    points: float
    achievement: float
    figures: dict[str, Any]
    how: str


@row_record
class ManualEntryRecord:
    id: int
    indicator_id: int
    organization_id: int
    value: float
    note: str
    evidence: str
    entered_by_account_id: int | None
    entered_at: datetime


@row_record
class RatingStepRecord:
    id: int
    result_id: int
    action: RatingAction
    stars: int
    reason: str | None
    account_id: int | None
    at: datetime


@dataclass(frozen=True, slots=True)
class ScoredOrganization:
    id: int
    path: str
    parent_id: int | None
    name: str


_F = core_table(FrameworkRow).c
_I = core_table(IndicatorRow).c
_R = core_table(ResultRow).c
_S = core_table(IndicatorScoreRow).c
_O = core_table(OrganizationRow).c
RESULT_KEY = _R.standing  # a list of results is a keyset page in standing order
_SUBTREES = core_table(SubtreeCountRow).c
_RESULTS_UNDER = ByKeys(
    lambda keys: select(func.sum(_SUBTREES.results)).where(
        _SUBTREES.framework_id == bindparam("framework"), keys
    ),
    _SUBTREES.organization_id,
)


async def framework_by_id(connection: Connectable, framework_id: int) -> FrameworkRecord | None:
    result = await connection.execute(
        select(*record_columns(FrameworkRecord, FrameworkRow)).where(_F.id == framework_id)
    )
    row = result.first()
    return FrameworkRecord(*row) if row else None


_NEWEST_FIRST = select(*record_columns(FrameworkRecord, FrameworkRow)).order_by(
    _F.year.desc(), _F.frozen.desc(), _F.version.desc()
)
_IN_FORCE = _NEWEST_FIRST.limit(1)
_IN_FORCE_OF_YEAR = _NEWEST_FIRST.where(_F.year == bindparam("year")).limit(1)


async def framework_in_force(connection: Connectable, year: int | None) -> FrameworkRecord | None:
    """The year's framework in force (default: the latest year that has one): its newest
    version that has results, else its newest."""
    if year is None:
        rows = await read_rows(connection, _IN_FORCE)
    else:
        rows = await read_rows(connection, _IN_FORCE_OF_YEAR, {"year": year})
    return FrameworkRecord(*rows[0]) if rows else None


async def newest_framework(connection: Connectable, year: int) -> FrameworkRecord | None:
    """The year's newest version: what the batch computes."""
    result = await connection.execute(
        select(*record_columns(FrameworkRecord, FrameworkRow))
        .where(_F.year == year)
        .order_by(_F.version.desc())
        .limit(1)
    )
    row = result.first()
    return FrameworkRecord(*row) if row else None


async def next_version(connection: Connectable, year: int) -> int:
    result = await connection.execute(select(func.max(_F.version)).where(_F.year == year))
    return int(result.scalar() or 0) + 1


async def indicators_of(connection: Connectable, framework_id: int) -> list[IndicatorRecord]:
    result = await connection.execute(
        select(*record_columns(IndicatorRecord, IndicatorRow))
        .where(_I.framework_id == framework_id)
        .order_by(_I.position)
    )
    return [IndicatorRecord(*row) for row in result]


async def manual_entries(
    connection: Connectable, indicator_ids: Sequence[int]
) -> list[ManualEntryRecord]:
    """Every hand-entered value of the indicators (a framework's few manual indicators)."""
    m = core_table(ManualEntryRow).c
    result = await connection.execute(
        select(*record_columns(ManualEntryRecord, ManualEntryRow)).where(
            m.indicator_id.in_(list(indicator_ids))
        )
    )
    return [ManualEntryRecord(*row) for row in result]


async def organizations_at_level(connection: Connectable, level: str) -> list[ScoredOrganization]:
    result = await connection.execute(
        select(_O.id, _O.path, _O.parent_id, _O.name).where(_O.level == level).order_by(_O.id)
    )
    return [ScoredOrganization(int(i), p, parent, n) for i, p, parent, n in result]


async def branch_counts(connection: Connectable) -> dict[int, int]:
    """How many branches 支部 each organisation's subtree holds (from the branches' paths)."""
    counts: dict[int, int] = {}
    for (path,) in await connection.execute(select(_O.path).where(_O.kind == PartyOrgKind.BRANCH)):
        for organization_id in path_ids(path):
            counts[organization_id] = counts.get(organization_id, 0) + 1
    return counts


def result_list(framework_id: int, roots: Sequence[str]) -> ListQuery:
    """A framework's results within the subtrees, for a keyset page in standing order."""
    scope, values = scope_values(roots)
    values["framework"] = framework_id
    return ListQuery(_results, (scope,), values)


def _results(dialect: str, shape: Shape) -> Select[Any]:
    (scope,) = shape
    return select(*record_columns(ResultRecord, ResultRow)).where(
        _R.framework_id == bindparam("framework"), within_scope(_R.org_path, scope)
    )


async def results_under(connection: Connectable, framework_id: int, roots: Sequence[str]) -> int:
    """How many results lie in the subtrees (none nested in another): a key read per root."""
    if not roots:
        return 0
    keys = [path_ids(root)[-1] for root in roots]
    rows = await _RESULTS_UNDER.rows(connection, keys, framework=framework_id)
    return int(rows[0][0] or 0) if rows else 0


async def result_of(
    connection: Connectable, framework_id: int, organization_id: int
) -> ResultRecord | None:
    result = await connection.execute(
        select(*record_columns(ResultRecord, ResultRow)).where(
            _R.framework_id == framework_id, _R.organization_id == organization_id
        )
    )
    row = result.first()
    return ResultRecord(*row) if row else None


async def result_by_id(connection: Connectable, result_id: int) -> ResultRecord | None:
    result = await connection.execute(
        select(*record_columns(ResultRecord, ResultRow)).where(_R.id == result_id)
    )
    row = result.first()
    return ResultRecord(*row) if row else None


async def results_of_children(
    connection: Connectable, framework_id: int, parent_id: int
) -> list[ResultRecord]:
    result = await connection.execute(
        select(*record_columns(ResultRecord, ResultRow))
        .where(_R.framework_id == framework_id, _R.parent_id == parent_id)
        .order_by(_R.standing)
    )
    return [ResultRecord(*row) for row in result]


async def results_over_years(
    connection: Connectable, organization_ids: Sequence[int]
) -> list[ResultRecord]:
    """Every result of the organisations, by year then framework version (their trend)."""
    result = await connection.execute(
        select(*record_columns(ResultRecord, ResultRow))
        .join(FrameworkRow, _F.id == _R.framework_id)
        .where(_R.organization_id.in_(list(organization_ids)))
        .order_by(_R.organization_id, _R.year, _F.version)
    )
    return [ResultRecord(*row) for row in result]


async def scores_of(
    connection: Connectable, framework_id: int, organization_ids: Sequence[int]
) -> list[ScoreRecord]:
    result = await connection.execute(
        select(*record_columns(ScoreRecord, IndicatorScoreRow)).where(
            _S.framework_id == framework_id, _S.organization_id.in_(list(organization_ids))
        )
    )
    return [ScoreRecord(*row) for row in result]


async def medians_of(
    connection: Connectable, framework_id: int, keys: Sequence[int]
) -> dict[int, dict[int, float]]:
    """The kept medians per key (a parent's id, or CITY_WIDE) and indicator."""
    m = core_table(MedianRow).c
    found: dict[int, dict[int, float]] = {key: {} for key in keys}
    result = await connection.execute(
        select(m.organization_id, m.indicator_id, m.median).where(
            m.framework_id == framework_id, m.organization_id.in_(list(keys))
        )
    )
    for key, indicator_id, value in result:
        found[int(key)][int(indicator_id)] = float(value)
    return found


async def rating_steps(
    connection: Connectable, result_ids: Sequence[int]
) -> list[RatingStepRecord]:
    t = core_table(RatingStepRow).c
    result = await connection.execute(
        select(*record_columns(RatingStepRecord, RatingStepRow))
        .where(t.result_id.in_(list(result_ids)))
        .order_by(t.result_id, t.id)
    )
    return [RatingStepRecord(*row) for row in result]
