"""hot words said twice: 停车 and 停车难 counted under 停车位

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07

The demo's top hot words showed 停车, 停车位 and 停车难 side by side: one problem, parking, which
a person summarising the week calls 停车位 (tests/data/hot_words_sample.json). The default
vocabulary gains the synonyms that fold them. Only what an administrator has not decided
otherwise is added: no entry for a word the vocabulary already has, none that would make a
term a synonym or point at a synonym. Kept word counts are untouched (the vocabulary
applies when they are read).
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As db/petitions/vocabulary.py gained them.
_SYNONYMS = {"停车": "停车位", "停车难": "停车位"}

_synonyms = sa.table(
    "hot_word_synonyms",
    sa.column("word", sa.String()),
    sa.column("canonical", sa.String()),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    rows = op.get_bind().execute(sa.select(_synonyms.c.word, _synonyms.c.canonical)).all()
    words = {word for word, _ in rows}
    terms = {term for _, term in rows}
    now = datetime.now(UTC)
    added = [
        {"word": word, "canonical": term, "updated_at": now}
        for word, term in _SYNONYMS.items()
        if word not in words and word not in terms and term not in words
    ]
    if added:
        op.bulk_insert(_synonyms, added)


def downgrade() -> None:
    for word, term in _SYNONYMS.items():
        op.execute(
            _synonyms.delete().where(_synonyms.c.word == word, _synonyms.c.canonical == term)
        )
