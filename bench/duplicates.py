"""How well duplicate reports are suggested, on the labelled set (tests/data/duplicate_pairs.json:
pairs of residents' reports from one grid, each labelled duplicate or not, near misses included).

Every pair is scored as a report and a candidate are scored at submission (the seeded vocabulary,
the places named, jieba's word weights); a pair at or above the threshold is suggested. Prints
precision and recall at the served threshold and at its neighbours, and the misses of each kind.

    .venv/bin/python -m bench.duplicates
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.petitions.similar import DUPLICATE_THRESHOLD, duplicate_score, text_profile
from db.petitions.vocabulary import DEFAULT_STOPS, DEFAULT_SYNONYMS

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "duplicate_pairs.json"


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    duplicate: bool
    kind: str


@dataclass(frozen=True, slots=True)
class Quality:
    threshold: float
    precision: float
    recall: float
    suggested: int
    duplicates: int


def _text(report: dict[str, str]) -> str:
    return f"{report['title']}\n{report['content']}"


def score_pairs(path: Path = LABELLED) -> list[Scored]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    synonyms = DEFAULT_SYNONYMS
    stops = frozenset(DEFAULT_STOPS)
    scored = []
    for pair in data["pairs"]:
        a = text_profile(_text(pair["a"]), synonyms, stops)
        b = text_profile(_text(pair["b"]), synonyms, stops)
        scored.append(Scored(duplicate_score(a, b)[0], bool(pair["duplicate"]), pair["kind"]))
    return scored


def quality(scored: list[Scored], threshold: float = DUPLICATE_THRESHOLD) -> Quality:
    suggested = [pair for pair in scored if pair.score >= threshold]
    right = sum(pair.duplicate for pair in suggested)
    duplicates = sum(pair.duplicate for pair in scored)
    return Quality(
        threshold,
        right / len(suggested) if suggested else 0.0,
        right / duplicates if duplicates else 0.0,
        len(suggested),
        duplicates,
    )


def main() -> None:
    scored = score_pairs()
    print(f"duplicate suggestions on {LABELLED.name}: {len(scored)} pairs")
    for threshold in sorted({0.2, 0.25, DUPLICATE_THRESHOLD, 0.3, 0.35}):
        q = quality(scored, threshold)
        served = " (served)" if threshold == DUPLICATE_THRESHOLD else ""
        print(
            f"threshold {threshold:.2f}{served}: precision {q.precision:.3f} · recall "
            f"{q.recall:.3f}  ({q.suggested} suggested, {q.duplicates} duplicates)"
        )
    wrong = Counter(
        pair.kind for pair in scored if (pair.score >= DUPLICATE_THRESHOLD) != pair.duplicate
    )
    print("wrong at the served threshold, by kind:", dict(wrong))


if __name__ == "__main__":
    main()
