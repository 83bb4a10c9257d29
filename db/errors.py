"""Internal exceptions: failures of the system itself, never shown to clients as they are."""


class ZhdjError(Exception):
    """Base of every internal zhdj exception."""


class ConfigurationError(ZhdjError):
    """A setting or the environment makes it impossible to start; the message says the fix."""


class ConstraintViolation(ZhdjError):
    """The database refused a write: a uniqueness or foreign-key constraint held against it
    (often a concurrent writer that got there first). Raised by `Database.transaction()`."""
