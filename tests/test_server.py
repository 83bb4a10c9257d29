"""Settings and the command line: secrets, start-up checks, the demo."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import server
from db.errors import ConfigurationError
from server import Settings, main
from tests.serving import serving


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


def test_websocket_keep_alive_pings_follow_the_setting(settings: Settings) -> None:
    # Given a ping interval set to two minutes
    settings.ws_ping_seconds = 120
    # When uvicorn's options are worked out
    options = server.uvicorn_options(settings)
    # Then uvicorn pings each websocket at that interval, not its default 20 s
    assert options["ws_ping_interval"] == 120


def test_access_lines_are_asked_for_only_at_levels_that_show_them(settings: Settings) -> None:
    # Given the log levels, when uvicorn's options are worked out, then uvicorn formats an
    # access line per request only where the level shows it (uvicorn writes them at info)
    asked = {}
    for level in ("debug", "INFO", "warning", "error"):
        settings.log_level = level
        asked[level] = server.uvicorn_options(settings)["access_log"]
    assert asked == {"debug": True, "INFO": True, "warning": False, "error": False}


async def test_answers_do_not_name_the_server(live_server: str) -> None:
    # When the served app answers, then its head says nothing of the server behind it
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"http://{live_server}/healthz")
    assert answer.status_code == 200
    assert "server" not in answer.headers
    assert "date" in answer.headers


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


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Put the garbage collector back as it was (serving settles it for the process)."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("collector_restored")
def test_serving_settles_the_heap_before_the_first_request(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    # Given a server about to start (its own checks replaced), the collector at its defaults
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    seen: dict[str, object] = {}

    async def migrated(_settings: Settings) -> None:
        return None

    def run(_app: object, **_options: object) -> None:
        seen.update(frozen=gc.get_freeze_count(), thresholds=gc.get_threshold())

    monkeypatch.setattr(server, "check_schema", migrated)
    monkeypatch.setattr(uvicorn, "run", run)
    # When it serves
    server.serve(settings)
    # Then by the time uvicorn runs, start-up's objects are frozen out of the collector's
    # passes and the young generation is collected every 20,000 objects, not every 700
    assert isinstance(seen["frozen"], int)
    assert seen["frozen"] > 100_000
    assert seen["thresholds"] == (server.YOUNG_GENERATION_THRESHOLD, 10, 10)
    assert server.YOUNG_GENERATION_THRESHOLD == 20_000


@pytest.mark.usefixtures("collector_restored")
async def test_an_app_settles_the_heap_once_started_and_puts_it_back_when_stopped(
    settings: Settings,
) -> None:
    # Given an app, the collector at its defaults
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    app = server.create_app(settings)
    # When it has started (jieba's dictionary loaded) and then stopped
    async with app.router.lifespan_context(app):
        for _ in range(600):
            if gc.get_freeze_count():
                break
            await asyncio.sleep(0.05)
        running = (gc.get_freeze_count(), gc.get_threshold())
    # Then it ran settled, and leaves the collector as it found it
    assert running[0] > 0
    assert running[1] == (server.YOUNG_GENERATION_THRESHOLD, 10, 10)
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, (700, 10, 10))


async def test_an_exception_that_escapes_the_app_is_answered_500(settings: Settings) -> None:
    # Given an app with a route that fails
    app = server.create_app(settings)

    async def failing(_request: Request) -> Response:
        raise RuntimeError("boom")

    app.router.routes.insert(0, Route("/failing", failing))
    # When it is asked for over HTTP
    async with serving(app, settings) as address, httpx.AsyncClient() as client:
        answer = await client.get(f"http://{address}/failing")
        healthy = await client.get(f"http://{address}/healthz")
    # Then the server answers a plain 500, and goes on serving
    assert answer.status_code == 500
    assert answer.text == "Internal Server Error"
    assert healthy.status_code == 200
