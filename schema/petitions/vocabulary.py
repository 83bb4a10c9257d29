"""The hot-word vocabulary 热词词表: synonyms and stop words the hot topics apply."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.petitions import vocabulary as resolvers
from resolvers.petitions.vocabulary import Vocabulary
from schema.info import Info
from schema.relay import INPUT


@strawberry.type(description="同义词 A word counted under a term in hot topics (电瓶车 → 电动车).")
class HotWordSynonym:
    word: str = strawberry.field(description="词 The word as residents write it, e.g. 电瓶车.")
    term: str = strawberry.field(description="归并词 The term it counts under, e.g. 电动车.")


@strawberry.type(
    description="热词词表 The hot-word vocabulary: applied to every hot-topic roll-up when it is "
    "read, past days included, so an edit shows at once."
)
class HotWordVocabulary:
    synonyms: list[HotWordSynonym] = strawberry.field(
        description="同义词 Words counted under another term."
    )
    stop_words: list[str] = strawberry.field(
        description="停用词 Generic words never shown as hot words (服务, 孩子, 休息 …)."
    )

    @classmethod
    def of(cls, found: Vocabulary) -> HotWordVocabulary:
        return cls(
            synonyms=[HotWordSynonym(word=w, term=t) for w, t in found.synonyms.items()],
            stop_words=found.stops,
        )


@strawberry.type(description="热词词表 The vocabulary after the change.")
class HotWordVocabularyPayload:
    vocabulary: HotWordVocabulary = strawberry.field(description="词表 The whole vocabulary now.")


@strawberry.input(description="同义词 Count a word under a term in hot topics.")
class SetHotWordSynonymInput:
    word: str = strawberry.field(description="词 The word, e.g. 电瓶车 (2-32 characters).")
    term: str = strawberry.field(
        description="归并词 The term to count it under, e.g. 电动车 (not itself a synonym)."
    )


@strawberry.input(description="词 One word of the vocabulary.")
class HotWordInput:
    word: str = strawberry.field(description="词 The word (2-32 characters, one term).")


@strawberry.type
class HotWordVocabularyQueries:
    @strawberry.field(description="热词词表 The synonyms and stop words hot topics apply.")
    async def petition_hot_word_vocabulary(self, info: Info) -> HotWordVocabulary:
        return HotWordVocabulary.of(await resolvers.read_vocabulary(info.context))


@strawberry.type
class HotWordVocabularyMutations:
    @strawberry.mutation(description="设置同义词 Count a word under a term (administrators).")
    async def set_hot_word_synonym(
        self, info: Info, input: Annotated[SetHotWordSynonymInput, INPUT]
    ) -> HotWordVocabularyPayload:
        found = await resolvers.set_synonym(info.context, input.word, input.term)
        return HotWordVocabularyPayload(vocabulary=HotWordVocabulary.of(found))

    @strawberry.mutation(description="删除同义词 Count a word as itself again (administrators).")
    async def remove_hot_word_synonym(
        self, info: Info, input: Annotated[HotWordInput, INPUT]
    ) -> HotWordVocabularyPayload:
        found = await resolvers.remove_synonym(info.context, input.word)
        return HotWordVocabularyPayload(vocabulary=HotWordVocabulary.of(found))

    @strawberry.mutation(description="添加停用词 Never show a word as a hot word (administrators).")
    async def add_hot_word_stop_word(
        self, info: Info, input: Annotated[HotWordInput, INPUT]
    ) -> HotWordVocabularyPayload:
        found = await resolvers.add_stop_word(info.context, input.word)
        return HotWordVocabularyPayload(vocabulary=HotWordVocabulary.of(found))

    @strawberry.mutation(description="删除停用词 Show a stop word again (administrators).")
    async def remove_hot_word_stop_word(
        self, info: Info, input: Annotated[HotWordInput, INPUT]
    ) -> HotWordVocabularyPayload:
        found = await resolvers.remove_stop_word(info.context, input.word)
        return HotWordVocabularyPayload(vocabulary=HotWordVocabulary.of(found))
