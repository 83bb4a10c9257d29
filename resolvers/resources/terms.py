"""The terms matching reads: a text's words, segmented once when it is written (as petitions'
hot words are), off the event loop."""

from __future__ import annotations

import asyncio

from db.petitions.words import count_words


def terms_of(text: str) -> list[str]:
    """The meaningful words of the text, each as often as it occurs, in a stable order."""
    counts = count_words(text)
    return [word for word in sorted(counts) for _ in range(counts[word])]


async def segment(title: str, description: str) -> list[str]:
    return await asyncio.to_thread(terms_of, f"{title}\n{description}")
