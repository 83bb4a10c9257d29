"""What an API key looks like: `zhdj_<public id>_<secret>`.

The prefix makes a leaked key recognisable (secret scanners match `zhdj_[0-9a-f]{12}_[0-9a-f]{64}`),
the public id finds the row, and the secret (256 random bits) is kept only as its SHA-256: a
hash that cannot be reversed because the secret is random, not a password, so a slow
password hash would only cost every request time. Compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "zhdj_"
_PUBLIC_BYTES = 6  # 12 hex characters: db/apikeys/models.py PUBLIC_ID_LENGTH
_SECRET_BYTES = 32
_SHAPE = re.compile(r"zhdj_([0-9a-f]{12})_([0-9a-f]{64})")


@dataclass(frozen=True, slots=True)
class PresentedKey:
    public_id: str
    secret: str


def looks_like_key(credential: str) -> bool:
    """Whether a bearer credential is meant as an API key (rather than a token)."""
    return credential.startswith(PREFIX)


def new_public_id() -> str:
    return secrets.token_hex(_PUBLIC_BYTES)


def new_secret() -> str:
    return secrets.token_hex(_SECRET_BYTES)


def full_key(public_id: str, secret: str) -> str:
    return f"{PREFIX}{public_id}_{secret}"


def parse_key(credential: str) -> PresentedKey | None:
    found = _SHAPE.fullmatch(credential)
    return None if found is None else PresentedKey(found[1], found[2])


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    return stored_hash is not None and hmac.compare_digest(hash_secret(secret), stored_hash)
