"""Internal exceptions: failures of the system itself, never shown to clients as they are."""

from __future__ import annotations

import asyncpg.exceptions
import sqlalchemy.exc


class ZhdjError(Exception):
    """Base of every internal zhdj exception."""


class ConfigurationError(ZhdjError):
    """A setting or the environment makes it impossible to start; the message says the fix."""


class ConstraintViolation(ZhdjError):
    """The database refused a write: a uniqueness or foreign-key constraint held against it
    (often a concurrent writer that got there first). Raised by `Database.transaction()`."""


def is_unreachable(error: BaseException) -> bool:
    """True when `error`, or an error it wraps, says the database cannot be reached or used
    right now (refused or dropped connections, a file that cannot be opened, a server
    shutting down or full, a pool with no connection to spare): not a bug to mask, an outage
    to name, and the same request may work in a few seconds."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, _UNREACHABLE) or (
            isinstance(current, sqlalchemy.exc.DBAPIError) and current.connection_invalidated
        ):
            return True
        orig = getattr(current, "orig", None)
        pending += [current.__cause__, orig if isinstance(orig, BaseException) else None]
    return False


_UNREACHABLE = (
    OSError,  # refused, reset, timed out, no route, unknown host
    sqlalchemy.exc.OperationalError,  # cannot open the file, database locked, server gone
    sqlalchemy.exc.InterfaceError,  # the connection was closed under us
    sqlalchemy.exc.TimeoutError,  # no pooled connection freed in time
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up
    asyncpg.exceptions.TooManyConnectionsError,
)
