"""Headless Chromium driven over the Chrome DevTools Protocol, for the big-screen test.

Uses the machine's Debian `chromium` (never a downloaded browser) and the `websockets` client
zhdj already depends on: no Node.js, no puppeteer.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

DEVTOOLS = re.compile(rb"DevTools listening on (ws://\S+)")


@dataclass(frozen=True)
class PageMemory:
    """What the page holds after a full garbage collection (renderer-wide DOM counters)."""

    heap_used: int  # bytes of live JavaScript heap
    nodes: int
    listeners: int  # JavaScript event listeners
    documents: int


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium with one page, driven over CDP."""

    def __init__(self, process: asyncio.subprocess.Process, profile: str) -> None:
        self.process = process
        self.profile = profile
        self.page: ClientConnection | None = None
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._drainer: asyncio.Task[None] | None = None
        self.console: list[str] = []
        self.requests: list[str] = []

    @classmethod
    async def launch(
        cls, binary: str, width: int = 1920, height: int = 1080, *, offline: bool = False
    ) -> Browser:
        """`offline`: no host but this machine's loopback resolves (an intranet with no way
        out); every request the page makes is then recorded in `requests`."""
        profile = tempfile.mkdtemp(prefix="zhdj-chromium-")
        closed = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"] if offline else []
        process = await asyncio.create_subprocess_exec(
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "--mute-audio",
            f"--window-size={width},{height}",
            f"--user-data-dir={profile}",
            *closed,
            "--remote-debugging-port=0",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "TZ": "Asia/Shanghai"},
        )
        browser = cls(process, profile)
        try:
            assert process.stderr is not None
            async with asyncio.timeout(30):
                while True:
                    line = await process.stderr.readline()
                    if not line:
                        raise RuntimeError("chromium exited before DevTools was ready")
                    found = DEVTOOLS.search(line)
                    if found:
                        break
            endpoint = found.group(1).decode()
            port = endpoint.split("//", 1)[1].split("/", 1)[0]
            browser._drainer = asyncio.create_task(browser._drain(process.stderr))
            async with httpx.AsyncClient() as http:
                targets = (await http.get(f"http://{port}/json/list")).json()
            page = next(target for target in targets if target["type"] == "page")
            browser.page = await connect(page["webSocketDebuggerUrl"], max_size=64 * 2**20)
            browser._reader = asyncio.create_task(browser._read())
            await browser.call("Runtime.enable")
            await browser.call("Page.enable")
            if offline:
                await browser.call("Network.enable")
            await browser.call(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
        except BaseException:
            await browser.close()
            raise
        return browser

    async def _drain(self, stream: asyncio.StreamReader) -> None:
        while await stream.readline():
            pass

    async def _read(self) -> None:
        assert self.page is not None
        async for raw in self.page:
            message = json.loads(raw)
            if "id" in message:
                future = self._pending.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message)
            elif message.get("method") == "Runtime.consoleAPICalled":
                arguments = message["params"].get("args", [])
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in arguments)
                self.console = [*self.console[-99:], text]
            elif message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif message.get("method") == "Runtime.exceptionThrown":
                details = message["params"]["exceptionDetails"]
                text = details.get("exception", {}).get("description") or details.get("text")
                self.console = [*self.console[-99:], f"exception: {text}"]

    async def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        assert self.page is not None
        identifier = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[identifier] = future
        await self.page.send(
            json.dumps({"id": identifier, "method": method, "params": params or {}})
        )
        async with asyncio.timeout(30):
            message = await future
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        result: dict[str, Any] = message["result"]
        return result

    async def goto(self, url: str) -> None:
        await self.call("Page.navigate", {"url": url})

    async def evaluate(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def text(self, testid: str) -> str | None:
        value = await self.evaluate(
            f"document.querySelector('[data-testid=\"{testid}\"]')?.textContent ?? null"
        )
        return value if value is None else str(value)

    async def wait_for(self, expression: str, timeout: float = 10, every: float = 0.05) -> Any:
        """The first truthy value of `expression`, polled; TimeoutError after `timeout` s."""
        async with asyncio.timeout(timeout):
            while True:
                with contextlib.suppress(RuntimeError):
                    value = await self.evaluate(expression)
                    if value:
                        return value
                await asyncio.sleep(every)

    async def memory(self) -> PageMemory:
        """Force garbage collection, then read the JS heap and the DOM counters."""
        await self.call("HeapProfiler.collectGarbage")
        heap = await self.call("Runtime.getHeapUsage")
        counters = await self.call("Memory.getDOMCounters")
        return PageMemory(
            heap_used=int(heap["usedSize"]),
            nodes=int(counters["nodes"]),
            listeners=int(counters["jsEventListeners"]),
            documents=int(counters["documents"]),
        )

    async def screenshot(self, path: Path) -> None:
        shot = await self.call("Page.captureScreenshot", {"format": "png"})
        image = base64.b64decode(shot["data"])

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(image)

        await asyncio.to_thread(write)

    async def close(self) -> None:
        if self.page is not None:
            await self.page.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()
        if self._drainer is not None:
            with contextlib.suppress(Exception):
                await self._drainer
        shutil.rmtree(self.profile, ignore_errors=True)
