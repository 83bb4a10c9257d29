"""One line per phase of a benchmark, so a run of minutes never leaves a silent terminal.

On stderr, with the time of day: stdout keeps the figures (the JSON report), and a reader can
tell how long each phase took from the stamps.
"""

from __future__ import annotations

import sys
from datetime import datetime


def say(message: str) -> None:
    print(f"{datetime.now():%H:%M:%S} {message}", file=sys.stderr, flush=True)
