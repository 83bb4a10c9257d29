"""Indicator frameworks 指标体系 as data: a year's framework created from the standard set
or copied from an earlier one (a new version when the year has one), its indicators edited
until its first use (then it is frozen, so old results keep the rules that made them), and
the values of hand-entered indicators given by the upper organisation with a note and an
evidence reference."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from db.evaluation.models import IndicatorKind
from db.evaluation.queries import (
    FrameworkRecord,
    framework_by_id,
    indicators_of,
    next_version,
)
from db.evaluation.writes import (
    change_indicator,
    insert_framework,
    lock_framework,
    put_manual_entry,
)
from db.events.types import EventType
from db.organizations.models import GovernanceLevel
from db.paths import path_ids
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.evaluation.ratings import upper_path
from resolvers.evaluation.standard import STANDARD_INDICATORS, STANDARD_THRESHOLDS
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.validation import clean_text

_COPIED = (
    "category",
    "code",
    "name",
    "kind",
    "direction",
    "weight",
    "target",
    "cap",
    "period",
    "formula",
)
FIRST_YEAR = 2000
LAST_YEAR = 2100


def _top_path(context: Context) -> str:
    """Frameworks are the whole tree's: managed by who manages evaluation at a root."""
    context.require_account()
    for path in context.viewer.paths_for(Permission.MANAGE_EVALUATION):
        if len(path_ids(path)) == 1:
            return path
    raise Forbidden(
        "You may not change indicator frameworks: only a role granting manage_evaluation at the "
        "top of the tree (the city) may. Ask its administrator.",
        permission=Permission.MANAGE_EVALUATION.value,
    )


async def create_framework(
    context: Context, year: int, name: str, copy_of: int | None, level: GovernanceLevel
) -> FrameworkRecord:
    """A framework for `year`: a copy of `copy_of`'s indicators and thresholds, or the
    standard set; the year's next version if it has one already."""
    at = _top_path(context)
    account_id = context.require_account()
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadUserInput(f"`year` must be between {FIRST_YEAR} and {LAST_YEAR}.", field="year")
    title = clean_text(name, field="name", max_length=100)
    async with change(context, account_id, conflict="created meanwhile: try again") as changes:
        session = changes.session
        if copy_of is None:
            indicators = [
                asdict(draft) | {"formula": draft.formula.value if draft.formula else None}
                for draft in STANDARD_INDICATORS
            ]
            thresholds = list(STANDARD_THRESHOLDS)
        else:
            source = await framework_by_id(session, copy_of)
            if source is None:
                raise BadUserInput("No framework to copy with that id.", field="copyOf")
            level = GovernanceLevel(source.level)
            thresholds = list(source.star_thresholds)
            indicators = [
                {name: getattr(row, name) for name in _COPIED}
                for row in await indicators_of(session, copy_of)
            ]
        values = {
            "year": year,
            "version": await next_version(session, year),
            "name": title,
            "level": level.value,
            "star_thresholds": thresholds,
            "copied_from_id": copy_of,
        }
        framework_id = await insert_framework(session, values, indicators)
        changes.record(
            EventType.EVALUATION_FRAMEWORK_CHANGED,
            framework_id,
            at=at,
            changes={"year": year, "version": values["version"], "copiedFrom": copy_of},
        )
        found = await framework_by_id(session, framework_id)
    assert found is not None
    return found


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    weight: float | None = None
    target: float | None = None
    cap: float | None = None


async def change_framework_indicator(
    context: Context, framework_id: int, code: str, edit: IndicatorChange
) -> FrameworkRecord:
    """Change an indicator's weight, target or cap, unless the framework was used."""
    at = _top_path(context)
    account_id = context.require_account()
    values = {name: value for name, value in asdict(edit).items() if value is not None}
    for name, value in values.items():
        if not 0 <= value <= 1000:
            raise BadUserInput(f"`{name}` must be between 0 and 1000.", field=name)
    async with change(context, account_id, conflict="changed meanwhile") as changes:
        session = changes.session
        framework = await lock_framework(session, framework_id)
        if framework is None:
            raise BadUserInput("No framework with that id.", field="frameworkId")
        if framework.frozen:
            raise Conflict(
                "This framework was used for results and is frozen, so they keep the rules "
                "that made them: copy it (createEvaluationFramework with copyOf) and edit the "
                "copy.",
                field="frameworkId",
            )
        indicator = next(
            (i for i in await indicators_of(session, framework_id) if i.code == code), None
        )
        if indicator is None:
            raise BadUserInput(f"The framework has no indicator {code!r}.", field="code")
        if indicator.kind is IndicatorKind.NEGATIVE and values.get("cap", 1) <= 0:
            raise BadUserInput("A negative indicator's `cap` must be above 0.", field="cap")
        await change_indicator(session, indicator.id, values)
        changes.record(
            EventType.EVALUATION_FRAMEWORK_CHANGED,
            framework_id,
            at=at,
            changes={"indicator": code, **values},
        )
        found = await framework_by_id(session, framework_id)
    assert found is not None
    return found


@dataclass(frozen=True, slots=True)
class ManualValue:
    value: float
    note: str
    evidence: str


async def enter_value(
    context: Context,
    framework_id: int,
    code: str,
    organization_id: int,
    organization_global_id: str,
    entry: ManualValue,
) -> None:
    """The upper organisation's value of a hand-entered indicator for one organisation."""
    node = await resolve_organization_by_id(context, organization_id)
    upper = upper_path(node.path) if node else None
    if node is None or upper is None:
        raise not_found("organization", organization_global_id, "organizationId")
    account_id = context.require(
        Permission.MANAGE_EVALUATION,
        upper,
        action="enter evaluation values for this organisation (its upper organisation does)",
    )
    note = clean_text(entry.note, field="note", max_length=500)
    evidence = clean_text(entry.evidence, field="evidence", max_length=500)
    if not 0 <= entry.value <= 1000:
        raise BadUserInput("`value` must be between 0 and 1000.", field="value")
    async with change(context, account_id, conflict="entered meanwhile") as changes:
        session = changes.session
        indicators = await indicators_of(session, framework_id)
        indicator = next((i for i in indicators if i.code == code), None)
        if indicator is None:
            raise BadUserInput(f"The framework has no indicator {code!r}.", field="code")
        if indicator.formula is not None:
            raise BadUserInput(
                f"{indicator.name} is computed from zhdj's figures ({indicator.formula}); only "
                "hand-entered indicators take values.",
                field="code",
            )
        await put_manual_entry(
            session,
            {
                "indicator_id": indicator.id,
                "organization_id": node.id,
                "value": entry.value,
                "note": note,
                "evidence": evidence,
                "entered_by_account_id": account_id,
            },
        )
        changes.record(
            EventType.EVALUATION_VALUE_ENTERED,
            node.id,
            at=node.path,
            changes={"indicator": code, "value": entry.value, "evidence": evidence},
        )
