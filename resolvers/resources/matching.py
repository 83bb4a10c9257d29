"""Matching 科学匹配: which resources on the wall fit a need, ranked, each score explained.

A resource's score is a weighted sum of four components, each between 0 and 1:

- category 类别: 1 for the need's own category, 0.4 for a related one (RELATED), else 0;
- text 描述: cosine similarity of the TF-IDF vectors of the jieba terms of the need and the
  resource (titles and descriptions, segmented once when written), the IDF taken over the
  candidates and the need, so words every resource uses weigh little;
- distance 距离: 1 at the need's door, halving every HALF_DISTANCE_KM; 0.5 when either place
  is unknown;
- time 时间: the share of the need's days the resource is available on.

The weights (WEIGHTS) were chosen on the labelled set in tests/data/matching.json (see
bench/matching.py and BENCHMARKS.md) and favour the text, which says most about fit.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from db.resources.models import ResourceCategory
from resolvers.geo import haversine_meters

C = ResourceCategory
WEIGHTS = {"category": 0.15, "text": 0.7, "distance": 0.05, "time": 0.1}
HALF_DISTANCE_KM = 3.0
RELATED_SCORE = 0.4
_RELATED_PAIRS = (
    (C.ELDERLY, C.HEALTH),
    (C.ELDERLY, C.VOLUNTEERING),
    (C.CHILDREN, C.EDUCATION),
    (C.CHILDREN, C.CULTURE),
    (C.CULTURE, C.VENUE),
    (C.PARTY_BUILDING, C.VENUE),
    (C.PARTY_BUILDING, C.EDUCATION),
    (C.MASS_ORGANIZATION, C.VOLUNTEERING),
    (C.UNITED_FRONT, C.LEGAL),
    (C.COMMERCE, C.EMPLOYMENT),
    (C.EDUCATION, C.EMPLOYMENT),
    (C.ENVIRONMENT, C.VOLUNTEERING),
    (C.HEALTH, C.VOLUNTEERING),
)
RELATED = frozenset(_RELATED_PAIRS) | frozenset((b, a) for a, b in _RELATED_PAIRS)
CATEGORY_NAMES = {
    C.PARTY_BUILDING: "党建",
    C.MASS_ORGANIZATION: "群团",
    C.UNITED_FRONT: "统战",
    C.CULTURE: "文化",
    C.COMMERCE: "商业",
    C.EDUCATION: "教育",
    C.HEALTH: "医疗健康",
    C.LEGAL: "法律",
    C.ELDERLY: "为老服务",
    C.CHILDREN: "青少年",
    C.VENUE: "场地",
    C.VOLUNTEERING: "志愿服务",
    C.ENVIRONMENT: "环境",
    C.EMPLOYMENT: "就业",
    C.OTHER: "其他",
}


@dataclass(frozen=True, slots=True)
class Wanted:
    """What a need asks for, as matching reads it."""

    category: ResourceCategory
    terms: Sequence[str]
    longitude: float | None
    latitude: float | None
    needed_from: date
    needed_until: date


@dataclass(frozen=True, slots=True)
class Offered:
    """What a resource offers, as matching reads it."""

    key: int
    category: ResourceCategory
    terms: Sequence[str]
    longitude: float | None
    latitude: float | None
    available_from: date
    available_until: date | None


@dataclass(frozen=True, slots=True)
class Component:
    name: str  # category, text, distance, time
    score: float  # 0..1
    weight: float
    reason: str  # said to people, in Chinese


@dataclass(frozen=True, slots=True)
class Suggestion:
    key: int
    score: float
    components: tuple[Component, ...]


def _category(wanted: Wanted, offered: Offered) -> Component:
    name = CATEGORY_NAMES[offered.category]
    if offered.category is wanted.category:
        score, reason = 1.0, f"类别相同：{name}"
    elif (wanted.category, offered.category) in RELATED:
        score, reason = RELATED_SCORE, f"类别相关：{CATEGORY_NAMES[wanted.category]}↔{name}"
    else:
        score, reason = 0.0, f"类别不同：{name}"
    return Component("category", score, WEIGHTS["category"], reason)


def _tf_idf(terms: Sequence[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(terms)
    return {term: (1 + math.log(n)) * idf.get(term, 0.0) for term, n in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(weight * b[term] for term, weight in a.items() if term in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _text(wanted: dict[str, float], offered: Offered, idf: dict[str, float]) -> Component:
    vector = _tf_idf(offered.terms, idf)
    score = _cosine(wanted, vector)
    shared = sorted(
        (term for term in wanted if term in vector), key=lambda t: -wanted[t] * vector[t]
    )[:4]
    reason = f"描述相似度 {score:.2f}" + (f"（共同词：{'、'.join(shared)}）" if shared else "")
    return Component("text", round(score, 4), WEIGHTS["text"], reason)


def _distance(wanted: Wanted, offered: Offered) -> Component:
    if None in (wanted.longitude, wanted.latitude, offered.longitude, offered.latitude):
        return Component("distance", 0.5, WEIGHTS["distance"], "位置未知")
    meters = haversine_meters(
        offered.longitude,  # type: ignore[arg-type]
        offered.latitude,  # type: ignore[arg-type]
        wanted.longitude,  # type: ignore[arg-type]
        wanted.latitude,  # type: ignore[arg-type]
    )
    km = meters / 1000
    score = 0.5 ** (km / HALF_DISTANCE_KM)
    return Component("distance", round(score, 4), WEIGHTS["distance"], f"距离约 {km:.1f} 公里")


def _time(wanted: Wanted, offered: Offered) -> Component:
    days = (wanted.needed_until - wanted.needed_from).days + 1
    start = max(wanted.needed_from, offered.available_from)
    end = min(wanted.needed_until, offered.available_until or wanted.needed_until)
    covered = max(0, (end - start).days + 1)
    share = covered / days if days > 0 else 0.0
    if share >= 1:
        reason = "需求期间全程可提供"
    elif share > 0:
        reason = f"需求期间 {covered}/{days} 天可提供"
    else:
        reason = "需求期间不可提供"
    return Component("time", round(share, 4), WEIGHTS["time"], reason)


def rank(wanted: Wanted, candidates: Sequence[Offered]) -> list[Suggestion]:
    """The candidates, best first (ties by key), each with its explained components."""
    documents = [set(wanted.terms), *(set(offered.terms) for offered in candidates)]
    frequency: Counter[str] = Counter(term for terms in documents for term in terms)
    total = len(documents)
    idf = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in frequency.items()}
    need_vector = _tf_idf(wanted.terms, idf)
    suggestions = []
    for offered in candidates:
        components = (
            _category(wanted, offered),
            _text(need_vector, offered, idf),
            _distance(wanted, offered),
            _time(wanted, offered),
        )
        score = sum(c.score * c.weight for c in components)
        suggestions.append(Suggestion(offered.key, round(score, 4), components))
    suggestions.sort(key=lambda s: (-s.score, s.key))
    return suggestions
