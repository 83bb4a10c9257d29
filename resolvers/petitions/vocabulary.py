"""The hot-word vocabulary 热词词表: reading it, and administrators editing it.

One level of synonyms: a word is counted under a term that is not itself counted under
another, so an edit never leaves a chain the roll-ups would follow only halfway. Edits apply
to every window at once (db/petitions/vocabulary.py) and are audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.base import utcnow
from db.events.types import EventType
from db.petitions import vocabulary as rows
from db.petitions.words import MAX_WORD_LENGTH
from resolvers.access import Permission
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden
from resolvers.validation import clean_text

_TERM = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    synonyms: dict[str, str]
    stops: list[str]


async def read_vocabulary(context: Context) -> Vocabulary:
    context.require_account()
    async with context.services.database.read() as connection:
        synonyms, stops = await rows.vocabulary(connection)
    return Vocabulary(dict(sorted(synonyms.items())), sorted(stops))


def _term(value: str, field: str) -> str:
    word = clean_text(value, field=field, max_length=MAX_WORD_LENGTH)
    if len(word) < 2 or not _TERM.match(word):
        raise BadUserInput(
            f"`{field}` must be one word of at least two characters, Chinese or letters (e.g. "
            "电瓶车), with no spaces or punctuation.",
            field=field,
        )
    return word


def _administrator(context: Context) -> tuple[int, str]:
    account_id = context.require_account()
    paths = context.viewer.paths_for(Permission.MANAGE_CATEGORIES)
    if not paths:
        raise Forbidden("Only administrators may edit the hot-word vocabulary 热词词表.")
    return account_id, paths[0]


async def set_synonym(context: Context, word: str, term: str) -> Vocabulary:
    """Count `word` under `term` (replacing an earlier entry for `word`)."""
    account_id, path = _administrator(context)
    word, term = _term(word, "word"), _term(term, "term")
    if word == term:
        raise BadUserInput(
            "`word` and `term` are the same; give the word a different term.", field="term"
        )
    async with change(context, account_id, conflict="The vocabulary changed meanwhile.") as changes:
        synonyms, _stops = await rows.vocabulary(changes.session)
        if term in synonyms:
            raise BadUserInput(
                f"{term} is itself counted under {synonyms[term]}; use {synonyms[term]} as the "
                "term.",
                field="term",
            )
        if under := await rows.synonyms_of(changes.session, word):
            raise BadUserInput(
                f"{'、'.join(under)} are counted under {word}; point them at {term} first, or "
                f"use {word} as the term.",
                field="word",
            )
        await rows.put_synonym(changes.session, word, term, utcnow())
        _record(changes, path, {"synonym": word, "term": term})
    return await read_vocabulary(context)


async def remove_synonym(context: Context, word: str) -> Vocabulary:
    account_id, path = _administrator(context)
    word = _term(word, "word")
    async with change(context, account_id, conflict="The vocabulary changed meanwhile.") as changes:
        if not await rows.remove_synonym(changes.session, word):
            raise BadUserInput(f"{word} has no synonym entry; nothing to remove.", field="word")
        _record(changes, path, {"synonym": word, "term": None})
    return await read_vocabulary(context)


async def add_stop_word(context: Context, word: str) -> Vocabulary:
    account_id, path = _administrator(context)
    word = _term(word, "word")
    async with change(context, account_id, conflict="The vocabulary changed meanwhile.") as changes:
        await rows.put_stop(changes.session, word, utcnow())
        _record(changes, path, {"stop": word, "added": True})
    return await read_vocabulary(context)


async def remove_stop_word(context: Context, word: str) -> Vocabulary:
    account_id, path = _administrator(context)
    word = _term(word, "word")
    async with change(context, account_id, conflict="The vocabulary changed meanwhile.") as changes:
        if not await rows.remove_stop(changes.session, word):
            raise BadUserInput(f"{word} is not on the stop list; nothing to remove.", field="word")
        _record(changes, path, {"stop": word, "added": False})
    return await read_vocabulary(context)


def _record(changes: ChangeSet, path: str, detail: dict[str, object]) -> None:
    changes.record(EventType.PETITION_VOCABULARY_CHANGED, 0, at=path, changes=detail)
