"""How well matching ranks the wall's resources for a need, on the labelled set
(tests/data/matching.json: hand-written needs, each with the resources a person judged right).

For every need, all the set's resources are ranked (as `CoBuildingNeed.suggestions` ranks the
resources of the units serving a community) and the top five compared with the right ones:
precision at 5 (right among the five, over five), its ceiling on this set (a need with one
right resource can reach 1/5 at best), recall at 5, the share of needs whose first suggestion
is right, and the mean reciprocal rank of the first right one. The same for the text score
alone and the category alone, to show what each part brings.

    .venv/bin/python -m bench.matching
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from db.resources.models import ResourceCategory
from resolvers.resources import matching
from resolvers.resources.matching import Offered, Wanted, rank
from resolvers.resources.terms import terms_of

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "matching.json"
K = 5


@dataclass(frozen=True)
class Case:
    key: str
    wanted: Wanted
    right: frozenset[int]


def load(path: Path = LABELLED) -> tuple[list[Offered], list[Case], dict[int, str]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    names: dict[int, str] = {}
    offered = []
    for index, item in enumerate(data["resources"], start=1):
        names[index] = item["id"]
        offered.append(
            Offered(
                key=index,
                category=ResourceCategory[item["category"]],
                terms=terms_of(f"{item['title']}\n{item['description']}"),
                longitude=item["longitude"],
                latitude=item["latitude"],
                available_from=date.fromisoformat(item["availableFrom"]),
                available_until=date.fromisoformat(item["availableUntil"])
                if item["availableUntil"]
                else None,
            )
        )
    keys = {name: key for key, name in names.items()}
    cases = [
        Case(
            key=item["id"],
            wanted=Wanted(
                category=ResourceCategory[item["category"]],
                terms=terms_of(f"{item['title']}\n{item['description']}"),
                longitude=item["longitude"],
                latitude=item["latitude"],
                needed_from=date.fromisoformat(item["neededFrom"]),
                needed_until=date.fromisoformat(item["neededUntil"]),
            ),
            right=frozenset(keys[name] for name in item["right"]),
        )
        for item in data["needs"]
    ]
    return offered, cases, names


@dataclass(frozen=True)
class Figures:
    needs: int
    precision_at_5: float
    ceiling_at_5: float
    recall_at_5: float
    first_right: float
    mean_reciprocal_rank: float

    def line(self, label: str) -> str:
        return (
            f"{label:<22} P@5 {self.precision_at_5:.3f} (ceiling {self.ceiling_at_5:.3f}) · "
            f"recall@5 {self.recall_at_5:.3f} · first right {self.first_right:.3f} · "
            f"MRR {self.mean_reciprocal_rank:.3f}  ({self.needs} needs)"
        )


def evaluate(
    offered: Sequence[Offered],
    cases: Sequence[Case],
    ranker: Callable[[Wanted, Sequence[Offered]], list[matching.Suggestion]] = rank,
) -> Figures:
    precision = ceiling = recall = first = reciprocal = 0.0
    for case in cases:
        ranked = [s.key for s in ranker(case.wanted, offered)]
        top = ranked[:K]
        hits = len(case.right.intersection(top))
        precision += hits / K
        ceiling += min(len(case.right), K) / K
        recall += hits / len(case.right)
        first += ranked[0] in case.right
        position = next(i for i, key in enumerate(ranked, start=1) if key in case.right)
        reciprocal += 1 / position
    n = len(cases)
    return Figures(n, precision / n, ceiling / n, recall / n, first / n, reciprocal / n)


def only(component: str) -> Callable[[Wanted, Sequence[Offered]], list[matching.Suggestion]]:
    """The ranking by one component alone (its weight 1, the others 0)."""

    def ranker(wanted: Wanted, offered: Sequence[Offered]) -> list[matching.Suggestion]:
        saved = dict(matching.WEIGHTS)
        matching.WEIGHTS.update({name: float(name == component) for name in saved})
        try:
            ranked = rank(wanted, offered)
            return [replace(s, score=sum(c.score * c.weight for c in s.components)) for s in ranked]
        finally:
            matching.WEIGHTS.update(saved)

    return ranker


def main() -> None:
    offered, cases, _names = load()
    print(f"matching on {LABELLED.name}: {len(cases)} needs, {len(offered)} resources")
    print(evaluate(offered, cases).line("weighted (as served)"))
    print(evaluate(offered, cases, only("text")).line("text alone"))
    print(evaluate(offered, cases, only("category")).line("category alone"))


if __name__ == "__main__":
    main()
