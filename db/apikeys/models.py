"""API keys: a partner's or a service's credential with a scope, permissions and an expiry.

A key is found by its public id (the middle of `zhdj_<public id>_<secret>`); only the SHA-256
of its secret is kept, so the secret is shown once and never again. A rotation keeps the
previous secret's hash until `previous_until`, so two secrets live at once for a while. The
scope is an organisation (its path is joined at lookup, so a key follows a moved subtree).
`use_count` and `last_used_at` are written in batches (resolvers/apikeys/usage.py), never on
every request; `version` orders rotations and revocation (conditional updates). A key may be
held to its own trusted documents (`trusted_documents`), whatever the instance's manifest.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, BigId, UtcDateTime, utcnow

PUBLIC_ID_LENGTH = 12
HASH_LENGTH = 64  # SHA-256 in hex


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(PUBLIC_ID_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    # Permission values (resolvers/access.py), comma-separated, sorted.
    permissions: Mapped[str] = mapped_column(String(1000))
    # Event entity types (db/events/types.py) the key may receive, comma-separated; "" = every
    # type its permissions allow.
    event_types: Mapped[str] = mapped_column(String(1000), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    secret_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    previous_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH))
    previous_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    use_count: Mapped[int] = mapped_column(BigInteger, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The SHA-256 hashes (hex, comma-separated) of the only documents the key may run; None:
    # any the instance allows (transport/trusted_documents.py).
    trusted_documents: Mapped[str | None] = mapped_column(Text)
