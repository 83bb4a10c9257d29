"""Every setting is documented in the README's settings table, by the name an operator sets."""

from __future__ import annotations

import re
from pathlib import Path

from server import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_has_a_row_in_the_readme() -> None:
    rows = [line for line in README.read_text(encoding="utf-8").splitlines() if line[:1] == "|"]
    documented = {name for row in rows for name in re.findall(r"`(ZHDJ_[A-Z0-9_]+)`", row)}
    expected = {f"ZHDJ_{name.upper()}" for name in Settings.model_fields}
    assert sorted(expected - documented) == []
