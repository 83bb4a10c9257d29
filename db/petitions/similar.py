"""Similar petitions: duplicate reports of one problem, and earlier answers to a question.

Two texts are compared by their words (jieba, as the hot words are: synonyms folded, generic
words left out) and by the places they name. Petitions carry a grid, not coordinates, so the
location is the grid (candidates share it) and the places in the text: a building 3号楼, a
unit 2单元, a gate 东门. Two reports naming different buildings are different problems however
alike their words (the near-misses of tests/data/duplicate_pairs.json).

`word_score` is the cosine of the two word sets, each word weighed by its inverse document
frequency (jieba's own table: 电梯 weighs more than 晚上); `duplicate_score` adjusts it by
the places: the same place named in both raises it, different places cut it, no place in one
of them leaves it. The threshold was chosen on the labelled set (BENCHMARKS.md, "Duplicate
reports").
"""

from __future__ import annotations

import math
import re
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from db.base import core_table
from db.paths import within_any
from db.petitions.models import OPEN_STATUSES, PetitionRow, PetitionStatus
from db.petitions.queries import COLUMNS, PetitionRecord
from db.petitions.vocabulary import fold
from db.petitions.words import count_words, segmenter
from db.records import Connectable

DUPLICATE_THRESHOLD = 0.28
ANSWER_THRESHOLD = 0.3
SATISFIED = 4
SAME_PLACE_BONUS = 0.15
OTHER_PLACE_FACTOR = 0.3
_NUMERAL = r"(?:\d+|[一二三四五六七八九十]+)"
_PLACE = re.compile(
    rf"{_NUMERAL}\s*(?:号楼|幢|栋|单元|号门|区)|[东南西北](?:大门|门|侧门)|{_NUMERAL}号(?!码)"
)
_DIGITS = str.maketrans("一二三四五六七八九", "123456789")


_lock = threading.Lock()
_idf: tuple[dict[str, float], float] | None = None


def _weights() -> tuple[dict[str, float], float]:
    """jieba's inverse document frequencies and their median (for words it lacks), loaded once."""
    global _idf
    with _lock:
        if _idf is None:
            segmenter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import jieba.analyse  # type: ignore[import-untyped]

            table = jieba.analyse.default_tfidf
            _idf = (table.idf_freq, float(table.median_idf))
    return _idf


@dataclass(frozen=True, slots=True)
class TextProfile:
    words: Mapping[str, float]  # word → weight
    places: frozenset[str]


def places_in(text: str) -> frozenset[str]:
    """The places a text names, written alike (三号楼 and 3号楼 are one)."""
    return frozenset(
        re.sub(r"\s+", "", match.group(0)).translate(_DIGITS) for match in _PLACE.finditer(text)
    )


def text_profile(text: str, synonyms: Mapping[str, str], stops: frozenset[str]) -> TextProfile:
    """What similarity compares: the words of the text without its places, and its places
    (segmentation: call it in a thread)."""
    idf, median = _weights()
    words = fold(count_words(_PLACE.sub(" ", text), with_parts=True), synonyms, stops)
    return TextProfile({word: idf.get(word, median) for word in words}, places_in(text))


def word_score(a: TextProfile, b: TextProfile) -> float:
    """The cosine of the two weighted word sets (0-1)."""
    shared = sum(a.words[word] * b.words[word] for word in a.words.keys() & b.words.keys())
    norms = math.sqrt(sum(v * v for v in a.words.values()) * sum(v * v for v in b.words.values()))
    return shared / norms if norms else 0.0


def _shared(a: TextProfile, b: TextProfile) -> str:
    return "共同词：" + ("、".join(sorted(a.words.keys() & b.words.keys())[:5]) or "无")


def answer_score(a: TextProfile, b: TextProfile) -> tuple[float, str]:
    """How close the question `b` answered is to `a` (0-1, words only), and why."""
    return round(word_score(a, b), 3), _shared(a, b)


def duplicate_score(a: TextProfile, b: TextProfile) -> tuple[float, str]:
    """How likely `b` reports the problem `a` reports (0-1), and why, in words staff read."""
    score = word_score(a, b)
    reason = f"同一网格；{_shared(a, b)}"
    if a.places and b.places:
        common = a.places & b.places
        if common:
            score = min(1.0, score + SAME_PLACE_BONUS)
            reason += f"；同一地点：{'、'.join(sorted(common))}"
        else:
            score *= OTHER_PLACE_FACTOR
            reason += f"；地点不同（{'、'.join(sorted(a.places))} / {'、'.join(sorted(b.places))}）"
    return round(score, 3), reason


# Whole rows, as read by id: a suggestion answers its `petition` (or `source`) from the row
# its candidates were scored on, not by a second read whose batch depends on timing.
_P = core_table(PetitionRow).c
MAX_CANDIDATES = 300


async def open_in_grids(
    session: Connectable, grid_ids: Sequence[int], since: datetime
) -> dict[int, list[PetitionRecord]]:
    """Per grid: its open petitions raised since `since` that are not themselves merged, newest
    first (one statement for a batch of grids; a grid has a few a day)."""
    query = (
        select(_P.grid_id, *COLUMNS)
        .where(
            _P.grid_id.in_(grid_ids),
            _P.status.in_(OPEN_STATUSES),
            _P.created_at >= since,
            _P.master_id.is_(None),
        )
        .order_by(_P.created_at.desc(), _P.id.desc())
        .limit(MAX_CANDIDATES * len(grid_ids))
    )
    found: dict[int, list[PetitionRecord]] = {grid_id: [] for grid_id in grid_ids}
    for grid_id, *row in await session.execute(query):
        found[grid_id].append(PetitionRecord(*row))
    return found


async def answered_in_categories(
    session: Connectable, category_ids: Sequence[int], roots: Sequence[str]
) -> dict[int, list[PetitionRecord]]:
    """Per category: its closed or rated petitions under the roots whose resident was satisfied
    with the resolution (4 or 5), the latest first (one statement for a batch)."""
    query = (
        select(_P.category_id, *COLUMNS)
        .where(
            _P.category_id.in_(category_ids),
            _P.status.in_((PetitionStatus.RATED, PetitionStatus.CLOSED)),
            _P.satisfaction >= SATISFIED,
            _P.resolution.is_not(None),
            within_any(_P.org_path, roots),
        )
        .order_by(_P.resolved_at.desc(), _P.id.desc())
        .limit(MAX_CANDIDATES * len(category_ids))
    )
    found: dict[int, list[PetitionRecord]] = {key: [] for key in category_ids}
    for category_id, *row in await session.execute(query):
        found[category_id].append(PetitionRecord(*row))
    return found
