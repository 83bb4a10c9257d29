"""How an indicator's raw value becomes points, and a total becomes stars and ranks.

- A positive indicator 加分指标 earns `weight × achievement`, where achievement is raw ÷
  target when more is better (target ÷ raw when less is), and never more than `cap` points
  (a cap above the weight lets an organisation earn a bonus for beating the target).
- A negative indicator 扣分指标 deducts `weight` per occurrence, never more than `cap`.
- No data (a rate over nothing): no points, said so.

Every score carries its explanation: the figures, the rule and the arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from db.evaluation.models import Direction, IndicatorKind
from resolvers.evaluation.formulas import Raw


@dataclass(frozen=True, slots=True)
class Rule:
    """What scoring needs of an indicator."""

    name: str
    kind: IndicatorKind
    direction: Direction
    weight: float
    target: float
    cap: float


@dataclass(frozen=True, slots=True)
class Points:
    points: float
    achievement: float  # points over the most the indicator gives (0..1; a deduction: -1..0)
    rule: str


def _most(rule: Rule) -> float:
    return rule.cap if rule.cap > 0 else rule.weight


def score(rule: Rule, raw: Raw) -> Points:
    """The indicator's points for a raw value, with the rule as a sentence."""
    value = raw.value
    if value is None:
        return Points(0.0, 0.0, f"{rule.name}: no points ({raw.how})")
    if rule.kind is IndicatorKind.NEGATIVE:
        deduction = min(rule.cap, rule.weight * value)
        capped = " (capped)" if deduction < rule.weight * value else ""
        return Points(
            -round(deduction, 2),
            -round(deduction / rule.cap, 4) if rule.cap else 0.0,
            f"{rule.name}: −{rule.weight:g} per occurrence × {value:g} = "
            f"−{round(deduction, 2):g}{capped}, at most −{rule.cap:g}",
        )
    if rule.direction is Direction.HIGHER:
        share = value / rule.target if rule.target else 1.0
        arithmetic = f"{rule.weight:g} × {value:g} / {rule.target:g}"
    else:
        share = rule.target / value if value > 0 else 1.0
        arithmetic = f"{rule.weight:g} × {rule.target:g} / {value:g}"
    earned = min(_most(rule), rule.weight * share)
    capped = " (capped)" if earned < rule.weight * share else ""
    better = "higher" if rule.direction is Direction.HIGHER else "lower"
    return Points(
        round(earned, 2),
        round(earned / _most(rule), 4),
        f"{rule.name}: target {rule.target:g} ({better} is better), weight {rule.weight:g}: "
        f"{arithmetic} = {round(earned, 2):g}{capped}, at most {_most(rule):g}",
    )


def explanation(raw: Raw, points: Points) -> str:
    """Why the indicator scored what it did: its figures, then its rule."""
    return f"{raw.how}. {points.rule}."


def stars_for(total: float, thresholds: Sequence[float]) -> int:
    """1 star, and one more for each threshold (those of 2, 3, 4 and 5 stars) reached."""
    return 1 + sum(1 for threshold in thresholds if total >= threshold)


def ranks(totals: Mapping[int, float]) -> dict[int, int]:
    """Competition ranking 并列排名 among siblings: equal totals share a rank, and the next
    rank skips as many places (1, 2, 2, 4)."""
    ordered = sorted(totals.values(), reverse=True)
    first_place: dict[float, int] = {}
    for place, total in enumerate(ordered, start=1):
        first_place.setdefault(total, place)
    return {key: first_place[total] for key, total in totals.items()}


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return 0.0
    middle = n // 2
    return ordered[middle] if n % 2 else round((ordered[middle - 1] + ordered[middle]) / 2, 4)
