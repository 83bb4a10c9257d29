"""`make schema` (transport/export_schema.py) writes the SDL unless it breaks the published one."""

from __future__ import annotations

from pathlib import Path

import pytest

from transport import export_schema
from transport.schema import build_schema

GONE_FIELD = "Field Query.gone was removed."


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A published schema.graphql that had one more query field than the served schema."""
    sdl = tmp_path / "schema.graphql"
    served = build_schema().as_str()
    sdl.write_text(served.replace("type Query {\n", "type Query {\n  gone: Int\n", 1))
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("## [9.0.0]\n")
    monkeypatch.setattr(export_schema, "SDL", sdl)
    monkeypatch.setattr(export_schema, "CHANGELOG", changelog)
    return sdl


def test_a_breaking_export_writes_nothing_and_names_the_change(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    before = published.read_text()

    # when
    status = export_schema.main()

    # then
    assert status == 1
    assert published.read_text() == before
    assert GONE_FIELD in capsys.readouterr().err


def test_a_breaking_change_marked_in_the_changelog_is_written(published: Path) -> None:
    # given
    changelog = published.parent / "CHANGELOG.md"
    changelog.write_text(f"## [9.0.0]\n### Breaking\n- `{GONE_FIELD}` Its date passed.\n")

    # when
    status = export_schema.main()

    # then
    assert status == 0
    assert published.read_text() == build_schema().as_str() + "\n"
