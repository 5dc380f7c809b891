"""A scripted TCP proxy in front of a server, for faults a real deployment has: a pause (as
SIGSTOP: connections are accepted, nothing moves until resumed), a kill (every connection
reset, then connection refused) and a restart on the same port. Works for HTTP and the
Realtime WebSocket alike, over real sockets, on loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib

from core.emulator.config import check_loopback


class FaultProxy:
    """Forward 127.0.0.1:`port` to `upstream`; `pause`, `resume`, `kill`, `restart` on cue."""

    def __init__(self, upstream_host: str, upstream_port: int, host: str = "127.0.0.1") -> None:
        check_loopback(host)
        self.upstream = (upstream_host, upstream_port)
        self.host, self.port = host, 0
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._running = asyncio.Event()
        self._running.set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task] = set()

    def url(self, path: str = "/v1") -> str:
        return f"http://{self.host}:{self.port}{path}"

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._accept, self.host, self.port,
                                                  reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.url()

    def pause(self) -> None:
        """Stop moving bytes (new connections are still accepted, as the kernel does)."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    async def kill(self) -> None:
        """Stop listening and reset every open connection."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            transport = writer.transport
            with contextlib.suppress(Exception):
                transport.abort()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def restart(self) -> None:
        """Listen again on the same port."""
        self._running.set()
        await self.start()

    async def __aenter__(self) -> FaultProxy:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.resume()
        await self.kill()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        up_writer: asyncio.StreamWriter | None = None
        try:
            await self._running.wait()
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            self._writers.add(up_writer)
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            for w in (writer, up_writer):
                if w is not None:
                    self._writers.discard(w)
                    with contextlib.suppress(Exception):
                        w.transport.abort()
            self._tasks.discard(task)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            await self._running.wait()
            data = await reader.read(65536)
            if not data:
                with contextlib.suppress(OSError):
                    writer.write_eof()
                return
            await self._running.wait()  # paused mid-read: hold what came until resumed
            writer.write(data)
            await writer.drain()


class RawServer:
    """A bare TCP server on loopback for scripted answers (tests): subclasses write `_handle`."""

    async def __aenter__(self) -> RawServer:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError
