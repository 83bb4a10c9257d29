"""GraphiQL served by zhdj itself, so the IDE works on an intranet with no way out.

The page is Strawberry's own (GraphiQL with the explorer plugin) with each CDN address
replaced by the same file from `transport/graphiql-assets/node_modules`, which `make install`
fills with npm from the committed lock file. The page keeps its `integrity` attributes, so the
browser itself proves every file is byte for byte the one Strawberry's page names. Where the
assets are not installed (no npm on the machine), the page stays Strawberry's, from the CDN,
and start-up says so."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route
from strawberry.http.ides import get_graphql_ide_html

logger = logging.getLogger("zhdj.graphiql")

NODE_MODULES = Path(__file__).resolve().parent / "graphiql-assets" / "node_modules"
ASSETS_PATH = "/graphiql/assets"
# A CDN address: https://unpkg.com/<package, maybe @scoped>@<version>/<file>
CDN_ADDRESS = re.compile(r"https://unpkg\.com/((?:@[\w.-]+/)?[\w.-]+)@([\w.-]+)/([\w./-]+)")
# Versioned addresses never change: a browser may keep them for a year.
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


@dataclass(frozen=True, slots=True)
class GraphiQLPage:
    """The IDE's HTML and the files it loads from this server (address under ASSETS_PATH →
    file); `missing` names the CDN addresses no installed file answers (then the page is the
    CDN one, whole)."""

    html: str
    files: Mapping[str, Path] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def self_hosted(self) -> bool:
        return bool(self.files) and not self.missing


def self_hosted_page(cdn_page: str, modules: Path = NODE_MODULES) -> GraphiQLPage:
    """`cdn_page` with its CDN addresses served from `modules`, if every one can be."""
    files: dict[str, Path] = {}
    missing: list[str] = []

    def local(address: re.Match[str]) -> str:
        package, version, path = address.groups()
        file = modules / package / path
        if not file.is_file() or _installed_version(modules / package) != version:
            missing.append(address.group(0))
            return address.group(0)
        files[f"{package}@{version}/{path}"] = file
        return f"{ASSETS_PATH}/{package}@{version}/{path}"

    html = CDN_ADDRESS.sub(local, cdn_page)
    if missing:
        return GraphiQLPage(cdn_page, missing=tuple(missing))
    return GraphiQLPage(html, files)


def graphiql_page() -> GraphiQLPage:
    """Strawberry's GraphiQL page, self-hosted when the assets are installed."""
    page = self_hosted_page(get_graphql_ide_html(graphql_ide="graphiql"))
    if not page.self_hosted:
        logger.warning(
            "GraphiQL loads its assets from unpkg.com: %s not installed here (run `make "
            "install` with npm available to serve them from this server)",
            ", ".join(page.missing),
        )
    return page


def graphiql_asset_route(page: GraphiQLPage) -> Route:
    """`/graphiql/assets/<package>@<version>/<file>`: only the files the page names."""

    async def asset(request: Request) -> Response:
        file = page.files.get(request.path_params["asset"])
        if file is None:
            return PlainTextResponse("Not Found", status_code=404)
        return FileResponse(file, headers=IMMUTABLE)

    return Route(f"{ASSETS_PATH}/{{asset:path}}", asset, methods=["GET", "HEAD"])


def _installed_version(package: Path) -> str | None:
    try:
        manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    return version if isinstance(version, str) else None
