"""A lock across processes on a directory of the repository that tests write into.

`make test` runs its two legs side by side: without it each would `npm ci` into the same
node_modules, or regenerate tests/codegen/generated/ under the other's compiler.
"""

from __future__ import annotations

import fcntl
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def directory_lock(directory: Path) -> Iterator[None]:
    """Hold `directory` for this process alone; another waits until it is released."""
    name = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    # The lock file lives outside the repository, so it never shows up in `git status`.
    with (Path(tempfile.gettempdir()) / f"zhdj-tests-{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
