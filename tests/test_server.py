"""Settings and the command line: secrets, start-up checks, the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
import uvicorn

import server
from db.errors import ConfigurationError
from server import Settings, main


def test_the_embedded_default_keeps_its_token_secret_beside_the_database(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/zhdj.db", _env_file=None)
    first = settings.secret()
    assert first == settings.secret()
    assert (tmp_path / "token-secret").stat().st_mode & 0o777 == 0o600


def test_a_shared_database_needs_an_explicit_secret() -> None:
    settings = Settings(database_url="postgresql://db.example/zhdj", _env_file=None)
    with pytest.raises(ConfigurationError, match="ZHDJ_TOKEN_SECRET"):
        settings.secret()


def test_serving_an_unmigrated_database_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZHDJ_DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    assert main(["serve"]) == 2
    assert "make migrate" in capsys.readouterr().err


def test_seeding_twice_reuses_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZHDJ_DATABASE_URL", f"sqlite:///{tmp_path}/demo.db")
    monkeypatch.setenv("ZHDJ_DEMO_MEMBERS", "300")
    assert main(["migrate"]) == 0
    assert main(["seed"]) == 0
    assert "(seeded)" in capsys.readouterr().out
    assert main(["seed"]) == 0
    assert "nothing written" in capsys.readouterr().out


def test_a_short_token_secret_is_refused() -> None:
    settings = Settings(token_secret="short", _env_file=None)
    with pytest.raises(ConfigurationError, match="at least 32"):
        settings.secret()


def test_uvicorn_does_not_believe_forwarded_headers_itself(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    # Given a server about to start (its own checks replaced)
    started: dict[str, object] = {}

    async def migrated(_settings: Settings) -> None:
        return None

    monkeypatch.setattr(server, "check_schema", migrated)
    monkeypatch.setattr(uvicorn, "run", lambda _app, **options: started.update(options))
    # When it serves
    server.serve(settings)
    # Then only ZHDJ_TRUSTED_PROXIES decide who the client is: uvicorn would otherwise take
    # any X-Forwarded-For sent from 127.0.0.1 as the client's address
    assert started["proxy_headers"] is False


def test_a_rate_limit_store_of_an_unknown_kind_stops_start_up(settings: Settings) -> None:
    settings.rate_limit_url = "memcached://127.0.0.1:11211"
    with pytest.raises(ConfigurationError, match="ZHDJ_RATE_LIMIT_URL"):
        server.create_app(settings)


def test_anonymous_limits_are_settings_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHDJ_ANONYMOUS_MAX_ALIASES", "3")
    monkeypatch.setenv("ZHDJ_MAX_ALIASES", "40")
    limits = Settings(_env_file=None).limits()
    assert (limits.anonymous.aliases, limits.signed_in.aliases) == (3, 40)


def test_a_screen_origin_must_be_an_origin() -> None:
    # each goes into the screen's Content-Security-Policy as written
    with pytest.raises(ValueError, match="is not an origin"):
        Settings(screen_origins=["wss://a.example; script-src *"], _env_file=None)
