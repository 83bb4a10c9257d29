"""Device keys: proof that a client signed in as an account before (OWASP's device cookies).

A successful sign-in hands the client a key signed for that username; a later sign-in that
presents it is throttled on that key's own failures only, never on the failures of others
guessing the same name, from the same address or from anywhere. Browsers keep it as an
HttpOnly cookie by themselves; apps keep `LoginPayload.deviceKey` and send it back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

DEVICE_COOKIE = "zhdj_device"
MAX_KEY_LENGTH = 128


@dataclass(frozen=True, slots=True)
class DeviceKeys:
    secret: str = field(default_factory=lambda: secrets.token_hex(32))

    def issue(self, username: str) -> str:
        nonce = secrets.token_urlsafe(12)
        return f"{nonce}.{self._sign(username, nonce)}"

    def verify(self, key: str | None, username: str) -> str | None:
        """The device's nonce if `key` was issued for `username`; else None."""
        if not key or len(key) > MAX_KEY_LENGTH or not key.isascii():
            return None
        nonce, _, signature = key.partition(".")
        if not nonce or not hmac.compare_digest(signature, self._sign(username, nonce)):
            return None
        return nonce

    def _sign(self, username: str, nonce: str) -> str:
        key = hashlib.sha256(f"zhdj device keys\x1f{self.secret}".encode()).digest()
        message = f"{username.casefold()}\x1f{nonce}".encode()
        digest = hmac.new(key, message, hashlib.sha256).digest()[:18]
        return base64.urlsafe_b64encode(digest).decode()
