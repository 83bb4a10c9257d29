"""Database outages on demand, on either test leg.

SQLite: the database lives in a folder of its own; the outage renames the folder away, so
the file can no longer be opened, and has the pool treat each pooled connection as dropped
when it is next checked out (SQLAlchemy's checkout event), since an open connection would
otherwise go on reading the renamed file. PostgreSQL: the app reaches the server through a
TCP proxy in the test's event loop; the outage stops it listening and cuts every connection
through it, as a server or a network going away does.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

from db.engine import Database


class TcpProxy:
    """Forwards a local port to `target`, until cut."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        for writer in list(self._writers):
            with contextlib.suppress(OSError, ConnectionError):
                await writer.wait_closed()
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, upstream_writer}
        for source, sink in ((reader, upstream_writer), (upstream_reader, writer)):
            pipe = asyncio.create_task(self._pipe(source, sink))
            self._pipes.add(pipe)
            pipe.add_done_callback(self._pipes.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        except (OSError, ConnectionError):
            pass
        finally:
            sink.close()
            self._writers.discard(sink)


def _dropped(*_args: Any) -> None:
    raise DisconnectionError("the test's outage")


class Outage:
    """Takes the database away from the app, and gives it back."""

    def __init__(self, url: str, folder: Path | None, proxy: TcpProxy | None) -> None:
        self.url = url
        self.folder = folder
        self.proxy = proxy

    @classmethod
    async def around(cls, url: str, tmp_path: Path) -> Outage:
        """An outage-capable stand-in for the database at `url` (a SQLite file, which is
        moved into a folder of its own, or a PostgreSQL server, then reached by proxy)."""
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            folder = tmp_path / "store"
            moved = folder / Path(str(parsed.database)).name
            await asyncio.to_thread(folder.mkdir)
            await asyncio.to_thread(Path(str(parsed.database)).rename, moved)
            return cls(f"sqlite:///{moved}", folder, None)
        proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
        await proxy.start()
        proxied = parsed.set(host="127.0.0.1", port=proxy.port)
        return cls(proxied.render_as_string(hide_password=False), None, proxy)

    async def begin(self, database: Database) -> None:
        if self.proxy is not None:
            await self.proxy.cut()
            return
        assert self.folder is not None
        await asyncio.to_thread(self.folder.rename, self.folder.with_name("gone"))
        self.pool = database.engine.sync_engine.pool
        event.listen(self.pool, "checkout", _dropped)

    async def end(self) -> None:
        if self.proxy is not None:
            await self.proxy.start()
            return
        assert self.folder is not None
        await asyncio.to_thread(self.folder.with_name("gone").rename, self.folder)
        event.remove(self.pool, "checkout", _dropped)

    async def close(self) -> None:
        if self.proxy is not None:
            await self.proxy.cut()
