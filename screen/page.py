"""The command-centre big screen 指挥大屏: `/screen` and its assets, served from screen/assets/."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

SCREEN_DIRECTORY = Path(__file__).resolve().parent / "assets"


def content_security_policy(connect_origins: Sequence[str] = ()) -> str:
    """Only the page's own origin for scripts, styles, images and connections: `'self'` covers
    its websocket too (ws: and wss: to the same host). Other origins the page may connect to
    come from configuration, never from the request: a Host header is the client's to choose."""
    connect = " ".join(("'self'", *connect_origins))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src {connect}; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'self'; form-action 'self'"
    )


def screen_routes(connect_origins: Sequence[str] = ()) -> list[BaseRoute]:
    """`/screen` (the page) and `/screen/assets/*` (screen.js, screen.css)."""
    headers = {
        "Content-Security-Policy": content_security_policy(connect_origins),
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
    }

    async def screen_page(_request: Request) -> Response:
        """The page itself; its scripts and styles come from /screen/assets."""
        html = (SCREEN_DIRECTORY / "index.html").read_text(encoding="utf-8")
        return HTMLResponse(html, headers=headers)

    return [
        Route("/screen", screen_page, methods=["GET"]),
        Mount("/screen/assets", StaticFiles(directory=SCREEN_DIRECTORY), name="screen-assets"),
    ]
