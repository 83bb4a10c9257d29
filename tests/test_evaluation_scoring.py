"""Points from raw values by weight, direction, target and cap; stars by thresholds; ranks
among siblings with ties; medians."""

from __future__ import annotations

from db.evaluation.models import Direction, IndicatorKind
from resolvers.evaluation.formulas import Raw
from resolvers.evaluation.scoring import Rule, median, ranks, score, stars_for

RATE = Rule("群众满意率", IndicatorKind.POSITIVE, Direction.HIGHER, 10, 0.9, 10)
WAIT = Rule("平均等候（分钟）", IndicatorKind.POSITIVE, Direction.LOWER, 6, 2, 6)
LATE = Rule("诉求超期办结", IndicatorKind.NEGATIVE, Direction.LOWER, 0.5, 0, 5)


def raw(value: float | None) -> Raw:
    return Raw(value, {}, "fixed")


def test_a_positive_indicator_earns_its_weight_times_the_share_of_its_target() -> None:
    # 10 × 0.75 / 0.9 = 8.333…
    assert score(RATE, raw(0.75)).points == 8.33
    assert score(RATE, raw(0.75)).achievement == 0.8333


def test_beating_the_target_earns_no_more_than_the_cap() -> None:
    assert score(RATE, raw(1.0)).points == 10
    bonus = Rule("群众满意率", IndicatorKind.POSITIVE, Direction.HIGHER, 10, 0.9, 11)
    # 10 × 1.0 / 0.9 = 11.11, capped at 11
    assert score(bonus, raw(1.0)).points == 11
    assert "(capped)" in score(bonus, raw(1.0)).rule


def test_when_less_is_better_the_share_is_target_over_raw() -> None:
    # 6 × 2 / 4 = 3; at or under the target, the whole weight
    assert score(WAIT, raw(4)).points == 3
    assert score(WAIT, raw(1)).points == 6
    assert score(WAIT, raw(0)).points == 6


def test_a_negative_indicator_deducts_per_occurrence_up_to_its_cap() -> None:
    assert score(LATE, raw(3)).points == -1.5
    assert score(LATE, raw(20)).points == -5
    assert score(LATE, raw(0)).points == 0


def test_no_data_earns_nothing_and_says_why() -> None:
    found = score(RATE, Raw(None, {}, "no ratings in the year: nothing to judge by"))
    assert found.points == 0
    assert "no ratings" in found.rule


def test_the_rule_spells_out_the_arithmetic() -> None:
    assert score(RATE, raw(0.75)).rule == (
        "群众满意率: target 0.9 (higher is better), weight 10: 10 × 0.75 / 0.9 = 8.33, at most 10"
    )


def test_stars_count_the_thresholds_reached() -> None:
    thresholds = (60, 70, 80, 90)
    assert [stars_for(t, thresholds) for t in (0, 59.99, 60, 79.5, 89.99, 90, 100)] == [
        1, 1, 2, 3, 4, 5, 5,
    ]  # fmt: skip


def test_equal_totals_share_a_rank_and_the_next_rank_skips() -> None:
    assert ranks({11: 90.0, 12: 85.5, 13: 85.5, 14: 70.0}) == {11: 1, 12: 2, 13: 2, 14: 4}
    assert ranks({1: 50.0, 2: 50.0}) == {1: 1, 2: 1}


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([0.4, 0.1, 0.3]) == 0.3
    assert median([0.1, 0.2, 0.4, 0.9]) == 0.3
    assert median([]) == 0.0
