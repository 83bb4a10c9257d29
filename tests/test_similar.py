"""Similarity of petitions: places named in the text, near misses at another building, and the
suggestion's measured quality on the labelled set (tests/data/duplicate_pairs.json)."""

from __future__ import annotations

from bench.duplicates import quality, score_pairs
from db.petitions.similar import (
    DUPLICATE_THRESHOLD,
    TextProfile,
    duplicate_score,
    places_in,
    text_profile,
)
from db.petitions.vocabulary import DEFAULT_STOPS, DEFAULT_SYNONYMS

SYNONYMS = DEFAULT_SYNONYMS
STOPS = frozenset(DEFAULT_STOPS)
# Measured at the served threshold (BENCHMARKS.md "Duplicate reports"): precision 0.772,
# recall 0.898; a change that loses more than the margin fails.
MARGIN = 0.05


def profile(text: str) -> TextProfile:
    return text_profile(text, SYNONYMS, STOPS)


def test_places_are_read_alike_in_digits_and_chinese_numerals() -> None:
    assert places_in("三号楼2单元门口，东门旁边") == {"3号楼", "2单元", "东门"}


def test_the_same_problem_at_the_same_building_scores_above_another_building() -> None:
    report = profile("3号楼楼道灯坏了，晚上看不见台阶")
    same = profile("3号楼的楼道灯一直不亮，请来修")
    other = profile("5号楼的楼道灯一直不亮，请来修")

    same_score, same_reason = duplicate_score(report, same)
    other_score, other_reason = duplicate_score(report, other)

    assert same_score >= DUPLICATE_THRESHOLD > other_score
    assert "同一地点：3号楼" in same_reason
    assert "地点不同" in other_reason


def test_synonyms_make_two_words_for_one_thing_meet() -> None:
    score, reason = duplicate_score(profile("楼道里停了电瓶车"), profile("楼道里停了电动车"))

    assert "电动车" in reason
    assert score >= DUPLICATE_THRESHOLD


def test_the_suggestion_keeps_its_measured_precision_and_recall_on_the_labelled_set() -> None:
    scored = score_pairs()

    found = quality(scored)

    assert len(scored) >= 200
    assert found.precision >= 0.772 - MARGIN
    assert found.recall >= 0.898 - MARGIN
