"""The evaluation batch 年度测评: every organisation at the framework's level scored for its
year, from the kept figures of each domain (db/evaluation/figures.py) and the upper
organisations' manual entries, then ranked among siblings, rated with stars, and the
medians a capability portrait compares with kept. The results are stored with the framework
they used, which is frozen from then on (next year's is a copy).

Run for the whole city by `server.py evaluate --year N` (jobs/evaluation.py), which prints
its progress. Running it again replaces the framework's results, until any was published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from db.base import utcnow
from db.engine import Database
from db.evaluation.figures import CHUNK, YearFigures, year_figures
from db.evaluation.models import CITY_WIDE
from db.evaluation.queries import (
    FrameworkRecord,
    IndicatorRecord,
    ManualEntryRecord,
    ScoredOrganization,
    branch_counts,
    framework_by_id,
    indicators_of,
    manual_entries,
    organizations_at_level,
)
from db.evaluation.writes import (
    clear_results,
    freeze,
    has_published_results,
    insert_results,
    lock_framework,
    record_computed,
)
from resolvers.errors import BadUserInput, Conflict
from resolvers.evaluation.formulas import Formula, Raw, raw_value
from resolvers.evaluation.scoring import Rule, median, ranks, score, stars_for

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    framework_id: int
    organizations: int
    scores: int


def rule_of(indicator: IndicatorRecord) -> Rule:
    return Rule(
        indicator.name,
        indicator.kind,
        indicator.direction,
        indicator.weight,
        indicator.target,
        indicator.cap,
    )


def manual_raw(entry: ManualEntryRecord | None) -> Raw:
    if entry is None:
        return Raw(None, {}, "not entered yet by the upper organisation")
    return Raw(
        entry.value,
        {"entered value": entry.value},
        f"entered by the upper organisation: {entry.value:g} ({entry.note}; evidence: "
        f"{entry.evidence})",
    )


def indicator_raw(
    indicator: IndicatorRecord, figures: YearFigures, entry: ManualEntryRecord | None
) -> Raw:
    if indicator.formula is None:
        return manual_raw(entry)
    return raw_value(Formula(indicator.formula), figures)


def score_organization(
    framework_id: int,
    organization_id: int,
    indicators: Sequence[IndicatorRecord],
    figures: YearFigures,
    entries: dict[tuple[int, int], ManualEntryRecord],
) -> tuple[float, list[dict[str, Any]]]:
    """The organisation's total and its indicator score rows."""
    rows = []
    total = 0.0
    for indicator in indicators:
        raw = indicator_raw(indicator, figures, entries.get((indicator.id, organization_id)))
        points = score(rule_of(indicator), raw)
        total += points.points
        rows.append(
            {
                "framework_id": framework_id,
                "organization_id": organization_id,
                "indicator_id": indicator.id,
                "raw": raw.value,
                "points": points.points,
                "achievement": points.achievement,
                "figures": raw.figures,
                "how": raw.how[:500],
            }
        )
    return round(total, 2), rows


def _medians(
    framework_id: int,
    organizations: Sequence[ScoredOrganization],
    scores: Sequence[dict[str, Any]],
) -> list[dict[str, Any]]:
    parent_of = {o.id: o.parent_id for o in organizations}
    groups: dict[tuple[int, int], list[float]] = defaultdict(list)
    for row in scores:
        parent = parent_of[row["organization_id"]]
        for key in (CITY_WIDE, parent):
            if key is not None:
                groups[(key, row["indicator_id"])].append(row["achievement"])
    return [
        {"framework_id": framework_id, "organization_id": k, "indicator_id": i, "median": median(v)}
        for (k, i), v in groups.items()
    ]


async def _load(
    database: Database, framework_id: int
) -> tuple[
    FrameworkRecord,
    list[IndicatorRecord],
    list[ScoredOrganization],
    dict[int, int],
    dict[tuple[int, int], ManualEntryRecord],
]:
    async with database.read() as connection:
        framework = await framework_by_id(connection, framework_id)
        if framework is None:
            raise BadUserInput("No such evaluation framework.", field="frameworkId")
        indicators = await indicators_of(connection, framework_id)
        organizations = await organizations_at_level(connection, framework.level)
        branches = await branch_counts(connection)
        entries = {
            (e.indicator_id, e.organization_id): e
            for e in await manual_entries(connection, [i.id for i in indicators])
        }
    return framework, indicators, organizations, branches, entries


async def compute_scores(
    database: Database, framework_id: int, *, progress: Progress | None = None
) -> BatchSummary:
    """Score every organisation at the framework's level and store the results."""
    say = progress or (lambda _line: None)
    framework, indicators, organizations, branches, entries = await _load(database, framework_id)
    say(f"evaluating {len(organizations)} organisations on {len(indicators)} indicators")
    totals: dict[int, float] = {}
    scores: list[dict[str, Any]] = []
    for start in range(0, len(organizations), CHUNK * 4):
        chunk = organizations[start : start + CHUNK * 4]
        async with database.read() as connection:
            figures = await year_figures(connection, [o.id for o in chunk], framework.year)
        for organization in chunk:
            found = figures[organization.id]
            found.branches = branches.get(organization.id, 0)
            totals[organization.id], rows = score_organization(
                framework.id, organization.id, indicators, found, entries
            )
            scores.extend(rows)
        say(f"scored {start + len(chunk)}/{len(organizations)}")
    siblings: dict[int | None, dict[int, float]] = defaultdict(dict)
    for organization in organizations:
        siblings[organization.parent_id][organization.id] = totals[organization.id]
    rank_of: dict[int, int] = {}
    for group in siblings.values():
        rank_of.update(ranks(group))
    standing = sorted(organizations, key=lambda o: (-totals[o.id], o.id))
    now = utcnow()
    results = []
    for place, organization in enumerate(standing, start=1):
        stars = stars_for(totals[organization.id], framework.star_thresholds)
        results.append(
            {
                "framework_id": framework.id,
                "year": framework.year,
                "organization_id": organization.id,
                "org_path": organization.path,
                "parent_id": organization.parent_id,
                "total": totals[organization.id],
                "rank": rank_of[organization.id],
                "siblings": len(siblings[organization.parent_id]),
                "standing": place,
                "computed_stars": stars,
                "stars": stars,
                "computed_at": now,
            }
        )
    medians = _medians(framework.id, organizations, scores)
    say(f"storing {len(results)} results and {len(scores)} indicator scores")
    async with database.transaction() as session:
        await lock_framework(session, framework.id)
        if await has_published_results(session, framework.id):
            raise Conflict(
                f"The {framework.year} ratings of this framework are already published: they "
                "stay as published. Copy the framework to compute anew.",
                field="frameworkId",
            )
        await clear_results(session, framework.id)
        await insert_results(session, framework.id, results, scores, medians)
        await record_computed(session, framework.id, now)
        await freeze(session, framework.id)
    say(f"done: {len(results)} organisations scored")
    return BatchSummary(framework.id, len(results), len(scores))
