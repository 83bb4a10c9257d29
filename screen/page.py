"""The command-centre big screen 指挥大屏: `/screen` and its assets, served from screen/assets/."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

SCREEN_DIRECTORY = Path(__file__).resolve().parent / "assets"

# Only the page's own origin for scripts, styles, images and connections (HTTP and websocket).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'self'; form-action 'self'"
)


async def screen_page(request: Request) -> Response:
    """The page itself; its scripts and styles come from /screen/assets."""
    html = (SCREEN_DIRECTORY / "index.html").read_text(encoding="utf-8")
    host = request.headers.get("host", "")
    policy = CONTENT_SECURITY_POLICY
    if host:
        # `ws:` alone would allow any host; name this one when the browser told us which.
        policy = policy.replace(
            "connect-src 'self' ws: wss:", f"connect-src 'self' ws://{host} wss://{host}"
        )
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": policy,
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
        },
    )


def screen_routes() -> list[BaseRoute]:
    """`/screen` (the page) and `/screen/assets/*` (screen.js, screen.css)."""
    return [
        Route("/screen", screen_page, methods=["GET"]),
        Mount("/screen/assets", StaticFiles(directory=SCREEN_DIRECTORY), name="screen-assets"),
    ]
