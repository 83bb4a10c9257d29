"""Bearer tokens (JWT) for people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from db.errors import ZhdjError
from resolvers.validation import parse_key

TOKEN_ALGORITHM = "HS256"


TOKEN_AUDIENCE = "zhdj"


class InvalidToken(ZhdjError):
    """The bearer token is malformed, forged or expired."""


class ExpiredToken(InvalidToken):
    """The bearer token was issued by zhdj but its lifetime is over."""


@dataclass(frozen=True, slots=True)
class TokenService:
    secret: str
    lifetime: timedelta

    def issue(self, account_id: int, *, now: datetime | None = None) -> tuple[str, datetime]:
        issued = now or datetime.now(UTC)
        expires = issued + self.lifetime
        claims = {"sub": str(account_id), "iat": issued, "exp": expires, "aud": TOKEN_AUDIENCE}
        return jwt.encode(claims, self.secret, algorithm=TOKEN_ALGORITHM), expires

    def verify(self, token: str) -> tuple[int, datetime]:
        """The account the token was issued to, and when the token expires."""
        try:
            claims = jwt.decode(
                token, self.secret, algorithms=[TOKEN_ALGORITHM], audience=TOKEN_AUDIENCE
            )
            subject, expiry = claims["sub"], claims["exp"]
            if not isinstance(subject, str):
                raise TypeError(subject)
            return parse_key(subject), datetime.fromtimestamp(expiry, UTC)
        except jwt.ExpiredSignatureError as error:
            raise ExpiredToken(str(error)) from error
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from error
        except (KeyError, ValueError, TypeError, OverflowError, OSError) as error:
            # A signed token with absurd claims (no `sub`, a huge one, `exp` = 1e20) is as
            # invalid as a forged one.
            raise InvalidToken("its claims are not ones zhdj issues") from error
