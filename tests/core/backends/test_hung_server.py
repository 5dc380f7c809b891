"""A server that accepts connections and never answers (a stopped process, a black-holing
proxy): REST and Realtime find it dead once and fail the queued work at once, with errors that
say so, instead of timing out request by request."""

from __future__ import annotations

import asyncio

from core.backends.realtime import RealtimeBackend
from core.backends.rest import RestBackend
from core.chunking import make_document
from core.models import ChunkResult, Document, RequestRecord
from core.settings import Settings


class SilentServer:
    """Accepts TCP connections, reads what comes, never writes a byte."""

    def __init__(self) -> None:
        self.connections = 0
        self._held: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> SilentServer:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/v1"
        return self

    async def __aexit__(self, *exc: object) -> None:
        for writer in self._held:
            writer.close()
        self.server.close()
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._held.append(writer)
        while await reader.read(65536):
            pass


def draft(n: int) -> Document:
    return make_document("\n\n".join(f"Beans, paragraph {i}." for i in range(n)), "coffee")


async def run(backend, doc: Document) -> tuple[list[ChunkResult], list[RequestRecord]]:
    results: list[ChunkResult] = []
    records: list[RequestRecord] = []
    try:
        async for event in backend.run(doc, doc.chunks):
            (results if isinstance(event, ChunkResult) else records).append(event)
    finally:
        await backend.aclose()
    return results, records


async def test_rest_finds_a_hung_server_dead_once_and_fails_the_queue_at_once():
    doc = draft(300)  # 38 batches: request by request this would be 38 x 5 silent waits
    async with SilentServer() as server:
        settings = Settings(base_url=server.url, model="m", batch_size=8, concurrency=4,
                            no_progress_timeout=1.0, request_timeout=600.0, patience=2.5)
        results, records = await run(RestBackend(settings, "sk-hung-0123456789"), doc)
    assert sorted(r.index for r in results) == list(range(300))
    assert {r.error_kind for r in results} == {"hung"}, {r.error for r in results}
    assert all(r.error and "gave no answer for 2.5 s" in r.error and server.url in r.error
               for r in results)
    assert {r.error_kind for r in records} == {"hung"}, [r.error for r in records]
    # the window holds a few silent waves of 4, not one silent wait per batch (38)
    assert len(records) <= 4 * 4, "only a few waves were sent"
    assert server.connections <= len(records)  # a request given up may not have connected


async def test_realtime_finds_a_hung_server_dead_without_a_connect_cycle_per_worker():
    doc = draft(300)
    async with SilentServer() as server:
        settings = Settings(base_url=server.url, pool_size=2, inflight_per_session=8,
                            connect_timeout=1.0, no_progress_timeout=1.0, patience=2.5)
        results, _ = await run(RealtimeBackend(settings, "sk-hung-0123456789"), doc)
    assert sorted(r.index for r in results) == list(range(300))
    assert {r.error_kind for r in results} == {"hung"}, {r.error for r in results}
    assert all("gave no answer for 2.5 s" in (r.error or "") for r in results)
    # one connect cycle per slot through the window (2 slots), not one per worker (16)
    assert server.connections <= 2 * 4, "16 workers, not 16 connect cycles"
