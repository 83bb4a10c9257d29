"""How well the hot words read like a person's summary, on the labelled sample
(tests/data/hot_words_sample.json: 300 demo-like petitions, each with the words a person would
pick for it).

The sample's words are rolled up as the screen rolls them up (segmented once, then counted),
as segmented alone and with the seeded vocabulary applied (synonyms folded, stop words out);
the top words are compared with the person's: how many of the top N are words the person used
for some petition of the sample (precision), and how many of the person's own top N they are
(agreement).

    .venv/bin/python -m bench.hot_words
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.petitions.vocabulary import DEFAULT_STOPS, DEFAULT_SYNONYMS, fold
from db.petitions.words import count_words

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "hot_words_sample.json"


@dataclass(frozen=True, slots=True)
class Agreement:
    top: int
    precision: float  # share of the top words a person used at all
    agreement: float  # share of the person's top words among them
    words: tuple[str, ...]


def load(path: Path = LABELLED) -> list[dict[str, Any]]:
    petitions: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["petitions"]
    return petitions


def _top(counts: Counter[str], n: int) -> list[str]:
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]]


def roll_up(
    petitions: list[dict[str, Any]], words: Callable[[str], Mapping[str, int]]
) -> Counter[str]:
    total: Counter[str] = Counter()
    for petition in petitions:
        total.update(words(f"{petition['title']}\n{petition['content']}"))
    return total


def agreement(petitions: list[dict[str, Any]], counts: Counter[str], top: int) -> Agreement:
    person = Counter(word for petition in petitions for word in petition["words"])
    shown = _top(counts, top)
    picked = set(_top(person, top))
    return Agreement(
        top,
        sum(word in person for word in shown) / top,
        sum(word in picked for word in shown) / top,
        tuple(shown),
    )


def as_served(text: str) -> Mapping[str, int]:
    return fold(count_words(text), DEFAULT_SYNONYMS, frozenset(DEFAULT_STOPS))


def main() -> None:
    petitions = load()
    print(f"hot words on {LABELLED.name}: {len(petitions)} petitions")
    for name, words in (("segmented alone", count_words), ("with the vocabulary", as_served)):
        counts = roll_up(petitions, words)
        for top in (10, 20):
            found = agreement(petitions, counts, top)
            print(
                f"{name:20} top {top}: precision {found.precision:.2f} · agreement "
                f"{found.agreement:.2f}  {' '.join(found.words[:top])}"
            )


if __name__ == "__main__":
    main()
