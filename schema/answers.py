"""An object many listed rows name (twenty members of one branch, twenty petitions of a few
categories), answered once per request as a field answers it.

Each row used to await the loader, check the viewer's scope and build the same object. With
`shared_answer` the first row asks, the others share its future, and once it is answered
they get the object itself, which graphql-core completes without an awaitable. A list
resolver that knows its rows will ask (the query selects the field) calls `answer_all`
before returning them, so no row waits at all: one batch, each object built once.

`answers` is the request's dict for one kind of object, kept by its loader set; None where
reads are not cached (a subscription's events), where each row asks on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)  # an id, or a code (a meeting's kind)


def shared_answer(
    answers: dict[K, object] | None, key: K, ask: Callable[[K], Awaitable[T | None]]
) -> Awaitable[T | None] | T | None:
    if answers is None:
        return ask(key)
    # Any, not cast: `cast(Awaitable[T | None], ...)` builds the union at run time, per row.
    known: Any = answers.get(key, answers)
    if known is answers:
        future = answers[key] = asyncio.ensure_future(ask(key))
        return future
    if isinstance(known, asyncio.Future):
        if not known.done() or known.exception() is not None:
            return known
        known = answers[key] = known.result()
    answer: T | None = known
    return answer


async def answer_all(
    answers: dict[K, object] | None,
    keys: Iterable[K],
    ask_many: Callable[[list[K]], Awaitable[Sequence[T | None]]],
) -> None:
    if answers is None:
        return
    wanted = [key for key in dict.fromkeys(keys) if key not in answers]
    if wanted:
        for key, answer in zip(wanted, await ask_many(wanted), strict=True):
            answers[key] = answer
